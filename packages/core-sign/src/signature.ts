import { InvalidInputError } from '@gait/core-errors';
import { decodeHex, decodeStdBase64, encodeStdBase64 } from './base64.js';
import { digestCanonical } from './digest.js';
import { ed25519 } from './ed25519/backend.js';
import { KeyError, SignatureError } from './errors.js';
import { type Ed25519KeyPair, assertPublicKeyLength, keyId } from './keys.js';

/** The reference's signature envelope, as it appears in `signatures: [...]` or `signature`. */
export interface Signature {
  alg: string;
  key_id: string;
  /** Standard base64 (padded) of the 64-byte Ed25519 signature. */
  sig: string;
  /** Hex digest whose 32 raw bytes were signed. Optional in the schema; every Gait signer sets it. */
  signed_digest?: string;
}

export const signatureAlgorithm = 'ed25519';

/**
 * Signs a digest the way the reference does: Ed25519 over the 32 raw digest bytes (not the hex
 * text, not the JSON). Ed25519 is deterministic, so the same key and digest give the same `sig`.
 */
export function signDigestHex(keyPair: Ed25519KeyPair, digestHex: string): Signature {
  const digest = decodeDigest(digestHex, (message, code) => new InvalidInputError(message, { code }));
  return {
    alg: signatureAlgorithm,
    key_id: keyId(keyPair.publicKey),
    sig: encodeStdBase64(signBytes(keyPair, digest)),
    signed_digest: digestHex,
  };
}

export function signCanonical(keyPair: Ed25519KeyPair, value: unknown): Signature {
  return signDigestHex(keyPair, digestCanonical(value));
}

/**
 * Checks one signature against the digest the caller recomputed from the signable payload. The
 * checks, their order and their messages are the reference's (artifacts.md §2.4), so the first
 * failure reported is the one Go reports. Throws SignatureError; returns nothing on success.
 */
export function verifyDigestHex(publicKey: Uint8Array, signature: Signature, digestHex: string): void {
  assertPublicKeyLength(publicKey);
  const envelope = readEnvelope(signature);
  if (envelope.signedDigest === '') fail('missing signed_digest', 'signed_digest_missing');
  if (envelope.signedDigest !== digestHex) fail('signed_digest mismatch', 'signed_digest_mismatch');
  const digest = decodeDigest(digestHex, fail);
  if (envelope.alg !== signatureAlgorithm) fail(`unsupported alg: ${envelope.alg}`, 'unsupported_alg');
  if (envelope.keyId !== '' && envelope.keyId !== keyId(publicKey)) fail('key id mismatch', 'key_id_mismatch');
  const sig = decodeStdBase64(envelope.sig);
  if (!sig.ok) fail(`decode sig: ${sig.message}`, 'signature_decode_failed');
  if (sig.bytes.length !== 64) fail(`invalid signature length: ${sig.bytes.length}`, 'signature_length_invalid');
  if (!ed25519().verify(publicKey, digest, sig.bytes)) fail('signature verification failed', 'signature_invalid');
}

export function verifyCanonical(publicKey: Uint8Array, signature: Signature, value: unknown): void {
  verifyDigestHex(publicKey, signature, digestCanonical(value));
}

/** Raw Ed25519 signature (64 bytes) of `message`. */
export function signBytes(keyPair: Ed25519KeyPair, message: Uint8Array): Uint8Array {
  if (keyPair.privateKey.length !== 64) {
    throw new KeyError(`invalid private key length: ${keyPair.privateKey.length}`, { code: 'key_length_invalid' });
  }
  return ed25519().sign(keyPair.privateKey, message);
}

/** False for any bad signature, including wrong lengths; never throws for untrusted input. */
export function verifyBytes(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  return ed25519().verify(publicKey, message, signature);
}

function fail(message: string, code: string): never {
  throw new SignatureError(message, { code });
}

interface Envelope {
  readonly alg: string;
  readonly keyId: string;
  readonly sig: string;
  readonly signedDigest: string;
}

/**
 * Signatures arrive from untrusted JSON. Go decodes a missing or null field as "", so a missing
 * field reads as empty here too; any other non-string type is malformed.
 */
function readEnvelope(signature: Signature): Envelope {
  if (signature === null || typeof signature !== 'object' || Array.isArray(signature)) {
    fail('signature must be an object with alg, key_id, sig and signed_digest', 'signature_malformed');
  }
  const field = (name: keyof Signature): string => {
    const value: unknown = signature[name];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') fail(`signature field ${name} must be a string`, 'signature_malformed');
    return value;
  };
  return { alg: field('alg'), keyId: field('key_id'), sig: field('sig'), signedDigest: field('signed_digest') };
}

function decodeDigest(digestHex: string, raise: (message: string, code: string) => Error): Uint8Array {
  const decoded = decodeHex(digestHex);
  if (!decoded.ok) throw raise(`decode digest: ${decoded.message}`, 'digest_decode_failed');
  if (decoded.bytes.length !== 32) throw raise(`invalid digest length: ${decoded.bytes.length}`, 'digest_length_invalid');
  return decoded.bytes;
}
