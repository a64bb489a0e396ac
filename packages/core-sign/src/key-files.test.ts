import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPrivateKeyFile, readPublicKeyFile, writeKeyPairFiles } from './key-files.js';
import { encodePrivateKey, encodePublicKey, generateKeyPair, keyId } from './keys.js';
import { thrown } from './test-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'core-sign-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `case-${n++}`);

const posix = process.platform !== 'win32';
const root0 = process.getuid?.() === 0;
if (!posix) console.warn('[skipped] core-sign file-mode tests: POSIX modes do not apply on Windows');
if (root0) console.warn('[skipped] core-sign unreadable-file test: running as root, which can read any file');

describe('writeKeyPairFiles', () => {
  it('writes base64 + newline files that read back to the same pair, creating directories', () => {
    const dir = join(freshDir(), 'nested/keys');
    const keyPair = generateKeyPair();
    writeKeyPairFiles(join(dir, 'gait_private.key'), join(dir, 'gait_public.key'), keyPair);
    expect(readFileSync(join(dir, 'gait_private.key'), 'utf8')).toBe(encodePrivateKey(keyPair.privateKey));
    expect(readFileSync(join(dir, 'gait_public.key'), 'utf8')).toBe(encodePublicKey(keyPair.publicKey));
    expect(keyId(readPrivateKeyFile(join(dir, 'gait_private.key')).publicKey)).toBe(keyId(keyPair.publicKey));
    expect(keyId(readPublicKeyFile(join(dir, 'gait_public.key')))).toBe(keyId(keyPair.publicKey));
    expect(readdirSync(dir).sort()).toEqual(['gait_private.key', 'gait_public.key']); // no temp files left
  });

  it.runIf(posix)('sets 0600 on the private key and 0644 on the public key whatever the umask', () => {
    const dir = freshDir();
    const previous = process.umask(0o077);
    try {
      writeKeyPairFiles(join(dir, 'a_private.key'), join(dir, 'a_public.key'), generateKeyPair());
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, 'a_private.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'a_public.key')).mode & 0o777).toBe(0o644);
  });

  it('refuses existing files (private checked first) and writes nothing', () => {
    const dir = freshDir();
    mkdirSync(dir);
    const privatePath = join(dir, 'p_private.key');
    const publicPath = join(dir, 'p_public.key');
    writeFileSync(publicPath, 'old public\n');
    expect(thrown(() => writeKeyPairFiles(privatePath, publicPath, generateKeyPair()))).toMatchObject({
      code: 'key_file_exists',
      message: `public key path already exists (use --force): ${publicPath}`,
      exitCode: 6,
    });
    expect(readdirSync(dir)).toEqual(['p_public.key']);
    writeFileSync(privatePath, 'old private\n');
    expect(thrown(() => writeKeyPairFiles(privatePath, publicPath, generateKeyPair())).message).toMatch(/^private key path/);
    expect(readFileSync(publicPath, 'utf8')).toBe('old public\n');
  });

  it('replaces existing files with overwrite', () => {
    const dir = freshDir();
    const first = generateKeyPair();
    const second = generateKeyPair();
    writeKeyPairFiles(join(dir, 'k_private.key'), join(dir, 'k_public.key'), first);
    writeKeyPairFiles(join(dir, 'k_private.key'), join(dir, 'k_public.key'), second, { overwrite: true });
    expect(keyId(readPublicKeyFile(join(dir, 'k_public.key')))).toBe(keyId(second.publicKey));
    expect(readdirSync(dir).sort()).toEqual(['k_private.key', 'k_public.key']);
  });

  it('leaves no private key behind when the public key cannot be written', () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, 'blocker'), 'a file, not a directory');
    const error = thrown(() => writeKeyPairFiles(join(dir, 'x_private.key'), join(dir, 'blocker/x_public.key'), generateKeyPair()));
    expect(error).toMatchObject({ code: 'key_file_write_failed', exitCode: 1 });
    expect(readdirSync(dir)).toEqual(['blocker']);
  });

  it('refuses a key pair of the wrong shape before touching the disk', () => {
    const dir = freshDir();
    const bad = { privateKey: new Uint8Array(10), publicKey: new Uint8Array(32) };
    expect(thrown(() => writeKeyPairFiles(join(dir, 'a'), join(dir, 'b'), bad)).code).toBe('key_length_invalid');
    expect(() => statSync(dir)).toThrow();
  });
});

describe('reading key files', () => {
  it('reports a missing file as invalid input naming the path', () => {
    const path = join(root, 'does-not-exist.key');
    const error = thrown(() => readPrivateKeyFile(path));
    expect(error).toMatchObject({ code: 'key_file_unreadable', exitCode: 6 });
    expect(error.message).toContain(path);
  });

  it.runIf(posix && !root0)('reports an unreadable file the same way', () => {
    const dir = freshDir();
    const keyPair = generateKeyPair();
    writeKeyPairFiles(join(dir, 'u_private.key'), join(dir, 'u_public.key'), keyPair);
    chmodSync(join(dir, 'u_public.key'), 0);
    expect(thrown(() => readPublicKeyFile(join(dir, 'u_public.key'))).code).toBe('key_file_unreadable');
  });
});
