import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { goJsonIndent, signTrace, verifyTraceRecord } from '@gait/core-gate';
import { encodePrivateKey, generateKeyPair } from '@gait/core-sign';
import { scratch } from '../../test/support.js';
import { CallGate } from './call-gate.js';

// Which sealing module the gate finds: set per test (undefined = none on disk, as in a bundle).
const sealing = vi.hoisted(() => ({ module: undefined as string | undefined }));
vi.mock('@gait/core-gate', async (importOriginal) => ({ ...(await importOriginal<object>()), traceSealModule: () => sealing.module }));

const gates: CallGate[] = [];
afterEach(async () => {
  await Promise.all(gates.splice(0).map((g) => g.close()));
});

/** A gate with a key the test knows; it traces an allowed and a refused call. */
async function traceTwoCalls(): Promise<{ texts: string[]; keyPair: ReturnType<typeof generateKeyPair> }> {
  const work = scratch();
  const keyPair = generateKeyPair();
  const keyPath = join(work.dir, 'signing.key');
  writeFileSync(keyPath, encodePrivateKey(keyPair.privateKey));
  const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces', traceMode: 'async', keyMode: 'prod', privateKeyPath: keyPath });
  gates.push(gate);
  const checks = await Promise.all([gate.check({ name: 'echo', args: { text: '<é>' } }), gate.check({ name: 'deploy', args: { env: 'prod' } })]);
  await gate.flush();
  return { texts: checks.map((c) => readFileSync(join(work.dir, c.tracePath), 'utf8')), keyPair };
}

describe('where CallGate seals its traces', () => {
  it('hands the unsigned trace to the writer thread when the sealing module is on disk', async () => {
    // A stand-in module: the real sealing of an unsigned trace, then a mark only this transform adds.
    const work = scratch();
    sealing.module = join(work.dir, 'marking-seal.cjs');
    const real = createRequire(import.meta.url).resolve('@gait/core-gate').replace(/index\.c?js$/, 'trace-seal-transform.cjs');
    writeFileSync(sealing.module, `const real = require(${JSON.stringify(real)});\nexports.createTransform = (init) => { const seal = real.createTransform(init); return (json) => { if ('signature' in JSON.parse(json)) throw new Error('given a signed trace'); return seal(json) + '\\n'; }; };\n`);
    const { texts, keyPair } = await traceTwoCalls();
    for (const text of texts) {
      expect(text.endsWith('}\n\n')).toBe(true);
      const { signature: _signature, ...unsigned } = JSON.parse(text) as Record<string, unknown>;
      expect(text).toBe(`${goJsonIndent(signTrace(keyPair, unsigned))}\n`);
    }
  });

  it('seals on the calling thread, with the same bytes, when there is no sealing module', async () => {
    sealing.module = undefined;
    const { texts, keyPair } = await traceTwoCalls();
    for (const text of texts) {
      const trace = JSON.parse(text) as Record<string, unknown>;
      const { signature: _signature, ...unsigned } = trace;
      expect(text).toBe(goJsonIndent(signTrace(keyPair, unsigned)));
      expect(verifyTraceRecord(trace, keyPair.publicKey)).toMatchObject({ ok: true });
    }
  });
});
