import { randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeStdBase64, encodeStdBase64 } from './base64.js';
import { memoByBytes } from './bytes-memo.js';
import { sha256Hex } from './digest.js';
import { ed25519 } from './ed25519/backend.js';
import { KeyError } from './errors.js';

/** An Ed25519 key pair in the reference's raw forms. */
export interface Ed25519KeyPair {
  /** 64 bytes: seed(32) ‖ public(32), Go's `ed25519.PrivateKey` layout. */
  readonly privateKey: Uint8Array;
  /** 32 raw bytes. */
  readonly publicKey: Uint8Array;
}

const seedLength = 32;
const publicKeyLength = 32;
const privateKeyLength = 64;

export function generateKeyPair(): Ed25519KeyPair {
  const seed = randomBytes(seedLength);
  try {
    return keyPairFromSeed(seed);
  } finally {
    seed.fill(0);
  }
}

export function keyPairFromSeed(seed: Uint8Array): Ed25519KeyPair {
  if (seed.length !== seedLength) {
    throw new KeyError(`invalid ed25519 seed length: ${seed.length} (expected ${seedLength} bytes)`, {
      code: 'key_length_invalid',
    });
  }
  const publicKey = ed25519().publicKeyFromSeed(seed);
  const privateKey = new Uint8Array(privateKeyLength);
  privateKey.set(seed, 0);
  privateKey.set(publicKey, seedLength);
  return Object.freeze({ privateKey, publicKey: privateKey.slice(seedLength) });
}

/** The reference's key id: lowercase hex sha256 of the 32 raw public-key bytes. */
export function keyId(publicKey: Uint8Array): string {
  assertPublicKeyLength(publicKey);
  return cachedKeyId(publicKey);
}

/** Signing and verifying ask for the key id on every call; hash each key array once. */
const cachedKeyId = memoByBytes(sha256Hex);

/** Private key file text: standard padded base64 of the 64 bytes, then a newline. */
export function encodePrivateKey(privateKey: Uint8Array): string {
  if (privateKey.length !== privateKeyLength) {
    throw new KeyError(`invalid private key length: ${privateKey.length}`, { code: 'key_length_invalid' });
  }
  return `${encodeStdBase64(privateKey)}\n`;
}

export function encodePublicKey(publicKey: Uint8Array): string {
  assertPublicKeyLength(publicKey);
  return `${encodeStdBase64(publicKey)}\n`;
}

/** Only these are trimmed from key files, as in the reference (env values get a full trim first). */
const keyTextTrim = /^[ \n\r\t]+|[ \n\r\t]+$/g;

/**
 * Parses private key text. Unlike the reference, which trusts the stored public half, this
 * re-derives it from the seed and refuses a mismatch: a spliced key would otherwise sign with one
 * key while reporting another's key_id.
 */
export function decodePrivateKey(text: string): Ed25519KeyPair {
  const bytes = decodeKeyBase64(text, 'private');
  if (bytes.length !== privateKeyLength) {
    throw new KeyError(`invalid private key length: ${bytes.length}`, { code: 'key_length_invalid' });
  }
  const keyPair = keyPairFromSeed(bytes.subarray(0, seedLength));
  if (!timingSafeEqual(keyPair.publicKey, bytes.subarray(seedLength))) {
    throw new KeyError('invalid private key: its public half does not match its seed', { code: 'key_pair_mismatch' });
  }
  return keyPair;
}

export function decodePublicKey(text: string): Uint8Array {
  const bytes = decodeKeyBase64(text, 'public');
  assertPublicKeyLength(bytes);
  return bytes;
}

function decodeKeyBase64(text: string, kind: 'private' | 'public'): Uint8Array {
  const decoded = decodeStdBase64(text.replace(keyTextTrim, ''));
  if (!decoded.ok) {
    throw new KeyError(`decode ${kind} key: ${decoded.message} (expected standard base64 with padding)`, {
      code: 'key_base64_invalid',
    });
  }
  return decoded.bytes;
}

export function assertPublicKeyLength(publicKey: Uint8Array): void {
  if (publicKey.length !== publicKeyLength) {
    throw new KeyError(`invalid public key length: ${publicKey.length}`, { code: 'key_length_invalid' });
  }
}
