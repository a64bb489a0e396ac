/** What approval and delegation tokens share: header fields, schema check, signature and scope checks. */
import type { Signature } from '@gait/core-sign';
import { type JsonObject, readString, readTime } from '../go/json-decode.js';
import { trim } from '../go/strings.js';
import type { GoTime } from '../go/time.js';
import { TokenError } from './errors.js';
import { readSignature, signatureProblem } from './signing.js';

export interface TokenHeader {
  schema_id: string;
  schema_version: string;
  created_at: GoTime;
  producer_version: string;
  token_id: string;
  expires_at: GoTime;
  signature: Signature | undefined;
}

export function decodeTokenHeader(value: JsonObject, path: string): TokenHeader {
  return {
    schema_id: readString(value, 'schema_id', path),
    schema_version: readString(value, 'schema_version', path),
    created_at: readTime(value, 'created_at', path),
    producer_version: readString(value, 'producer_version', path),
    token_id: readString(value, 'token_id', path),
    expires_at: readTime(value, 'expires_at', path),
    signature: readSignature(value),
  };
}

/** Schema defaults and checks, a trimmed id, and both timestamps set; failures are `<kind>_token_invalid`. */
export function normalizeTokenHeader<T extends TokenHeader>(t: T, schemaId: string, kind: 'approval' | 'delegation'): T {
  const invalid = `${kind}_token_invalid`;
  const header = { ...t, schema_id: t.schema_id || schemaId, schema_version: t.schema_version || '1.0.0', token_id: trim(t.token_id) };
  if (header.schema_id !== schemaId || header.schema_version !== '1.0.0') throw new TokenError(invalid, `unsupported ${kind} token schema`);
  if (header.token_id === '') throw new TokenError(invalid, 'token_id is required');
  if (header.created_at.isZero() || header.expires_at.isZero()) throw new TokenError(invalid, 'created_at and expires_at are required');
  return header;
}

/** Key present, signature present, signature valid over the payload, in that order. */
export function checkTokenSignature(kind: 'approval' | 'delegation', publicKey: Uint8Array | undefined, signature: Signature | undefined, payload: Record<string, unknown>): void {
  if (!publicKey) throw new TokenError(`${kind}_token_signature_invalid`, 'verify key is not configured');
  if (!signature) throw new TokenError(`${kind}_token_signature_missing`, 'signature is missing');
  const problem = signatureProblem(publicKey, signature, payload);
  if (problem !== undefined) throw new TokenError(`${kind}_token_signature_invalid`, problem);
}

/** Every required scope is granted, or the token grants `*`. */
export function checkScope(kind: 'approval' | 'delegation', granted: readonly string[], required: readonly string[]): void {
  if (!granted.includes('*') && !required.every((s) => granted.includes(s))) throw new TokenError(`${kind}_token_scope_mismatch`, 'scope mismatch');
}
