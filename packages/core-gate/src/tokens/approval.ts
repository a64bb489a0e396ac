/** Approval tokens (gate.md §3.8): mint, sign, read, validate. */
import { InvalidInputError } from '@gait/core-errors';
import type { Ed25519KeyPair, Signature } from '@gait/core-sign';
import { shortId } from '../digest.js';
import { type JsonObject, isObject, readInt, readString, readStringList } from '../go/json-decode.js';
import { isHex64, lowerTrim, normalizeStringListLower, trim } from '../go/strings.js';
import { GoTime } from '../go/time.js';
import { TokenError } from './errors.js';
import { checkScope, checkTokenSignature, decodeTokenHeader, normalizeTokenHeader } from './common.js';
import { signPayload } from './signing.js';

export const APPROVAL_TOKEN_SCHEMA = 'gait.gate.approval_token';

export interface ApprovalToken {
  schema_id: string;
  schema_version: string;
  created_at: GoTime;
  producer_version: string;
  token_id: string;
  approver_identity: string;
  reason_code: string;
  intent_digest: string;
  policy_digest: string;
  delegation_binding_digest: string;
  scope: string[];
  expires_at: GoTime;
  /** HEAD: 0 disables. */
  max_targets: number;
  max_ops: number;
  signature: Signature | undefined;
}

export interface MintApprovalInput {
  intentDigest: string;
  policyDigest: string;
  delegationBindingDigest?: string;
  approver: string;
  reasonCode: string;
  scope: readonly string[];
  /** Lifetime in nanoseconds; must be > 0. */
  ttlNanos: bigint;
  maxTargets?: number;
  maxOps?: number;
  producerVersion?: string;
  now?: GoTime;
}

function digestField(value: string, name: string, optional: boolean): string {
  const d = lowerTrim(value);
  if (d === '' && optional) return '';
  if (!isHex64(d)) throw new InvalidInputError(`${name} must be a sha256 hex digest (64 lowercase hex characters)`, { code: 'invalid_digest', details: { field: name } });
  return d;
}

function approvalTokenId(t: Omit<ApprovalToken, 'token_id' | 'signature'>): string {
  // HEAD: max_targets and max_ops sit between the scope and the expiry (checked against a Go-made token).
  return shortId(
    [
      t.intent_digest,
      t.policy_digest,
      t.approver_identity,
      t.reason_code,
      t.scope.join(','),
      String(t.max_targets),
      String(t.max_ops),
      t.expires_at.toRFC3339Nano(),
    ].join(':'),
  );
}

/** The signed payload: the token without its signature, Go `omitempty` applied. */
export function approvalTokenPayload(t: ApprovalToken): Record<string, unknown> {
  const out: Record<string, unknown> = {
    schema_id: t.schema_id,
    schema_version: t.schema_version,
    created_at: t.created_at.toRFC3339Nano(),
    producer_version: t.producer_version,
    token_id: t.token_id,
    approver_identity: t.approver_identity,
    reason_code: t.reason_code,
    intent_digest: t.intent_digest,
    policy_digest: t.policy_digest,
  };
  if (t.delegation_binding_digest !== '') out.delegation_binding_digest = t.delegation_binding_digest;
  out.scope = t.scope;
  out.expires_at = t.expires_at.toRFC3339Nano();
  if (t.max_targets > 0) out.max_targets = t.max_targets;
  if (t.max_ops > 0) out.max_ops = t.max_ops;
  return out;
}

/** File form: the payload plus `signature`, in struct order. */
export function approvalTokenJson(t: ApprovalToken): Record<string, unknown> {
  const out = approvalTokenPayload(t);
  if (t.signature) out.signature = t.signature;
  return out;
}

export function mintApprovalToken(keyPair: Ed25519KeyPair, input: MintApprovalInput): ApprovalToken {
  if (input.ttlNanos <= 0n) throw new InvalidInputError('approval token ttl must be > 0', { code: 'invalid_ttl' });
  const approver = trim(input.approver);
  const reason = trim(input.reasonCode);
  if (approver === '') throw new InvalidInputError('approver identity is required', { code: 'approver_required' });
  if (reason === '') throw new InvalidInputError('reason code is required', { code: 'reason_code_required' });
  const scope = normalizeStringListLower(input.scope);
  if (scope.length === 0) throw new InvalidInputError('scope is required', { code: 'scope_required' });
  const createdAt = (input.now ?? GoTime.now()).utc();
  const base = {
    schema_id: APPROVAL_TOKEN_SCHEMA,
    schema_version: '1.0.0',
    created_at: createdAt,
    producer_version: input.producerVersion ?? '0.0.0-dev',
    approver_identity: approver,
    reason_code: reason,
    intent_digest: digestField(input.intentDigest, 'intent_digest', false),
    policy_digest: digestField(input.policyDigest, 'policy_digest', false),
    delegation_binding_digest: digestField(input.delegationBindingDigest ?? '', 'delegation_binding_digest', true),
    scope,
    expires_at: createdAt.addNanos(input.ttlNanos),
    max_targets: Math.max(0, input.maxTargets ?? 0),
    max_ops: Math.max(0, input.maxOps ?? 0),
  };
  const token: ApprovalToken = { ...base, token_id: approvalTokenId(base), signature: undefined };
  token.signature = signPayload(keyPair, approvalTokenPayload(token));
  return token;
}

/** Decode a parsed token file the way Go's struct decoding does (no normalization yet). */
export function decodeApprovalToken(value: unknown): ApprovalToken {
  if (!isObject(value)) throw new InvalidInputError('approval token must be a JSON object', { code: 'invalid_token' });
  const p = 'approval_token';
  return {
    ...decodeTokenHeader(value as JsonObject, p),
    approver_identity: readString(value, 'approver_identity', p),
    reason_code: readString(value, 'reason_code', p),
    intent_digest: readString(value, 'intent_digest', p),
    policy_digest: readString(value, 'policy_digest', p),
    delegation_binding_digest: readString(value, 'delegation_binding_digest', p),
    scope: readStringList(value, 'scope', p),
    max_targets: readInt(value, 'max_targets', p),
    max_ops: readInt(value, 'max_ops', p),
  };
}

const INVALID = 'approval_token_invalid';

function normalizeApprovalToken(t: ApprovalToken): ApprovalToken {
  const n = {
    ...normalizeTokenHeader(t, APPROVAL_TOKEN_SCHEMA, 'approval'),
    approver_identity: trim(t.approver_identity),
    reason_code: trim(t.reason_code),
    intent_digest: lowerTrim(t.intent_digest),
    policy_digest: lowerTrim(t.policy_digest),
    delegation_binding_digest: lowerTrim(t.delegation_binding_digest),
    scope: normalizeStringListLower(t.scope),
  };
  if (n.approver_identity === '' || n.reason_code === '') throw new TokenError(INVALID, 'token_id, approver_identity and reason_code are required');
  if (!isHex64(n.intent_digest) || !isHex64(n.policy_digest)) throw new TokenError(INVALID, 'intent_digest and policy_digest must be sha256 hex');
  if (n.delegation_binding_digest !== '' && !isHex64(n.delegation_binding_digest)) throw new TokenError(INVALID, 'delegation_binding_digest must be sha256 hex');
  if (n.scope.length === 0) throw new TokenError(INVALID, 'scope is required');
  return n;
}

export interface ApprovalExpectations {
  publicKey: Uint8Array | undefined;
  intentDigest?: string;
  policyDigest?: string;
  delegationBindingDigest?: string;
  requiredScope?: readonly string[];
  /** HEAD limits, checked only when the token sets them. */
  targetCount?: number;
  opCount?: number;
  now: GoTime;
}

/**
 * `ValidateApprovalToken`: the checks in the reference's order; the first failure throws a
 * `TokenError` whose code is the gate reason code. Returns the normalized token.
 */
export function validateApprovalToken(token: ApprovalToken, expect: ApprovalExpectations): ApprovalToken {
  const t = normalizeApprovalToken(token);
  checkTokenSignature('approval', expect.publicKey, t.signature, approvalTokenPayload(t));
  if (expect.intentDigest !== undefined && t.intent_digest !== expect.intentDigest) throw new TokenError('approval_token_intent_mismatch', 'intent digest mismatch');
  if (expect.policyDigest !== undefined && t.policy_digest !== expect.policyDigest) throw new TokenError('approval_token_policy_mismatch', 'policy digest mismatch');
  if (expect.delegationBindingDigest && t.delegation_binding_digest !== expect.delegationBindingDigest) {
    throw new TokenError('approval_token_delegation_binding_mismatch', 'delegation binding mismatch');
  }
  if (expect.now.compare(t.expires_at) >= 0) throw new TokenError('approval_token_expired', 'token expired');
  const required = normalizeStringListLower(expect.requiredScope ?? []);
  checkScope('approval', t.scope, required);
  if (t.max_targets > 0 && (expect.targetCount ?? 0) > t.max_targets) throw new TokenError('approval_token_max_targets_exceeded', 'too many targets');
  if (t.max_ops > 0 && (expect.opCount ?? 0) > t.max_ops) throw new TokenError('approval_token_max_ops_exceeded', 'too many operations');
  return t;
}
