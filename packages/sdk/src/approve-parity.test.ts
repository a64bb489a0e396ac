/**
 * `gait approve` (in-process `runCli`) against the SDK's `mintApproval` with the same key and a
 * pinned clock; `gate eval` parity is in parity.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliVersion } from '@gait/cli';
import { GoTime } from '@gait/core-gate';
import { encodePrivateKey } from '@gait/core-sign';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGate, mintApproval } from './index.js';
import { fixedClock, testKeyPair } from './testing/index.js';
import { OWN_INTENTS, WRITE_POLICY } from './test-fixtures/policies.js';
import { runGait } from './test-fixtures/run-gait.js';

const TIME = '2026-06-01T08:00:00Z';
const key = testKeyPair('cli-parity');

function pinClock(): void {
  vi.spyOn(GoTime, 'now').mockReturnValue(GoTime.fromDate(new Date(TIME)));
  vi.spyOn(process.hrtime, 'bigint').mockReturnValue(1n);
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gait-sdk-cli-parity-'));
  writeFileSync(join(dir, 'policy.yaml'), WRITE_POLICY);
  writeFileSync(join(dir, 'key.b64'), encodePrivateKey(key.privateKey));
  return dir;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SDK approvals equal gait approve', () => {
  it('approve: mintApproval writes the token `gait approve` writes, and the CLI token resumes the SDK decision', async () => {
    const dir = workspace();
    const gate = createGate({ policy: join(dir, 'policy.yaml'), keys: { privateKey: key }, outDir: join(dir, 'sdk'), clock: fixedClock(TIME) });
    const pending = await gate.evaluate(OWN_INTENTS.write as never);
    expect(pending.verdict).toBe('require_approval');
    const sdkToken = mintApproval(key, pending, { approver: 'alice', reasonCode: 'ok', ttlMs: 3_600_000, now: new Date(TIME), producerVersion: cliVersion });
    pinClock();
    const cli = await runGait(
      ['approve', '--intent-digest', pending.intentDigest, '--policy-digest', pending.policyDigest, '--ttl', '1h', '--scope', 'tool:tool.write', '--approver', 'alice', '--reason-code', 'ok', '--key-mode', 'prod', '--private-key', 'key.b64', '--out', 'token.json', '--json'],
      dir,
    );
    vi.restoreAllMocks();
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const cliToken = JSON.parse(readFileSync(join(dir, 'token.json'), 'utf8')) as Record<string, unknown>;
    expect(sdkToken).toEqual(cliToken);
    expect((await gate.evaluate(OWN_INTENTS.write as never, { approvalToken: join(dir, 'token.json') })).verdict).toBe('allow');
  });
});
