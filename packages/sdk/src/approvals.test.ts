import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { GaitApprovalRequiredError, createGate, mintApproval } from './index.js';
import { expectSignedTrace, expectVerdict, intent, manualClock, testKeyPair } from './testing/index.js';
import { WRITE_POLICY } from './test-fixtures/policies.js';

const approver = testKeyPair('approver');
const signer = testKeyPair('signer');
const write = intent('tool.write', { path: 'reports/q3.md' });

function setup() {
  const clock = manualClock('2026-05-01T10:00:00Z');
  const outDir = mkdtempSync(join(tmpdir(), 'gait-sdk-approval-'));
  const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: signer, approvalPublicKey: approver.publicKey }, outDir, clock });
  return { clock, outDir, gate };
}

describe('approval flow', () => {
  it('a require_approval decision resumes with a token minted for it', async () => {
    const { clock, outDir, gate } = setup();
    const pending = expectVerdict(await gate.evaluate(write), 'require_approval', ['approval_token_missing']);
    const token = mintApproval(approver, pending, { approver: 'alice@example.com', reasonCode: 'report_ok', ttlMs: 3_600_000, now: clock() });
    expect(token.scope).toEqual(['tool:tool.write']);
    const granted = expectVerdict(await gate.evaluate(write, { approvalToken: token }), 'allow', ['approval_granted']);
    expect(granted.output.approval_ref).toBe(token.token_id);
    expect(granted.output.valid_approvals).toBe(1);
    // The same audit `gait gate eval` writes, and a trace signed by the gate's key.
    expect(existsSync(join(outDir, String(granted.output.approval_audit_path)))).toBe(true);
    expect(expectSignedTrace(granted.tracePath!, signer.publicKey).approval_token_ref).toBe(token.token_id);
  });

  it('grantApproval lets the runtime approval UI resume the very same guarded call', async () => {
    const { clock, gate } = setup();
    const execute = vi.fn(() => 'written');
    const guarded = gate.guard('tool.write', execute, { toIntent: (args: { path: string }) => ({ args }) });
    const refused = (await guarded({ path: 'reports/q3.md' }).catch((e: unknown) => e)) as GaitApprovalRequiredError;
    expect(refused).toBeInstanceOf(GaitApprovalRequiredError);
    const token = mintApproval(approver, refused.decision!, { approver: 'alice', reasonCode: 'ok', ttlMs: 60_000, now: clock() });
    const check = gate.grantApproval(token, refused.decision!);
    expect(check).toMatchObject({ valid: true, reasonCode: 'approval_token_valid', approver: 'alice' });
    clock.advance(1_000); // a later call: created_at is not part of the intent digest
    expect(await guarded({ path: 'reports/q3.md' })).toBe('written');
    // Approval is bound to the intent digest: another path still needs its own.
    await expect(guarded({ path: '/tmp/other.md' })).rejects.toMatchObject({ verdict: 'require_approval' });
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it('verifyApprovalToken names what is wrong: expiry, key, intent', async () => {
    const { clock, gate } = setup();
    const pending = await gate.evaluate(write);
    const token = mintApproval(approver, pending, { approver: 'alice', reasonCode: 'ok', ttlMs: 60_000, now: clock() });
    expect(gate.verifyApprovalToken(token, pending.intentDigest).valid).toBe(true);
    const other = await gate.evaluate(intent('tool.write', { path: '/tmp/else' }));
    expect(gate.verifyApprovalToken(token, other.intentDigest).reasonCode).toBe('approval_token_intent_mismatch');
    const forged = mintApproval(testKeyPair('mallory'), pending, { approver: 'mallory', reasonCode: 'ok', ttlMs: 60_000, now: clock() });
    expect(gate.verifyApprovalToken(forged, pending.intentDigest).reasonCode).toBe('approval_token_signature_invalid');
    expect(gate.grantApproval(forged).valid).toBe(false);
    clock.advance(120_000);
    expect(gate.verifyApprovalToken(token, pending.intentDigest).reasonCode).toBe('approval_token_expired');
    expectVerdict(await gate.evaluate(write, { approvalToken: token }), 'require_approval', ['approval_token_expired']);
  });

  it('accepts a token as a file path or as JSON text, as `gait gate eval --approval-token` does', async () => {
    const { clock, outDir, gate } = setup();
    const pending = await gate.evaluate(write);
    const token = mintApproval(approver, pending, { approver: 'alice', reasonCode: 'ok', ttlMs: 60_000, now: clock() });
    const file = join(outDir, 'approval.json');
    writeFileSync(file, JSON.stringify(token, null, 2));
    expectVerdict(await gate.evaluate(write, { approvalToken: file }), 'allow');
    expectVerdict(await gate.evaluate(write, { approvalToken: JSON.stringify(token) }), 'allow');
  });
});

describe('delegation tokens', () => {
  it('a delegated call is allowed with a valid delegation token and blocked without one', async () => {
    const { GoTime, delegationTokenJson, mintDelegationToken } = await import('@gait/core-gate');
    const { DELEGATION_POLICY, OWN_INTENTS } = await import('./test-fixtures/policies.js');
    const delegator = testKeyPair('delegator');
    const clock = manualClock('2026-05-01T10:00:00Z');
    const gate = createGate({
      policy: DELEGATION_POLICY,
      keys: { privateKey: signer, delegationPublicKey: delegator.publicKey },
      outDir: mkdtempSync(join(tmpdir(), 'gait-sdk-delegation-')),
      clock,
    });
    const post = OWN_INTENTS.post as never;
    const missing = expectVerdict(await gate.evaluate(post), 'block', ['delegation_token_missing']);
    expect(missing.output.delegation_required).toBe(true);
    const token = delegationTokenJson(
      mintDelegationToken(delegator, {
        delegator: 'agent.lead',
        delegate: 'agent.two',
        scope: ['tool:tool.post'],
        scopeClass: 'write',
        intentDigest: missing.intentDigest,
        policyDigest: missing.policyDigest,
        ttlNanos: 3_600_000_000_000n,
        now: GoTime.fromDate(clock()),
      }),
    );
    const granted = expectVerdict(await gate.evaluate(post, { delegationToken: token }), 'allow', ['delegation_granted']);
    expect(granted.output.valid_delegations).toBe(1);
    expect(expectSignedTrace(granted.tracePath!, signer.publicKey).delegation_ref).toMatchObject({ delegation_token_ref: token.token_id });
  });
});
