import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGait } from './test-fixtures/run-gait.js';
import { readRunpack, verifyRunpack } from '@gait/core-runpack';
import { encodePrivateKey, encodePublicKey } from '@gait/core-sign';
import { describe, expect, it } from 'vitest';
import { GaitApprovalRequiredError, GaitBlockedError, createGate, currentSession } from './index.js';
import { fixedClock, intent, testKeyPair } from './testing/index.js';
import { WRITE_POLICY } from './test-fixtures/policies.js';

const tempDir = (what: string) => mkdtempSync(join(tmpdir(), `gait-sdk-${what}-`));

async function recordedSession(outDir: string, captureMode: 'reference' | 'raw' = 'reference') {
  const key = testKeyPair('session');
  const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: key }, outDir, clock: fixedClock('2026-04-01T09:30:00Z') });
  const session = gate.session('run_sdk_session', { captureMode });
  const read = gate.guard('tool.read', (args: { path: string }) => ({ bytes: args.path.length }), { toIntent: (args) => intent('tool.read', args) });
  const write = gate.guard('tool.write', (_args: { path: string }) => 'written', { toIntent: (args) => intent('tool.write', args) });
  const exec = session.guard('tool.exec', () => 'ran', { toIntent: () => intent('tool.exec', { cmd: 'rm -rf /' }) });
  await session.run(async () => {
    expect(await read({ path: '/tmp/a.txt' })).toEqual({ bytes: 10 });
    await expect(write({ path: '/tmp/b.txt' })).rejects.toBeInstanceOf(GaitApprovalRequiredError);
  });
  await expect(exec({})).rejects.toBeInstanceOf(GaitBlockedError);
  // Outside run() a gate-level guard records nothing.
  await read({ path: 'docs/outside.txt' });
  return { key, gate, session, capture: await session.close() };
}

describe('gate.session', () => {
  it('records every attempt with its outcome and writes a signed runpack that verifies', async () => {
    const { key, session, capture } = await recordedSession(tempDir('session'));
    expect(session.attempts.map((a) => [a.intentId, a.toolName, a.verdict, a.executed, a.status])).toEqual([
      ['intent_0001', 'tool.read', 'allow', true, 'ok'],
      ['intent_0002', 'tool.write', 'require_approval', false, 'require_approval'],
      ['intent_0003', 'tool.exec', 'block', false, 'block'],
    ]);
    expect(capture.path.endsWith('runpack_run_sdk_session.zip')).toBe(true);
    const verified = await verifyRunpack(capture.path, { publicKey: key.publicKey, requireSignature: true });
    expect(verified.signature_status).toBe('verified');
    expect(verified.manifest_digest).toBe(capture.manifestDigest);
    const runpack = await readRunpack(capture.path);
    expect(runpack.results.map((r) => r.status)).toEqual(['ok', 'require_approval', 'block']);
    // Reference capture keeps digests only: the raw args are not in the runpack.
    expect(runpack.intents.every((i) => i.args === undefined && /^[0-9a-f]{64}$/.test(i.args_digest))).toBe(true);
    expect(runpack.refs.receipts.map((r) => r.source_type)).toEqual(['gait.trace', 'gait.trace', 'gait.trace']);
  });

  it('is byte-identical to `gait run record` on the same input and key', async () => {
    const { key, capture } = await recordedSession(tempDir('session-sdk'));
    const dir = tempDir('session-cli');
    writeFileSync(join(dir, 'run_record.json'), JSON.stringify(capture.input));
    writeFileSync(join(dir, 'key.b64'), encodePrivateKey(key.privateKey));
    const cli = await runGait(['run', 'record', '--input', 'run_record.json', '--out-dir', 'out', '--private-key', 'key.b64', '--json'], dir);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).manifest_digest).toBe(capture.manifestDigest);
    expect(readFileSync(join(dir, 'out', 'runpack_run_sdk_session.zip')).equals(readFileSync(capture.path))).toBe(true);
  });

  it('verifies with `gait verify --require-signature`', async () => {
    const { key, capture } = await recordedSession(tempDir('session-verify'));
    const dir = tempDir('session-verify-cli');
    writeFileSync(join(dir, 'key.pub'), encodePublicKey(key.publicKey));
    const cli = await runGait(['verify', capture.path, '--public-key', 'key.pub', '--require-signature', '--json'], dir);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, signature_status: 'verified', manifest_digest: capture.manifestDigest });
  });

  it('records decisions made with session.evaluate and attempts a runtime reports through currentSession()', async () => {
    const gate = createGate({ policy: WRITE_POLICY, outDir: tempDir('session-manual') });
    const session = gate.session('run_manual');
    await session.evaluate(intent('tool.exec', {}));
    await gate.evaluate(intent('tool.exec', {})); // a bare evaluation is not an attempt
    await session.run(async () => {
      const decision = await gate.evaluate(intent('tool.read', { path: '/x' }));
      currentSession()?.recordAttempt(decision, { executed: true, result: 'ok' });
    });
    expect(currentSession()).toBeUndefined();
    expect(session.attempts.map((a) => `${a.toolName}:${a.status}`)).toEqual(['tool.exec:block', 'tool.read:ok']);
  });

  it('keeps raw arguments and tool results only in raw capture mode', async () => {
    const { capture } = await recordedSession(tempDir('session-raw'), 'raw');
    const runpack = await readRunpack(capture.path);
    expect(runpack.intents[0]!.args).toEqual({ path: '/tmp/a.txt' });
    expect(runpack.results[0]!.result).toMatchObject({ executed: true, verdict: 'allow', result: { bytes: 10 } });
  });

  it('refuses a blank run id and recording after close', async () => {
    const gate = createGate({ policy: WRITE_POLICY, outDir: tempDir('session-closed') });
    expect(() => gate.session('  ')).toThrow(/runId/);
    const session = gate.session('run_closed');
    await session.close();
    await expect(session.evaluate(intent('tool.read', {}))).rejects.toThrow(/closed/);
  });
});
