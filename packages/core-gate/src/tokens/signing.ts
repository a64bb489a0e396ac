/** Signing and checking a token payload the reference's way (JCS digest, Ed25519 over its bytes). */
import { type Ed25519KeyPair, type Signature, SignatureError, signDigestHex, verifyDigestHex } from '@gait/core-sign';
import { digestJcs } from '../digest.js';
import { type JsonObject, isObject } from '../go/json-decode.js';

export function signPayload(keyPair: Ed25519KeyPair, payload: Record<string, unknown>): Signature {
  return signDigestHex(keyPair, digestJcs(payload));
}

/**
 * Checks `signature` over `payload` with the reference's checks and messages (non-empty
 * signed_digest equal to the recomputed digest, alg ed25519, key id, Ed25519 over the 32 digest
 * bytes). Returns the failure message, or undefined when the signature holds.
 */
export function signatureProblem(publicKey: Uint8Array, signature: Signature, payload: Record<string, unknown>): string | undefined {
  try {
    verifyDigestHex(publicKey, signature, digestJcs(payload));
    return undefined;
  } catch (error) {
    if (error instanceof SignatureError) return error.message;
    throw error;
  }
}

/** The `signature` member as Go decodes it; undefined when absent or null. */
export function readSignature(value: JsonObject): Signature | undefined {
  let raw: unknown;
  for (const key of Object.keys(value)) if (key.toLowerCase() === 'signature') raw = value[key];
  if (!isObject(raw)) return undefined;
  const text = (name: string) => {
    const v = raw[name];
    return typeof v === 'string' ? v : '';
  };
  return { alg: text('alg'), key_id: text('key_id'), sig: text('sig'), signed_digest: text('signed_digest') };
}
