import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePrivateKey, encodePublicKey, generateKeyPair } from '@gait/core-sign';
import { GoTime, parseGoDuration } from '../go/time.js';
import { approvalTokenJson, mintApprovalToken } from '../tokens/approval.js';
import { delegationTokenJson, mintDelegationToken } from '../tokens/delegation.js';
import { verifyTraceRecord } from '../trace/verify.js';
import { evaluateGate, type GateEvalOptions } from './gate-eval.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-gate-eval-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  writeFileSync(join(cwd, name), text);
  return name;
};

const intent = {
  created_at: '2026-02-05T00:00:00Z',
  tool_name: 'tool.write',
  args: { path: '/tmp/out.txt' },
  targets: [{ kind: 'path', value: '/tmp/out.txt' }],
  arg_provenance: [{ arg_path: '$.path', source: 'user' }],
  context: { identity: 'alice', workspace: '/tmp', risk_class: 'high' },
};

const gatekey = generateKeyPair();
const approver = generateKeyPair();
const env = { GATE_KEY: encodePrivateKey(gatekey.privateKey), APPROVER_PUB: encodePublicKey(approver.publicKey) };

function run(policy: string, extra: Partial<GateEvalOptions> = {}, intentValue: unknown = intent) {
  return evaluateGate({
    policyPath: write('policy.yaml', policy),
    intentPath: write('intent.json', JSON.stringify(intentValue)),
    keyMode: 'prod',
    privateKeyEnv: 'GATE_KEY',
    cwd,
    env,
    ...extra,
  });
}

const approvalPolicy = 'rules:\n  - {name: approve, effect: require_approval, min_approvals: 2, match: {tool_names: [tool.write]}}\n';

function approvalToken(name: string, who: string, intentDigest: string, policyDigest: string) {
  const token = mintApprovalToken(approver, { intentDigest, policyDigest, approver: who, reasonCode: 'ok', scope: ['tool:tool.write'], ttlNanos: parseGoDuration('1h')! });
  return write(name, JSON.stringify(approvalTokenJson(token)));
}

describe('evaluateGate', () => {
  it('writes a signed trace and exits 3 for block (HEAD)', async () => {
    const result = await run('default_verdict: block\n');
    expect(result.exitCode).toBe(3);
    expect(result.output).toMatchObject({ ok: true, verdict: 'block', reason_codes: ['default_block'] });
    const trace = JSON.parse(readFileSync(join(cwd, String(result.output.trace_path)), 'utf8')) as unknown;
    expect(verifyTraceRecord(trace, gatekey.publicKey).ok).toBe(true);
  });

  it('needs the required number of distinct approvers (C2/C3)', async () => {
    const first = await run(approvalPolicy);
    expect(first.exitCode).toBe(4);
    expect(first.output.reason_codes).toEqual(['approval_token_missing', 'matched_rule_approve']);
    const { intent_digest: i, policy_digest: p } = first.output as { intent_digest: string; policy_digest: string };
    const approvalKey = { publicKeyEnv: 'APPROVER_PUB' };
    const one = await run(approvalPolicy, { approvalKey, approvalTokenPaths: [approvalToken('a.json', 'alice', i, p)] });
    expect(one.exitCode).toBe(4);
    expect(one.output.reason_codes).toContain('approval_chain_insufficient');
    const same = await run(approvalPolicy, { approvalKey, approvalTokenPaths: ['a.json', approvalToken('a2.json', 'alice', i, p)] });
    expect(same.output.reason_codes).toContain('approval_distinct_approvers_required');
    const two = await run(approvalPolicy, { approvalKey, approvalTokenPaths: ['a.json', approvalToken('b.json', 'bob', i, p)] });
    expect(two.exitCode).toBe(0);
    expect(two.output).toMatchObject({ verdict: 'allow', valid_approvals: 2, required_approvals: 2 });
    expect(String(two.output.approval_ref).split(',')).toHaveLength(2);
    const audit = JSON.parse(readFileSync(join(cwd, String(two.output.approval_audit_path)), 'utf8')) as Record<string, unknown>;
    expect(audit).toMatchObject({ approved: true, approvers: ['alice', 'bob'], valid_approvals: 2 });
  });

  it('aborts on an unreadable token file (exit 6, no trace)', async () => {
    await expect(run(approvalPolicy, { approvalTokenPaths: ['missing.json'] })).rejects.toMatchObject({ exitCode: 6 });
  });

  it('simulate reports what would have happened and exits 0 (C4)', async () => {
    const result = await run(approvalPolicy, { simulate: true });
    expect(result.exitCode).toBe(0);
    expect(result.output).toMatchObject({
      verdict: 'allow',
      simulate_mode: true,
      would_have_blocked: true,
      simulated_verdict: 'require_approval',
    });
    expect(result.output.reason_codes).toEqual(expect.arrayContaining(['simulate_mode_non_enforcing', 'simulated_require_approval']));
  });

  it('enforces oss-prod pre-checks (C5, C6, C8)', async () => {
    const policy = 'default_verdict: block\nrules:\n  - {name: r, effect: allow, match: {risk_classes: [high]}}\n';
    await expect(run(policy, { profile: 'oss-prod', simulate: true })).rejects.toThrow(/--simulate/);
    await expect(run(policy, { profile: 'oss-prod', keyMode: 'dev', privateKeyEnv: undefined })).rejects.toThrow(/key-mode prod/);
    await expect(run(policy, { profile: 'oss-prod' })).rejects.toThrow(/require_broker_credential/);
    await expect(run('default_verdict: allow\n', { profile: 'oss-prod' })).rejects.toThrow(/default_verdict=allow/);
    await expect(run(approvalPolicy.replace('rules', 'default_verdict: block\nrules'), { profile: 'oss-prod' })).rejects.toThrow(/approval verify key/);
  });

  it('consumes rate-limit budget and blocks past it (C9)', async () => {
    const policy = 'rules:\n  - {name: r, effect: allow, rate_limit: {requests: 1, window: minute, scope: identity}}\n';
    const now = GoTime.parse('2026-02-05T10:00:10Z');
    const first = await run(policy, { now });
    expect(first.output).toMatchObject({ verdict: 'allow', rate_limit_used: 1, rate_limit_key: 'alice' });
    const second = await run(policy, { now });
    expect(second.exitCode).toBe(3);
    expect(second.output.reason_codes).toContain('rate_limit_exceeded');
    const state = JSON.parse(readFileSync(join(cwd, '.gait-out/gate_rate_limits.json'), 'utf8')) as { counters: unknown[] };
    expect(state.counters).toEqual([{ key: 'minute|identity|2026-02-05T10:00:00Z|alice', count: 1 }]);
    const nextMinute = await run(policy, { now: GoTime.parse('2026-02-05T10:01:00Z') });
    expect(nextMinute.output.verdict).toBe('allow');
  });

  it('issues a stub credential and writes evidence; blocks without a broker (C7)', async () => {
    const policy = 'rules:\n  - {name: r, effect: allow, require_broker_credential: true, broker_reference: egress, broker_scopes: [write]}\n';
    const none = await run(policy);
    expect(none.output).toMatchObject({ verdict: 'block', violations: ['broker_credential_missing'] });
    const stub = await run(policy, { credentialBroker: 'stub' });
    expect(stub.exitCode).toBe(0);
    expect(stub.output.credential_ref).toMatch(/^stub:[0-9a-f]{24}$/);
    const evidence = JSON.parse(readFileSync(join(cwd, String(stub.output.credential_evidence_path)), 'utf8')) as Record<string, unknown>;
    expect(evidence).toMatchObject({ broker: 'stub', reference: 'egress', scope: ['write'], ttl_seconds: 300 });
  });

  it('never leaks a failing command broker output (C10)', async () => {
    const script = write('broker.sh', '#!/bin/sh\necho "SECRET-VALUE" >&2\nexit 2\n');
    chmodSync(join(cwd, script), 0o755);
    const policy = 'rules:\n  - {name: r, effect: allow, require_broker_credential: true}\n';
    const result = await run(policy, { credentialBroker: 'command', credentialCommand: join(cwd, script) });
    expect(result.output).toMatchObject({ verdict: 'block', reason_codes: ['broker_credential_missing', 'matched_rule_r'] });
    expect(JSON.stringify(result.output)).not.toContain('SECRET');
  });

  it('requires a delegation token and accepts a valid one (C11/C12)', async () => {
    const delegated = {
      ...intent,
      delegation: { requester_identity: 'agent.specialist', scope_class: 'write', chain: [{ delegator_identity: 'agent.lead', delegate_identity: 'agent.specialist', scope_class: 'write' }] },
    };
    const policy = 'default_verdict: block\nrules:\n  - {name: d, effect: allow, match: {require_delegation: true}}\n';
    const missing = await run(policy, {}, delegated);
    expect(missing.exitCode).toBe(3);
    expect(missing.output.reason_codes).toContain('delegation_token_missing');
    const token = mintDelegationToken(approver, { delegator: 'agent.lead', delegate: 'agent.specialist', scope: ['tool:tool.write'], scopeClass: 'write', ttlNanos: parseGoDuration('1h')! });
    const path = write('d.json', JSON.stringify(delegationTokenJson(token)));
    const granted = await run(policy, { delegationTokenPaths: [path], delegationKey: { publicKeyEnv: 'APPROVER_PUB' } }, delegated);
    expect(granted.exitCode).toBe(0);
    expect(granted.output).toMatchObject({ verdict: 'allow', delegation_ref: token.token_id, valid_delegations: 1 });
    expect(existsSync(join(cwd, String(granted.output.delegation_audit_path)))).toBe(true);
  });

  it('rejects a trace path that climbs out of the working folder', async () => {
    await expect(run('default_verdict: allow\n', { traceOut: '../x.json' })).rejects.toThrow(/must not traverse/);
  });

  it('reports invalid intents as invalid input', async () => {
    await expect(run('default_verdict: allow\n', {}, { ...intent, tool_name: '' })).rejects.toThrow('normalize intent: tool_name is required');
  });
});
