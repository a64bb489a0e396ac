import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readPrivateKeyFile, readPublicKeyFile, writeKeyPairFiles } from '../key-files.js';
import { generateKeyPair, keyPairFromSeed } from '../keys.js';
import { signBytes, signCanonical, verifyBytes, verifyCanonical } from '../signature.js';
import { backendEnvVar, ed25519Backend, setEd25519BackendForTesting } from './backend.js';
import type { Ed25519Backend } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'core-sign-backend-'));
const envBefore = process.env[backendEnvVar];
delete process.env[backendEnvVar];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (envBefore !== undefined) process.env[backendEnvVar] = envBefore;
});
afterEach(() => {
  setEd25519BackendForTesting();
  delete process.env[backendEnvVar];
});

function using<T>(backend: Ed25519Backend, fn: () => T): T {
  setEd25519BackendForTesting(backend);
  expect(ed25519Backend()).toBe(backend);
  return fn();
}

const seeds = [new Uint8Array(32), Uint8Array.from({ length: 32 }, (_, i) => i), Uint8Array.from({ length: 32 }, () => 0xff)];
const messages = [new Uint8Array(0), new Uint8Array(32).fill(7), new TextEncoder().encode('x'.repeat(5000))];

/** S + L: the same signature in non-canonical form, which Go rejects and naive verifiers accept. */
function malleate(signature: Uint8Array): Uint8Array {
  const order = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex');
  const out = Uint8Array.from(signature);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = out[32 + i]! + order[i]! + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}

describe('Ed25519 backends', () => {
  it('uses node:crypto by default', () => {
    setEd25519BackendForTesting();
    expect(ed25519Backend()).toBe('node-crypto');
  });

  it('honours GAIT_ED25519_BACKEND and rejects unknown values', () => {
    process.env[backendEnvVar] = 'tweetnacl';
    setEd25519BackendForTesting();
    expect(ed25519Backend()).toBe('tweetnacl');
    process.env[backendEnvVar] = 'libsodium';
    setEd25519BackendForTesting();
    expect(() => ed25519Backend()).toThrow(/GAIT_ED25519_BACKEND must be "node-crypto" or "tweetnacl"/);
  });

  it('derive the same public keys and byte-identical signatures', () => {
    for (const seed of seeds) {
      const nodePair = using('node-crypto', () => keyPairFromSeed(seed));
      const naclPair = using('tweetnacl', () => keyPairFromSeed(seed));
      expect(Buffer.from(naclPair.privateKey).equals(Buffer.from(nodePair.privateKey))).toBe(true);
      for (const message of messages) {
        const nodeSig = using('node-crypto', () => signBytes(nodePair, message));
        const naclSig = using('tweetnacl', () => signBytes(naclPair, message));
        expect(Buffer.from(naclSig).toString('hex')).toBe(Buffer.from(nodeSig).toString('hex'));
        expect(using('tweetnacl', () => verifyBytes(nodePair.publicKey, message, nodeSig))).toBe(true);
        expect(using('node-crypto', () => verifyBytes(naclPair.publicKey, message, naclSig))).toBe(true);
      }
    }
  });

  it.each([
    ['node-crypto', 'tweetnacl'],
    ['tweetnacl', 'node-crypto'],
  ] as const)('a key pair written under %s loads, signs and verifies under %s', (writer, reader) => {
    const privatePath = join(dir, `${writer}_private.key`);
    const publicPath = join(dir, `${writer}_public.key`);
    const signature = using(writer, () => {
      const keyPair = generateKeyPair();
      writeKeyPairFiles(privatePath, publicPath, keyPair);
      return signCanonical(keyPair, { written: writer });
    });
    using(reader, () => {
      const keyPair = readPrivateKeyFile(privatePath);
      const publicKey = readPublicKeyFile(publicPath);
      expect(() => verifyCanonical(publicKey, signature, { written: writer })).not.toThrow();
      expect(signCanonical(keyPair, { written: writer })).toEqual(signature);
    });
  });

  it.each(['node-crypto', 'tweetnacl'] as const)('%s rejects a non-canonical (malleated) signature as Go does', (backend) => {
    using(backend, () => {
      const keyPair = keyPairFromSeed(seeds[1]!);
      const message = messages[1]!;
      const signature = signBytes(keyPair, message);
      expect(verifyBytes(keyPair.publicKey, message, signature)).toBe(true);
      expect(verifyBytes(keyPair.publicKey, message, malleate(signature))).toBe(false);
    });
  });

  it.each(['node-crypto', 'tweetnacl'] as const)('%s returns false for a public key that is not a curve point', (backend) => {
    using(backend, () => {
      const keyPair = keyPairFromSeed(seeds[1]!);
      const signature = signBytes(keyPair, messages[0]!);
      // y = 2 has no x on edwards25519, so this cannot decode as a point.
      const notAPoint = new Uint8Array(32);
      notAPoint[0] = 2;
      expect(verifyBytes(notAPoint, messages[0]!, signature)).toBe(false);
    });
  });
});
