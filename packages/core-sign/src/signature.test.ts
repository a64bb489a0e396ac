import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../test-support/conformance.js';
import { digestCanonical } from './digest.js';
import { readPublicKeyFile } from './key-files.js';
import { generateKeyPair, keyId, keyPairFromSeed } from './keys.js';
import { parseJsonStrict } from './parse-json-strict.js';
import {
  type Signature,
  signBytes,
  signCanonical,
  signDigestHex,
  verifyBytes,
  verifyCanonical,
  verifyDigestHex,
} from './signature.js';
import { thrown } from './test-helpers.js';

announceSkip('core-sign made traces', hasMade, madeDir);

const keyPair = keyPairFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i));
const payload = { b: 2, a: 1 };
// artifacts.md §2.6
const vectorDigest = '43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777';
const vectorSig = 'rLX51HbnOxCggTvASlDhn61bJoOyAwjXZGjINqm+YOXDxJgMkhLB77bQBRz/cl9DzXIh0GxU3PVXQL+W8jUJBg==';

describe('signing', () => {
  it('reproduces the reference signing vector', () => {
    expect(signCanonical(keyPair, payload)).toEqual({
      alg: 'ed25519',
      key_id: '56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c',
      sig: vectorSig,
      signed_digest: vectorDigest,
    });
  });

  it('signs the 32 raw digest bytes, not the hex text', () => {
    const sig = Buffer.from(signDigestHex(keyPair, vectorDigest).sig, 'base64');
    expect(verifyBytes(keyPair.publicKey, Buffer.from(vectorDigest, 'hex'), sig)).toBe(true);
    expect(verifyBytes(keyPair.publicKey, Buffer.from(vectorDigest, 'utf8'), sig)).toBe(false);
  });

  it('refuses to sign something that is not a 32-byte hex digest', () => {
    expect(thrown(() => signDigestHex(keyPair, 'abcd'))).toMatchObject({ code: 'digest_length_invalid', exitCode: 6 });
    expect(thrown(() => signDigestHex(keyPair, 'zz'))).toMatchObject({ code: 'digest_decode_failed' });
  });

  it('verifies what it signs, and verifies regardless of key order in the payload', () => {
    const signature = signCanonical(keyPair, payload);
    expect(() => verifyCanonical(keyPair.publicKey, signature, { a: 1, b: 2 })).not.toThrow();
    expect(() => verifyDigestHex(keyPair.publicKey, signature, vectorDigest)).not.toThrow();
  });
});

describe('verifyDigestHex error cases (artifacts.md §2.4), in the reference order', () => {
  const good: Signature = { alg: 'ed25519', key_id: keyId(keyPair.publicKey), sig: vectorSig, signed_digest: vectorDigest };
  const other = generateKeyPair();
  const cases: { name: string; signature: Signature; digest?: string; publicKey?: Uint8Array; message: string; code: string }[] = [
    { name: 'empty signed_digest', signature: { ...good, signed_digest: '' }, message: 'missing signed_digest', code: 'signed_digest_missing' },
    {
      name: 'absent signed_digest (checked before alg)',
      signature: { alg: 'rsa', key_id: 'x', sig: '' },
      message: 'missing signed_digest',
      code: 'signed_digest_missing',
    },
    {
      name: 'payload changed',
      signature: good,
      digest: digestCanonical({ a: 1, b: 3 }),
      message: 'signed_digest mismatch',
      code: 'signed_digest_mismatch',
    },
    {
      name: 'upper-case signed_digest (exact compare)',
      signature: { ...good, signed_digest: vectorDigest.toUpperCase() },
      message: 'signed_digest mismatch',
      code: 'signed_digest_mismatch',
    },
    {
      name: 'digest not hex',
      signature: { ...good, signed_digest: 'xy' },
      digest: 'xy',
      message: "decode digest: encoding/hex: invalid byte: U+0078 'x'",
      code: 'digest_decode_failed',
    },
    {
      name: 'odd-length digest',
      signature: { ...good, signed_digest: 'abc' },
      digest: 'abc',
      message: 'decode digest: encoding/hex: odd length hex string',
      code: 'digest_decode_failed',
    },
    {
      name: 'short digest',
      signature: { ...good, signed_digest: 'abcd' },
      digest: 'abcd',
      message: 'invalid digest length: 2',
      code: 'digest_length_invalid',
    },
    { name: 'other alg', signature: { ...good, alg: 'ES256' }, message: 'unsupported alg: ES256', code: 'unsupported_alg' },
    {
      name: 'alg is case-sensitive (checked before key_id)',
      signature: { ...good, alg: 'Ed25519', key_id: 'nope' },
      message: 'unsupported alg: Ed25519',
      code: 'unsupported_alg',
    },
    {
      name: 'key_id of another key',
      signature: good,
      publicKey: other.publicKey,
      message: 'key id mismatch',
      code: 'key_id_mismatch',
    },
    { name: 'sig not base64', signature: { ...good, sig: 'not base64!' }, message: 'decode sig: illegal base64 data at input byte 3', code: 'signature_decode_failed' },
    { name: 'sig too short', signature: { ...good, sig: Buffer.alloc(63).toString('base64') }, message: 'invalid signature length: 63', code: 'signature_length_invalid' },
    { name: 'empty sig', signature: { ...good, sig: '' }, message: 'invalid signature length: 0', code: 'signature_length_invalid' },
    {
      name: 'signature of other bytes',
      signature: { ...good, sig: Buffer.from(signBytes(keyPair, new Uint8Array(32))).toString('base64') },
      message: 'signature verification failed',
      code: 'signature_invalid',
    },
    {
      name: 'valid-looking signature by another key with the key_id left empty',
      signature: { ...signDigestHex(other, vectorDigest), key_id: '' },
      message: 'signature verification failed',
      code: 'signature_invalid',
    },
  ];

  it.each(cases)('$name → $message', ({ signature, digest, publicKey, message, code }) => {
    const error = thrown(() => verifyDigestHex(publicKey ?? keyPair.publicKey, signature, digest ?? vectorDigest));
    expect(error).toMatchObject({ name: 'SignatureError', message, code, exitCode: 2 });
  });

  it('accepts an empty key_id when the signature is valid', () => {
    expect(() => verifyDigestHex(keyPair.publicKey, { ...good, key_id: '' }, vectorDigest)).not.toThrow();
  });

  it('treats a malformed envelope as a verification failure, not a crash', () => {
    expect(thrown(() => verifyDigestHex(keyPair.publicKey, null as unknown as Signature, vectorDigest))).toMatchObject({
      code: 'signature_malformed',
      exitCode: 2,
    });
    expect(
      thrown(() => verifyDigestHex(keyPair.publicKey, { ...good, sig: 7 } as unknown as Signature, vectorDigest)),
    ).toMatchObject({ code: 'signature_malformed' });
  });

  it('rejects a verify key of the wrong length as a key error', () => {
    expect(thrown(() => verifyDigestHex(new Uint8Array(31), good, vectorDigest))).toMatchObject({
      name: 'KeyError',
      exitCode: 6,
    });
  });
});

describe('verifyBytes', () => {
  const message = new TextEncoder().encode('hello');
  const sig = signBytes(keyPair, message);

  it('is true only for the right key, message and signature', () => {
    expect(sig).toHaveLength(64);
    expect(verifyBytes(keyPair.publicKey, message, sig)).toBe(true);
    expect(verifyBytes(generateKeyPair().publicKey, message, sig)).toBe(false);
    expect(verifyBytes(keyPair.publicKey, new TextEncoder().encode('hellO'), sig)).toBe(false);
    const flipped = Uint8Array.from(sig);
    flipped[10]! ^= 1;
    expect(verifyBytes(keyPair.publicKey, message, flipped)).toBe(false);
  });

  it('returns false instead of throwing on wrong lengths', () => {
    expect(verifyBytes(keyPair.publicKey, message, sig.subarray(0, 63))).toBe(false);
    expect(verifyBytes(keyPair.publicKey.subarray(0, 31), message, sig)).toBe(false);
  });
});

describe.runIf(hasMade)('traces signed by the reference binary (gate.md §4)', () => {
  const publicKey = (): Uint8Array => readPublicKeyFile(join(madeDir, 'keys/prod_public.key'));
  const readTrace = (path: string): { signature: Signature; unsigned: Record<string, unknown> } => {
    const { signature, ...unsigned } = parseJsonStrict(readFileSync(join(madeDir, path), 'utf8')) as Record<string, unknown>;
    return { signature: signature as Signature, unsigned };
  };

  it.each(['traces/trace_allow.json', 'traces/trace_block.json', 'traces/trace_require_approval.json', 'tokens/trace_approved.json'])(
    '%s verifies over its canonical form without its signature',
    (path) => {
      const { signature, unsigned } = readTrace(path);
      expect(signature.signed_digest).toBe(digestCanonical(unsigned));
      expect(() => verifyCanonical(publicKey(), signature, unsigned)).not.toThrow();
    },
  );

  it('re-signing a made trace with the made key gives the reference signature byte for byte', async () => {
    const { readPrivateKeyFile } = await import('./key-files.js');
    const { signature, unsigned } = readTrace('traces/trace_block.json');
    expect(signCanonical(readPrivateKeyFile(join(madeDir, 'keys/prod_private.key')), unsigned)).toEqual(signature);
  });

  it('reports an altered verdict as the reference does (signed_digest mismatch)', () => {
    const { signature, unsigned } = readTrace('negative/trace_block_altered_verdict.json');
    const expected = JSON.parse(readFileSync(join(madeDir, 'negative/trace_block_altered_verdict.verify.out.json'), 'utf8')) as {
      error: string;
    };
    expect(thrown(() => verifyCanonical(publicKey(), signature, unsigned)).message).toBe(expected.error);
  });

  it('reports the wrong key as the reference does (key id mismatch)', () => {
    const { signature, unsigned } = readTrace('traces/trace_allow.json');
    const expected = JSON.parse(readFileSync(join(madeDir, 'traces/trace_verify_allow_wrongkey.out.json'), 'utf8')) as {
      error: string;
    };
    const approver = readPublicKeyFile(join(madeDir, 'keys/approver_public.key'));
    expect(thrown(() => verifyCanonical(approver, signature, unsigned)).message).toBe(expected.error);
  });
});
