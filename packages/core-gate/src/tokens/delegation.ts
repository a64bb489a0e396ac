/** Delegation tokens (gate.md §3.8): mint, sign, read, validate. */
import { InvalidInputError } from '@gait/core-errors';
import type { Ed25519KeyPair, Signature } from '@gait/core-sign';
import { shortId } from '../digest.js';
import { type JsonObject, readString, readStringList } from '../go/json-decode.js';
import { isHex64, lowerTrim, normalizeStringListLower, trim } from '../go/strings.js';
import type { GoTime } from '../go/time.js';
import { TokenError } from './errors.js';
import { checkScope, checkTokenSignature, decodeTokenHeader, mintDigest, mintHeader, mintScope, normalizeTokenHeader, sealToken, tokenHeaderPayload, tokenJson } from './common.js';

export const DELEGATION_TOKEN_SCHEMA = 'gait.gate.delegation_token';

export interface DelegationToken {
  schema_id: string;
  schema_version: string;
  created_at: GoTime;
  producer_version: string;
  token_id: string;
  delegator_identity: string;
  delegate_identity: string;
  scope: string[];
  scope_class: string;
  intent_digest: string;
  policy_digest: string;
  expires_at: GoTime;
  signature: Signature | undefined;
}

export interface MintDelegationInput {
  delegator: string;
  delegate: string;
  scope: readonly string[];
  scopeClass?: string;
  intentDigest?: string;
  policyDigest?: string;
  ttlNanos: bigint;
  producerVersion?: string;
  now?: GoTime;
}

function delegationTokenId(t: Omit<DelegationToken, 'token_id' | 'signature'>): string {
  return shortId(
    [t.delegator_identity, t.delegate_identity, t.scope.join(','), t.scope_class, t.intent_digest, t.policy_digest, t.expires_at.toRFC3339Nano()].join(':'),
  );
}

export function delegationTokenPayload(t: DelegationToken): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...tokenHeaderPayload(t),
    delegator_identity: t.delegator_identity,
    delegate_identity: t.delegate_identity,
    scope: t.scope,
  };
  if (t.scope_class !== '') out.scope_class = t.scope_class;
  if (t.intent_digest !== '') out.intent_digest = t.intent_digest;
  if (t.policy_digest !== '') out.policy_digest = t.policy_digest;
  out.expires_at = t.expires_at.toRFC3339Nano();
  return out;
}

export function delegationTokenJson(t: DelegationToken): Record<string, unknown> {
  return tokenJson(delegationTokenPayload(t), t.signature);
}

export function mintDelegationToken(keyPair: Ed25519KeyPair, input: MintDelegationInput): DelegationToken {
  const header = mintHeader('delegation', DELEGATION_TOKEN_SCHEMA, input);
  const delegator = trim(input.delegator);
  const delegate = trim(input.delegate);
  if (delegator === '' || delegate === '') {
    throw new InvalidInputError('delegator and delegate identities are required', { code: 'delegation_identity_required' });
  }
  const base = {
    ...header,
    delegator_identity: delegator,
    delegate_identity: delegate,
    scope: mintScope(input.scope),
    scope_class: lowerTrim(input.scopeClass ?? ''),
    intent_digest: mintDigest(input.intentDigest, 'intent_digest', true),
    policy_digest: mintDigest(input.policyDigest, 'policy_digest', true),
  };
  return sealToken(keyPair, base, delegationTokenId, delegationTokenPayload);
}

export function decodeDelegationToken(value: unknown): DelegationToken {
  const header = decodeTokenHeader(value, 'delegation');
  const obj = value as JsonObject;
  const p = 'delegation_token';
  return {
    ...header,
    delegator_identity: readString(obj, 'delegator_identity', p),
    delegate_identity: readString(obj, 'delegate_identity', p),
    scope: readStringList(obj, 'scope', p),
    scope_class: readString(obj, 'scope_class', p),
    intent_digest: readString(obj, 'intent_digest', p),
    policy_digest: readString(obj, 'policy_digest', p),
  };
}

const INVALID = 'delegation_token_invalid';

function normalizeDelegationToken(t: DelegationToken): DelegationToken {
  const n = {
    ...normalizeTokenHeader(t, DELEGATION_TOKEN_SCHEMA, 'delegation'),
    delegator_identity: trim(t.delegator_identity),
    delegate_identity: trim(t.delegate_identity),
    scope: normalizeStringListLower(t.scope),
    scope_class: lowerTrim(t.scope_class),
    intent_digest: lowerTrim(t.intent_digest),
    policy_digest: lowerTrim(t.policy_digest),
  };
  if (n.delegator_identity === '' || n.delegate_identity === '') {
    throw new TokenError(INVALID, 'token_id, delegator_identity and delegate_identity are required');
  }
  if ((n.intent_digest !== '' && !isHex64(n.intent_digest)) || (n.policy_digest !== '' && !isHex64(n.policy_digest))) {
    throw new TokenError(INVALID, 'intent_digest and policy_digest must be sha256 hex');
  }
  if (n.scope.length === 0) throw new TokenError(INVALID, 'scope is required');
  return n;
}

export interface DelegationExpectations {
  publicKey: Uint8Array | undefined;
  delegator?: string;
  delegate?: string;
  intentDigest?: string;
  policyDigest?: string;
  requiredScope?: readonly string[];
  now: GoTime;
}

/** `ValidateDelegationToken`: expiry comes before the binding checks, unlike approval tokens. */
export function validateDelegationToken(token: DelegationToken, expect: DelegationExpectations): DelegationToken {
  const t = normalizeDelegationToken(token);
  checkTokenSignature('delegation', expect.publicKey, t.signature, delegationTokenPayload(t));
  if (expect.now.compare(t.expires_at) >= 0) throw new TokenError('delegation_token_expired', 'token expired');
  const delegator = trim(expect.delegator ?? '');
  if (delegator !== '' && t.delegator_identity !== delegator) throw new TokenError('delegation_token_delegator_mismatch', 'delegator mismatch');
  const delegate = trim(expect.delegate ?? '');
  if (delegate !== '' && t.delegate_identity !== delegate) throw new TokenError('delegation_token_delegate_mismatch', 'delegate mismatch');
  if (t.intent_digest !== '' && expect.intentDigest && t.intent_digest !== lowerTrim(expect.intentDigest)) {
    throw new TokenError('delegation_token_intent_mismatch', 'intent digest mismatch');
  }
  if (t.policy_digest !== '' && expect.policyDigest && t.policy_digest !== lowerTrim(expect.policyDigest)) {
    throw new TokenError('delegation_token_policy_mismatch', 'policy digest mismatch');
  }
  const required = normalizeStringListLower(expect.requiredScope ?? []);
  checkScope('delegation', t.scope, required);
  return t;
}
