import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeKeyPairFiles } from './key-files.js';
import { devModeWarning, loadSigningKey, loadVerifyKey } from './key-sources.js';
import { encodePrivateKey, encodePublicKey, generateKeyPair, keyId } from './keys.js';
import { thrown } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'core-sign-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyPair = generateKeyPair();
const other = generateKeyPair();
const privatePath = join(dir, 'k_private.key');
const publicPath = join(dir, 'k_public.key');
const otherPrivatePath = join(dir, 'o_private.key');
const otherPublicPath = join(dir, 'o_public.key');
writeKeyPairFiles(privatePath, publicPath, keyPair);
writeKeyPairFiles(otherPrivatePath, otherPublicPath, other);

const env = {
  PRIV: `  ${encodePrivateKey(keyPair.privateKey)}\u00a0`, // env values get Go's full TrimSpace
  PUB: encodePublicKey(keyPair.publicKey),
  OTHER_PUB: encodePublicKey(other.publicKey),
  BLANK: ' \n',
};

const id = keyId(keyPair.publicKey);

describe('loadSigningKey', () => {
  it('dev mode makes a fresh ephemeral key pair with the reference warning', () => {
    const a = loadSigningKey({ keyMode: 'dev' });
    const b = loadSigningKey({ keyMode: 'dev' });
    expect(a.warnings).toEqual([devModeWarning]);
    expect(devModeWarning).toBe('dev mode: ephemeral keypair generated; signatures will not verify across machines');
    expect(keyId(a.keyPair.publicKey)).not.toBe(keyId(b.keyPair.publicKey));
  });

  it.each([{ privateKeyPath: privatePath }, { privateKeyEnv: 'PRIV' }, { publicKeyPath: publicPath }])(
    'dev mode refuses an explicit key source %o',
    (source) => {
      expect(thrown(() => loadSigningKey({ keyMode: 'dev', env, ...source }))).toMatchObject({
        message: 'dev mode does not accept explicit key sources',
        exitCode: 6,
      });
    },
  );

  it('prod is the default and needs a private source', () => {
    expect(thrown(() => loadSigningKey({}))).toMatchObject({ message: 'prod mode requires a private key source', code: 'key_source_missing' });
    expect(thrown(() => loadSigningKey({ keyMode: 'prod', privateKeyPath: '  ' })).code).toBe('key_source_missing');
  });

  it('loads from a path or an env var, with no warnings', () => {
    const fromPath = loadSigningKey({ keyMode: 'prod', privateKeyPath: privatePath });
    expect(keyId(fromPath.keyPair.publicKey)).toBe(id);
    expect(fromPath.warnings).toEqual([]);
    expect(keyId(loadSigningKey({ privateKeyEnv: 'PRIV', env }).keyPair.publicKey)).toBe(id);
  });

  it('reads process.env when no env is given', () => {
    process.env.CORE_SIGN_TEST_PRIV = encodePrivateKey(keyPair.privateKey);
    try {
      expect(keyId(loadSigningKey({ privateKeyEnv: 'CORE_SIGN_TEST_PRIV' }).keyPair.publicKey)).toBe(id);
    } finally {
      delete process.env.CORE_SIGN_TEST_PRIV;
    }
  });

  it('reports the reference errors for conflicting, unset and unknown sources', () => {
    expect(thrown(() => loadSigningKey({ privateKeyPath: privatePath, privateKeyEnv: 'PRIV', env })).message).toBe(
      'private key source: set either path or env',
    );
    expect(thrown(() => loadSigningKey({ privateKeyEnv: 'BLANK', env })).message).toBe('private key env not set: BLANK');
    expect(thrown(() => loadSigningKey({ privateKeyEnv: 'MISSING', env })).message).toBe('private key env not set: MISSING');
    expect(thrown(() => loadSigningKey({ keyMode: 'staging' as 'prod' })).message).toBe('unsupported key mode: "staging"');
  });

  it('checks a public source given alongside the private one', () => {
    expect(keyId(loadSigningKey({ privateKeyPath: privatePath, publicKeyEnv: 'PUB', env }).keyPair.publicKey)).toBe(id);
    expect(thrown(() => loadSigningKey({ privateKeyPath: privatePath, publicKeyPath: otherPublicPath }))).toMatchObject({
      message: 'public key does not match private key',
      code: 'key_pair_mismatch',
      exitCode: 6,
    });
  });
});

describe('loadVerifyKey', () => {
  it('prefers a public source over a private one', () => {
    const key = loadVerifyKey({ publicKeyPath: otherPublicPath, privateKeyPath: privatePath });
    expect(key && keyId(key)).toBe(keyId(other.publicKey));
    const fromEnv = loadVerifyKey({ publicKeyEnv: 'PUB', env });
    expect(fromEnv && keyId(fromEnv)).toBe(id);
  });

  it('derives the key from a private source', () => {
    const key = loadVerifyKey({ privateKeyEnv: 'PRIV', env });
    expect(key && keyId(key)).toBe(id);
  });

  it('returns undefined without a source', () => {
    expect(loadVerifyKey({})).toBeUndefined();
    expect(loadVerifyKey({ publicKeyPath: '', privateKeyEnv: ' ' })).toBeUndefined();
  });

  it('rejects a path and an env var for the same key', () => {
    expect(thrown(() => loadVerifyKey({ publicKeyPath: publicPath, publicKeyEnv: 'PUB', env })).message).toBe(
      'public key source: set either path or env',
    );
    expect(thrown(() => loadVerifyKey({ publicKeyEnv: 'NOPE', env })).message).toBe('public key env not set: NOPE');
  });
});
