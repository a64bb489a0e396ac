/** Approval tokens (gate.md §3.8): mint, sign, read, validate. */
import { InvalidInputError } from '@gait/core-errors';
import type { Ed25519KeyPair, Signature } from '@gait/core-sign';
import { shortId } from '../digest.js';
import { type JsonObject, readInt, readString, readStringList } from '../go/json-decode.js';
import { isHex64, lowerTrim, normalizeStringListLower, trim } from '../go/strings.js';
import type { GoTime } from '../go/time.js';
import { TokenError } from './errors.js';
import { checkScope, checkTokenSignature, decodeTokenHeader, mintDigest, mintHeader, mintScope, normalizeTokenHeader, sealToken, tokenHeaderPayload, tokenJson } from './common.js';

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
    ...tokenHeaderPayload(t),
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
  return tokenJson(approvalTokenPayload(t), t.signature);
}

export function mintApprovalToken(keyPair: Ed25519KeyPair, input: MintApprovalInput): ApprovalToken {
  const header = mintHeader('approval', APPROVAL_TOKEN_SCHEMA, input);
  const approver = trim(input.approver);
  const reason = trim(input.reasonCode);
  if (approver === '') throw new InvalidInputError('approver identity is required', { code: 'approver_required' });
  if (reason === '') throw new InvalidInputError('reason code is required', { code: 'reason_code_required' });
  const scope = mintScope(input.scope);
  const base = {
    ...header,
    approver_identity: approver,
    reason_code: reason,
    intent_digest: mintDigest(input.intentDigest, 'intent_digest', false),
    policy_digest: mintDigest(input.policyDigest, 'policy_digest', false),
    delegation_binding_digest: mintDigest(input.delegationBindingDigest, 'delegation_binding_digest', true),
    scope,
    max_targets: Math.max(0, input.maxTargets ?? 0),
    max_ops: Math.max(0, input.maxOps ?? 0),
  };
  return sealToken(keyPair, base, approvalTokenId, approvalTokenPayload);
}

/** Decode a parsed token file the way Go's struct decoding does (no normalization yet). */
export function decodeApprovalToken(value: unknown): ApprovalToken {
  const header = decodeTokenHeader(value, 'approval');
  const obj = value as JsonObject;
  const p = 'approval_token';
  return {
    ...header,
    approver_identity: readString(obj, 'approver_identity', p),
    reason_code: readString(obj, 'reason_code', p),
    intent_digest: readString(obj, 'intent_digest', p),
    policy_digest: readString(obj, 'policy_digest', p),
    delegation_binding_digest: readString(obj, 'delegation_binding_digest', p),
    scope: readStringList(obj, 'scope', p),
    max_targets: readInt(obj, 'max_targets', p),
    max_ops: readInt(obj, 'max_ops', p),
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
