import { createRequire } from 'node:module';
import type { Ed25519Primitives } from './types.js';

interface Nacl {
  sign: {
    detached: ((message: Uint8Array, secretKey: Uint8Array) => Uint8Array) & {
      verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
    };
    keyPair: { fromSeed(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } };
  };
}

// Group order L, little-endian, as Ed25519 encodes scalars.
const groupOrder = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex');

/**
 * Go's verifier (and OpenSSL's) rejects a signature whose scalar S is not below L; tweetnacl does not
 * check, so a malleated signature would verify only on the fallback path.
 */
function scalarIsCanonical(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i]!;
    const l = groupOrder[i]!;
    if (s !== l) return s < l;
  }
  return false;
}

/** Loaded on first use only, so the node:crypto path never pays for the pure-JS library. */
export function loadTweetnaclEd25519(): Ed25519Primitives {
  const nacl = createRequire(import.meta.url)('tweetnacl') as Nacl;
  return {
    name: 'tweetnacl',
    publicKeyFromSeed(seed) {
      return nacl.sign.keyPair.fromSeed(seed).publicKey;
    },
    sign(privateKey, message) {
      return nacl.sign.detached(message, privateKey);
    },
    verify(publicKey, message, signature) {
      if (!scalarIsCanonical(signature)) return false;
      try {
        return nacl.sign.detached.verify(message, signature, publicKey);
      } catch {
        return false;
      }
    },
  };
}
