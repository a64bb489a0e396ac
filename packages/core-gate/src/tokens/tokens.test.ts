import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, readPublicKeyFile } from '@gait/core-sign';
import { announceSkip, hasMade, madeDir } from '../../../../test-support/conformance.js';
import { GoTime, parseGoDuration } from '../go/time.js';
import { approvalTokenJson, decodeApprovalToken, mintApprovalToken, validateApprovalToken } from './approval.js';
import { decodeDelegationToken, delegationTokenJson, mintDelegationToken, validateDelegationToken } from './delegation.js';

announceSkip('Go-made tokens', hasMade, madeDir);

const intentDigest = 'a'.repeat(64);
const policyDigest = 'b'.repeat(64);
const now = GoTime.parse('2026-02-05T00:00:00Z');
const hour = parseGoDuration('1h')!;

/** Round trip through JSON text, as a token file would be. */
const reread = <T>(value: T) => JSON.parse(JSON.stringify(value)) as unknown;

describe('approval tokens', () => {
  const key = generateKeyPair();
  const token = mintApprovalToken(key, { intentDigest, policyDigest, approver: ' alice ', reasonCode: 'ok', scope: ['Tool:Tool.Write'], ttlNanos: hour, now });
  const expectations = { publicKey: key.publicKey, intentDigest, policyDigest, requiredScope: ['tool:tool.write'], now };

  it('mints a signed token that validates after a file round trip', () => {
    expect(token.token_id).toMatch(/^[0-9a-f]{24}$/);
    expect(token.expires_at.toRFC3339Nano()).toBe('2026-02-05T01:00:00Z');
    const back = decodeApprovalToken(reread(approvalTokenJson(token)));
    expect(validateApprovalToken(back, expectations).approver_identity).toBe('alice');
  });

  it.each([
    ['approval_token_signature_invalid', { publicKey: generateKeyPair().publicKey }],
    ['approval_token_signature_invalid', { publicKey: undefined }],
    ['approval_token_intent_mismatch', { intentDigest: 'c'.repeat(64) }],
    ['approval_token_policy_mismatch', { policyDigest: 'c'.repeat(64) }],
    ['approval_token_delegation_binding_mismatch', { delegationBindingDigest: 'd'.repeat(64) }],
    ['approval_token_expired', { now: now.addNanos(hour) }],
    ['approval_token_scope_mismatch', { requiredScope: ['tool:tool.delete'] }],
  ])('reports %s', (code, override) => {
    expect(() => validateApprovalToken(decodeApprovalToken(reread(approvalTokenJson(token))), { ...expectations, ...override })).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('reports a missing signature and an edited field', () => {
    const { signature: _s, ...unsigned } = approvalTokenJson(token);
    expect(() => validateApprovalToken(decodeApprovalToken(unsigned), expectations)).toThrow(expect.objectContaining({ code: 'approval_token_signature_missing' }));
    const edited = { ...approvalTokenJson(token), approver_identity: 'mallory' };
    expect(() => validateApprovalToken(decodeApprovalToken(reread(edited)), expectations)).toThrow(/signed_digest mismatch/);
  });

  it('accepts a wildcard scope and rejects bad mint input', () => {
    const wild = mintApprovalToken(key, { intentDigest, policyDigest, approver: 'a', reasonCode: 'r', scope: ['*'], ttlNanos: hour, now });
    expect(validateApprovalToken(wild, { ...expectations, requiredScope: ['anything'] }).scope).toEqual(['*']);
    expect(() => mintApprovalToken(key, { intentDigest: 'xyz', policyDigest, approver: 'a', reasonCode: 'r', scope: ['s'], ttlNanos: hour })).toThrow(/intent_digest/);
    expect(() => mintApprovalToken(key, { intentDigest, policyDigest, approver: 'a', reasonCode: 'r', scope: [' '], ttlNanos: hour })).toThrow(/scope is required/);
    expect(() => mintApprovalToken(key, { intentDigest, policyDigest, approver: 'a', reasonCode: 'r', scope: ['s'], ttlNanos: 0n })).toThrow(/ttl/);
  });
});

describe('delegation tokens', () => {
  const key = generateKeyPair();
  const token = mintDelegationToken(key, { delegator: 'agent.lead', delegate: 'agent.specialist', scope: ['write'], scopeClass: 'Write', ttlNanos: hour, now });
  const base = { publicKey: key.publicKey, now };

  it('validates with matching expectations', () => {
    const back = decodeDelegationToken(reread(delegationTokenJson(token)));
    expect(validateDelegationToken(back, { ...base, delegator: 'agent.lead', delegate: ' agent.specialist ', requiredScope: ['write'] }).scope_class).toBe('write');
  });

  it.each([
    ['delegation_token_expired', { now: now.addNanos(hour) }],
    ['delegation_token_delegator_mismatch', { delegator: 'agent.other' }],
    ['delegation_token_delegate_mismatch', { delegate: 'agent.other' }],
    ['delegation_token_scope_mismatch', { requiredScope: ['admin'] }],
  ])('reports %s', (code, override) => {
    expect(() => validateDelegationToken(token, { ...base, ...override })).toThrow(expect.objectContaining({ code }));
  });

  it('checks digest bindings only when the token carries them', () => {
    expect(validateDelegationToken(token, { ...base, intentDigest }).token_id).toBe(token.token_id);
    const bound = mintDelegationToken(key, { delegator: 'a', delegate: 'b', scope: ['s'], intentDigest, ttlNanos: hour, now });
    expect(() => validateDelegationToken(bound, { ...base, intentDigest: 'c'.repeat(64) })).toThrow(expect.objectContaining({ code: 'delegation_token_intent_mismatch' }));
  });
});

describe.runIf(hasMade)('Go-made tokens', () => {
  const approver = () => readPublicKeyFile(join(madeDir, 'keys/approver_public.key'));
  const prod = () => readPublicKeyFile(join(madeDir, 'keys/prod_public.key'));
  const load = (path: string) => JSON.parse(readFileSync(join(madeDir, path), 'utf8')) as unknown;
  const clock = GoTime.parse('2027-01-01T00:00:00Z');

  it('verifies the approval token (#29) and derives its token id', () => {
    const token = decodeApprovalToken(load('tokens/approval_token.json'));
    const valid = validateApprovalToken(token, {
      publicKey: approver(),
      intentDigest: 'dfc167dcb3d79e877289e4f145a956f3c68368bf9fa2913dd046ce89fe01967e',
      policyDigest: '07a528a879e4f0e0cd5a0e2ca801924746b47dac624862207ef21d4ec266f8f9',
      requiredScope: ['tool:tool.write'],
      now: clock,
    });
    expect(valid.token_id).toBe('8ab5b209c0f833fdcadbd933');
    // Minting the same fields at the same instant with the same TTL gives the same id.
    const again = mintApprovalToken(generateKeyPair(), {
      intentDigest: valid.intent_digest,
      policyDigest: valid.policy_digest,
      approver: valid.approver_identity,
      reasonCode: valid.reason_code,
      scope: valid.scope,
      ttlNanos: parseGoDuration('87600h')!,
      now: valid.created_at,
    });
    expect(again.token_id).toBe(valid.token_id);
  });

  it.each([
    ['#35 all expectations', 'tokens/delegation_token.json', { delegator: 'agent.lead', delegate: 'agent.specialist', requiredScope: ['write'] }, undefined],
    ['#36 no expectations', 'tokens/delegation_token.json', {}, undefined],
    ['#37 wrong key', 'tokens/delegation_token.json', { useProd: true }, 'delegation_token_signature_invalid'],
    ['#38 scope', 'tokens/delegation_token.json', { requiredScope: ['admin'] }, 'delegation_token_scope_mismatch'],
    ['#39 delegate', 'tokens/delegation_token.json', { delegate: 'agent.other' }, 'delegation_token_delegate_mismatch'],
    ['#96 edited scope', 'negative/delegation_token_changed_scope.json', {}, 'delegation_token_signature_invalid'],
  ])('delegate verify %s', (_name, path, opts: Record<string, unknown>, code) => {
    const run = () =>
      validateDelegationToken(decodeDelegationToken(load(path)), {
        publicKey: opts.useProd ? prod() : approver(),
        delegator: opts.delegator as string | undefined,
        delegate: opts.delegate as string | undefined,
        requiredScope: opts.requiredScope as string[] | undefined,
        now: clock,
      });
    if (code === undefined) expect(run().token_id).toBe('5a6996c784a35a6300e462d9');
    else expect(run).toThrow(expect.objectContaining({ code }));
  });
});
