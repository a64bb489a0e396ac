import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGate } from './index.js';
import { expectSignedTrace, expectVerdict, fixedClock, intent, testKeyPair } from './testing/index.js';
import { WRITE_POLICY } from './test-fixtures/policies.js';

const outDir = () => mkdtempSync(join(tmpdir(), 'gait-sdk-gate-'));

describe('createGate().evaluate', () => {
  it('allows, blocks, asks for approval and dry-runs by policy', async () => {
    const key = testKeyPair();
    const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: key }, outDir: outDir(), clock: fixedClock() });
    const read = expectVerdict(await gate.evaluate(intent('tool.read', { path: '/tmp/a' })), 'allow', ['matched_rule_allow_read']);
    expect(read.exitCode).toBe(0);
    expect(read.matchedRule).toBe('allow-read');
    expectSignedTrace(read.tracePath!, key.publicKey);
    const other = expectVerdict(await gate.evaluate(intent('tool.exec', {})), 'block');
    expect(other.exitCode).toBe(3);
    const write = expectVerdict(await gate.evaluate(intent('tool.write', { path: '/tmp/a' })), 'require_approval', ['approval_token_missing']);
    expect(write.exitCode).toBe(4);
    expectSignedTrace(write.tracePath!, key.publicKey);
    expectVerdict(await gate.evaluate(intent('tool.deploy', {})), 'dry_run');
  });
});

describe('keys and profiles', () => {
  it('without a key there are no traces unless asked; asked in dev mode, an ephemeral key signs them with a warning', async () => {
    const quiet = await createGate({ policy: WRITE_POLICY, outDir: outDir() }).evaluate(intent('tool.read', {}));
    expect(quiet.tracePath).toBeUndefined();
    expect(quiet.output.trace_path).toBeUndefined();
    const gate = createGate({ policy: WRITE_POLICY, outDir: outDir(), traces: true });
    const decision = await gate.evaluate(intent('tool.read', {}));
    expect(decision.warnings).toEqual(['dev mode: ephemeral keypair generated; signatures will not verify across machines']);
    expectSignedTrace(decision.tracePath!, gate.publicKey!);
    // The approval path runs the CLI pipeline; its trace is re-signed with the same gate key.
    const pending = await gate.evaluate(intent('tool.write', {}));
    expectSignedTrace(pending.tracePath!, gate.publicKey!);
  });

  it('refuses a real key in dev mode, like the CLI', () => {
    expect(() => createGate({ policy: WRITE_POLICY, keys: { privateKey: testKeyPair(), keyMode: 'dev' } })).toThrow(/dev key mode does not accept/);
  });

  it('oss-prod needs a prod key and a policy without default allow, and forbids simulate', async () => {
    const key = testKeyPair();
    expect(() => createGate({ policy: 'default_verdict: allow\nrules: []\n', profile: 'oss-prod', keys: { privateKey: key } })).toThrow(/default_verdict=allow/);
    const gate = createGate({ policy: WRITE_POLICY, profile: 'oss-prod', keys: { privateKey: key }, outDir: outDir() });
    expectVerdict(await gate.evaluate(intent('tool.read', {})), 'allow');
    await expect(gate.evaluate(intent('tool.read', {}), { simulate: true })).rejects.toThrow(/does not allow simulate/);
    // As `gate eval --profile oss-prod`: an approval decision needs an explicit approval verify key.
    await expect(gate.evaluate(intent('tool.write', {}))).rejects.toThrow(/explicit approval verify key/);
  });
});
