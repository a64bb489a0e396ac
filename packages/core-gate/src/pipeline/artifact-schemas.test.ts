/** Every artifact the gate writes validates against the project's published JSON schemas. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '@gait/core-schema';
import { encodePublicKey, generateKeyPair } from '@gait/core-sign';
import { parseGoDuration } from '../go/time.js';
import { approvalTokenJson, mintApprovalToken } from '../tokens/approval.js';
import { delegationTokenJson, mintDelegationToken } from '../tokens/delegation.js';
import { evaluateGate } from './gate-eval.js';

const cwd = mkdtempSync(join(tmpdir(), 'gait-schemas-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('gate artifacts against the schemas', () => {
  it('trace, approval audit, delegation audit, credential evidence and tokens validate', async () => {
    const approver = generateKeyPair();
    const hour = parseGoDuration('1h')!;
    const intent = {
      created_at: '2026-02-05T00:00:00Z',
      tool_name: 'tool.write',
      args: { path: '/tmp/x' },
      targets: [{ kind: 'host', value: 'api.example.com', operation: 'write' }],
      arg_provenance: [{ arg_path: '$.path', source: 'user' }],
      delegation: { requester_identity: 'agent.b', chain: [{ delegator_identity: 'agent.a', delegate_identity: 'agent.b' }] },
      context: { identity: 'agent.b', workspace: '/w', risk_class: 'high', session_id: 's1' },
    };
    writeFileSync(join(cwd, 'intent.json'), JSON.stringify(intent));
    writeFileSync(
      join(cwd, 'policy.yaml'),
      'rules:\n  - {name: r, effect: require_approval, require_broker_credential: true, match: {require_delegation: true}}\n',
    );
    const delegation = mintDelegationToken(approver, { delegator: 'agent.a', delegate: 'agent.b', scope: ['write'], ttlNanos: hour });
    writeFileSync(join(cwd, 'd.json'), JSON.stringify(delegationTokenJson(delegation)));
    const env = { APPROVER: encodePublicKey(approver.publicKey) };
    const keys = { approvalKey: { publicKeyEnv: 'APPROVER' } };
    const base = { policyPath: 'policy.yaml', intentPath: 'intent.json', delegationTokenPaths: ['d.json'], credentialBroker: 'stub', cwd, env, ...keys };
    const first = await evaluateGate(base);
    const approval = mintApprovalToken(approver, {
      intentDigest: String(first.output.intent_digest),
      policyDigest: String(first.output.policy_digest),
      delegationBindingDigest: first.trace?.delegation_ref ? String((first.trace.delegation_ref as Record<string, unknown>).chain_digest) : '',
      approver: 'carol',
      reasonCode: 'ok',
      scope: ['tool:tool.write'],
      ttlNanos: hour,
    });
    writeFileSync(join(cwd, 'a.json'), JSON.stringify(approvalTokenJson(approval)));
    const result = await evaluateGate({ ...base, approvalTokenPaths: ['a.json'] });
    expect(result.output).toMatchObject({ verdict: 'allow', valid_approvals: 1, valid_delegations: 1 });
    const read = (key: string) => JSON.parse(readFileSync(join(cwd, String(result.output[key])), 'utf8')) as unknown;
    const checks: [string, unknown][] = [
      ['gait.gate.trace', read('trace_path')],
      ['gait.gate.approval_audit_record', read('approval_audit_path')],
      ['gait.gate.delegation_audit_record', read('delegation_audit_path')],
      ['gait.gate.broker_credential_record', read('credential_evidence_path')],
      ['gait.gate.approval_token', approvalTokenJson(approval)],
      ['gait.gate.delegation_token', delegationTokenJson(delegation)],
    ];
    for (const [schema, value] of checks) {
      const outcome = validate(schema, JSON.parse(JSON.stringify(value)));
      expect(outcome.ok ? [] : outcome.errors, schema).toEqual([]);
    }
  });
});
