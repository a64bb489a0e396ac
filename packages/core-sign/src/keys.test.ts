import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance, hasMade, madeDir } from '../../../test-support/conformance.js';
import { readPrivateKeyFile, readPublicKeyFile } from './key-files.js';
import {
  decodePrivateKey,
  decodePublicKey,
  encodePrivateKey,
  encodePublicKey,
  generateKeyPair,
  keyId,
  keyPairFromSeed,
} from './keys.js';
import { thrown } from './test-helpers.js';

announceSkip('core-sign reference key', hasConformance, conformanceDir);
announceSkip('core-sign made keys', hasMade, madeDir);

// artifacts.md §2.6: seed 00 01 … 1f.
const vectorSeed = Uint8Array.from({ length: 32 }, (_, i) => i);
const vectorPrivate = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8DoQe/884Qvh1w3RjnS8CZZ+TWMJulDV8d3IZkElUxuA==';
const vectorPublic = 'A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=';
const vectorKeyId = '56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c';

describe('key encoding', () => {
  it('derives the reference vector key pair from its seed', () => {
    const keyPair = keyPairFromSeed(vectorSeed);
    expect(encodePrivateKey(keyPair.privateKey)).toBe(`${vectorPrivate}\n`);
    expect(encodePublicKey(keyPair.publicKey)).toBe(`${vectorPublic}\n`);
    expect(keyId(keyPair.publicKey)).toBe(vectorKeyId);
  });

  it('decodes the key file texts back to the same pair, trimming only space, tab, CR and LF', () => {
    const keyPair = decodePrivateKey(` \t${vectorPrivate}\r\n\n`);
    expect(Array.from(keyPair.privateKey.subarray(0, 32))).toEqual(Array.from(vectorSeed));
    expect(keyId(decodePublicKey(`${vectorPublic}\n`))).toBe(vectorKeyId);
    expect(thrown(() => decodePublicKey(`\u00a0${vectorPublic}`)).code).toBe('key_base64_invalid');
  });

  it('round-trips a generated pair', () => {
    const keyPair = generateKeyPair();
    expect(keyPair.privateKey).toHaveLength(64);
    expect(keyPair.publicKey).toHaveLength(32);
    const back = decodePrivateKey(encodePrivateKey(keyPair.privateKey));
    expect(Buffer.from(back.privateKey).equals(Buffer.from(keyPair.privateKey))).toBe(true);
    expect(keyId(decodePublicKey(encodePublicKey(keyPair.publicKey)))).toBe(keyId(keyPair.publicKey));
  });

  it('generates a different key each time', () => {
    expect(keyId(generateKeyPair().publicKey)).not.toBe(keyId(generateKeyPair().publicKey));
  });

  it('reports wrong lengths with the reference messages', () => {
    const short = Buffer.alloc(63).toString('base64');
    expect(thrown(() => decodePrivateKey(short))).toMatchObject({
      message: 'invalid private key length: 63',
      code: 'key_length_invalid',
      exitCode: 6,
    });
    expect(thrown(() => decodePublicKey(Buffer.alloc(33).toString('base64'))).message).toBe('invalid public key length: 33');
    expect(thrown(() => keyId(new Uint8Array(31))).message).toBe('invalid public key length: 31');
    expect(thrown(() => keyPairFromSeed(new Uint8Array(64))).code).toBe('key_length_invalid');
  });

  it('refuses base64 that Node would silently skip over', () => {
    for (const bad of [`${vectorPublic.slice(0, 10)}*${vectorPublic.slice(11)}`, vectorPublic.replace(/=$/, ''), 'A===']) {
      const error = thrown(() => decodePublicKey(bad));
      expect(error.code).toBe('key_base64_invalid');
      expect(error.message).toMatch(/^decode public key: illegal base64 data at input byte \d+/);
    }
  });

  it('rejects a private key whose public half does not match its seed', () => {
    const keyPair = keyPairFromSeed(vectorSeed);
    const spliced = Buffer.concat([keyPair.privateKey.subarray(0, 32), generateKeyPair().publicKey]);
    expect(thrown(() => decodePrivateKey(spliced.toString('base64')))).toMatchObject({
      code: 'key_pair_mismatch',
      exitCode: 6,
    });
  });
});

describe.runIf(hasConformance)('reference example key', () => {
  const dir = join(conformanceDir, 'examples/scenarios/keys');
  it('loads with the key_id the spec gives and re-encodes byte for byte', () => {
    const keyPair = readPrivateKeyFile(join(dir, 'approval_private.key'));
    const publicKey = readPublicKeyFile(join(dir, 'approval_public.key'));
    expect(keyId(publicKey)).toBe('8393424682c702d59a923d26924b2d4827711e6c585117077766645e22efeb52');
    expect(keyId(keyPair.publicKey)).toBe(keyId(publicKey));
    expect(encodePrivateKey(keyPair.privateKey)).toBe(readFileSync(join(dir, 'approval_private.key'), 'utf8').trim() + '\n');
  });
});

describe.runIf(hasMade)('keys made by the reference binary', () => {
  it.each([
    ['prod', '4b89cef4f8fec3208effa4e859bb21feff783394c42042740352e0b9fabdb9dc'],
    ['approver', '15e35f0193f91c459796cde47e6c925c6929ee633cbf1b3940446d40dae11e38'],
  ])('%s loads with its key_id and matches keys_init output', (prefix, id) => {
    const keyPair = readPrivateKeyFile(join(madeDir, `keys/${prefix}_private.key`));
    const publicKey = readPublicKeyFile(join(madeDir, `keys/${prefix}_public.key`));
    expect(keyId(keyPair.publicKey)).toBe(id);
    expect(keyId(publicKey)).toBe(id);
    const initOut = JSON.parse(readFileSync(join(madeDir, `keys/keys_init_${prefix}.out.json`), 'utf8')) as { key_id: string };
    expect(initOut.key_id).toBe(id);
    expect(encodePrivateKey(keyPair.privateKey)).toBe(readFileSync(join(madeDir, `keys/${prefix}_private.key`), 'utf8'));
    expect(encodePublicKey(publicKey)).toBe(readFileSync(join(madeDir, `keys/${prefix}_public.key`), 'utf8'));
  });
});
