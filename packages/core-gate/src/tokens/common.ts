/** What approval and delegation tokens share: header fields, schema check, signature and scope checks. */
import { InvalidInputError } from '@gait/core-errors';
import type { Ed25519KeyPair, Signature } from '@gait/core-sign';
import { type JsonObject, isObject, readString, readTime } from '../go/json-decode.js';
import { isHex64, lowerTrim, normalizeStringListLower, trim } from '../go/strings.js';
import { GoTime } from '../go/time.js';
import { TokenError } from './errors.js';
import { readSignature, signPayload, signatureProblem } from './signing.js';

type TokenKind = 'approval' | 'delegation';

export interface TokenHeader {
  schema_id: string;
  schema_version: string;
  created_at: GoTime;
  producer_version: string;
  token_id: string;
  expires_at: GoTime;
  signature: Signature | undefined;
}

/** The options every mint takes besides the token's own fields. */
export interface MintTiming {
  ttlNanos: bigint;
  /** Default now. */
  now?: GoTime;
  producerVersion?: string;
}

/** The unsigned header of a new token: TTL must be positive; `created_at` is in UTC. */
export function mintHeader(kind: TokenKind, schemaId: string, input: MintTiming) {
  if (input.ttlNanos <= 0n) throw new InvalidInputError(`${kind} token ttl must be > 0`, { code: 'invalid_ttl' });
  const createdAt = (input.now ?? GoTime.now()).utc();
  return { schema_id: schemaId, schema_version: '1.0.0', created_at: createdAt, producer_version: input.producerVersion ?? '0.0.0-dev', expires_at: createdAt.addNanos(input.ttlNanos) };
}

/** A minted token's scope: normalized, and at least one entry. */
export function mintScope(scope: readonly string[]): string[] {
  const normalized = normalizeStringListLower(scope);
  if (normalized.length === 0) throw new InvalidInputError('scope is required', { code: 'scope_required' });
  return normalized;
}

/** A digest a minted token binds: lower-cased sha256 hex, or "" when optional and absent. */
export function mintDigest(value: string | undefined, name: string, optional: boolean): string {
  const d = lowerTrim(value ?? '');
  if (d === '' && optional) return '';
  if (!isHex64(d)) throw new InvalidInputError(`${name} must be a sha256 hex digest (64 lowercase hex characters)`, { code: 'invalid_digest', details: { field: name } });
  return d;
}

/** The payload members every token starts with, in struct order. */
export function tokenHeaderPayload(t: TokenHeader | Omit<TokenHeader, 'signature'>): Record<string, unknown> {
  return {
    schema_id: t.schema_id,
    schema_version: t.schema_version,
    created_at: t.created_at.toRFC3339Nano(),
    producer_version: t.producer_version,
    token_id: t.token_id,
  };
}

/** Stamps the content-derived token id, then signs the payload. */
export function sealToken<B extends object>(
  keyPair: Ed25519KeyPair,
  base: B,
  tokenId: (base: B) => string,
  payload: (token: B & { token_id: string; signature: undefined }) => Record<string, unknown>,
): B & { token_id: string; signature: Signature } {
  const unsigned = { ...base, token_id: tokenId(base), signature: undefined };
  return { ...unsigned, signature: signPayload(keyPair, payload(unsigned)) };
}

/** A token file's JSON: the signed payload plus the signature, when there is one. */
export function tokenJson(payload: Record<string, unknown>, signature: Signature | undefined): Record<string, unknown> {
  if (signature) payload.signature = signature;
  return payload;
}

/** The header of a parsed token file; anything but a JSON object is rejected. */
export function decodeTokenHeader(value: unknown, kind: TokenKind): TokenHeader {
  if (!isObject(value)) throw new InvalidInputError(`${kind} token must be a JSON object`, { code: 'invalid_token' });
  const obj = value as JsonObject;
  const path = `${kind}_token`;
  return {
    schema_id: readString(obj, 'schema_id', path),
    schema_version: readString(obj, 'schema_version', path),
    created_at: readTime(obj, 'created_at', path),
    producer_version: readString(obj, 'producer_version', path),
    token_id: readString(obj, 'token_id', path),
    expires_at: readTime(obj, 'expires_at', path),
    signature: readSignature(obj),
  };
}

/** Schema defaults and checks, a trimmed id, and both timestamps set; failures are `<kind>_token_invalid`. */
export function normalizeTokenHeader<T extends TokenHeader>(t: T, schemaId: string, kind: TokenKind): T {
  const invalid = `${kind}_token_invalid`;
  const header = { ...t, schema_id: t.schema_id || schemaId, schema_version: t.schema_version || '1.0.0', token_id: trim(t.token_id) };
  if (header.schema_id !== schemaId || header.schema_version !== '1.0.0') throw new TokenError(invalid, `unsupported ${kind} token schema`);
  if (header.token_id === '') throw new TokenError(invalid, 'token_id is required');
  if (header.created_at.isZero() || header.expires_at.isZero()) throw new TokenError(invalid, 'created_at and expires_at are required');
  return header;
}

/** Key present, signature present, signature valid over the payload, in that order. */
export function checkTokenSignature(kind: TokenKind, publicKey: Uint8Array | undefined, signature: Signature | undefined, payload: Record<string, unknown>): void {
  if (!publicKey) throw new TokenError(`${kind}_token_signature_invalid`, 'verify key is not configured');
  if (!signature) throw new TokenError(`${kind}_token_signature_missing`, 'signature is missing');
  const problem = signatureProblem(publicKey, signature, payload);
  if (problem !== undefined) throw new TokenError(`${kind}_token_signature_invalid`, problem);
}

/** Every required scope is granted, or the token grants `*`. */
export function checkScope(kind: TokenKind, granted: readonly string[], required: readonly string[]): void {
  if (!granted.includes('*') && !required.every((s) => granted.includes(s))) throw new TokenError(`${kind}_token_scope_mismatch`, 'scope mismatch');
}
