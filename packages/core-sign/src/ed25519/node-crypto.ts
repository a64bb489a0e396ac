import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { memoByBytes } from '../bytes-memo.js';
import type { Ed25519Primitives } from './types.js';

// DER wrappers that let node:crypto import raw Ed25519 keys (RFC 8410 PKCS8 and SPKI).
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

/** KeyObjects are imported once per key array: an import costs far more than a signature. */
const privateKeyObject = memoByBytes((raw) =>
  createPrivateKey({ key: Buffer.concat([pkcs8Prefix, raw.subarray(0, 32)]), format: 'der', type: 'pkcs8' }),
);

const publicKeyObject = memoByBytes((raw) => createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' }));

function toUint8Array(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export const nodeCryptoEd25519: Ed25519Primitives = {
  name: 'node-crypto',
  publicKeyFromSeed(seed) {
    const privateKey = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    return toUint8Array(Buffer.from(spki.subarray(spkiPrefix.length)));
  },
  sign(privateKey, message) {
    return toUint8Array(sign(null, message, privateKeyObject(privateKey)));
  },
  verify(publicKey, message, signature) {
    try {
      return verify(null, message, publicKeyObject(publicKey), signature);
    } catch {
      // OpenSSL refuses some malformed public keys outright; for a verifier that is just "invalid".
      return false;
    }
  },
};

/** Whether this Node build can do Ed25519 at all (FIPS-only or stripped builds may not). */
export function nodeCryptoEd25519Available(): boolean {
  try {
    const seed = new Uint8Array(32);
    const publicKey = nodeCryptoEd25519.publicKeyFromSeed(seed);
    const message = new Uint8Array([1]);
    const signature = nodeCryptoEd25519.sign(concat(seed, publicKey), message);
    return nodeCryptoEd25519.verify(publicKey, message, signature);
  } catch {
    return false;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
