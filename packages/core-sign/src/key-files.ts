import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IoError } from '@gait/core-errors';
import { KeyError } from './errors.js';
import { type Ed25519KeyPair, decodePrivateKey, decodePublicKey, encodePrivateKey, encodePublicKey } from './keys.js';

export function readPrivateKeyFile(path: string): Ed25519KeyPair {
  return decodePrivateKey(readKeyFile(path, 'private'));
}

export function readPublicKeyFile(path: string): Uint8Array {
  return decodePublicKey(readKeyFile(path, 'public'));
}

function readKeyFile(path: string, kind: 'private' | 'public'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // The reference reports unreadable key files as invalid input (exit 6), not as an I/O failure.
    throw new KeyError(`read ${kind} key: ${(error as Error).message}`, {
      code: 'key_file_unreadable',
      cause: error,
      details: { path },
    });
  }
}

export interface WriteKeyPairOptions {
  /** Replace existing files (the CLI's `--force`). Default false: an existing file is an error. */
  readonly overwrite?: boolean;
}

/**
 * Writes a key pair as the reference's `keys init` does (base64 + newline; parent directories
 * 0750), each file atomically, private key 0600 and public key 0644. Without `overwrite` an
 * existing file is refused before anything is written, and a pair is never left half-written.
 */
export function writeKeyPairFiles(
  privatePath: string,
  publicPath: string,
  keyPair: Ed25519KeyPair,
  options: WriteKeyPairOptions = {},
): void {
  const overwrite = options.overwrite ?? false;
  const privateText = encodePrivateKey(keyPair.privateKey);
  const publicText = encodePublicKey(keyPair.publicKey);
  if (!overwrite) {
    refuseExisting(privatePath, 'private');
    refuseExisting(publicPath, 'public');
  }
  writeAtomic(privatePath, privateText, 0o600, overwrite, 'private');
  try {
    writeAtomic(publicPath, publicText, 0o644, overwrite, 'public');
  } catch (error) {
    // Fresh pair only: drop the private half so no orphan key is left behind.
    if (!overwrite) tryUnlink(privatePath);
    throw error;
  }
}

function refuseExisting(path: string, kind: 'private' | 'public'): void {
  if (exists(path)) throw existsError(path, kind);
}

function existsError(path: string, kind: 'private' | 'public'): KeyError {
  // Same text as the reference's `keys init`, which the CLI prints as is.
  return new KeyError(`${kind} key path already exists (use --force): ${path}`, {
    code: 'key_file_exists',
    details: { path },
  });
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    // Absent, or not checkable: in the latter case the write below reports the real cause.
    return false;
  }
}

function writeAtomic(path: string, text: string, mode: number, overwrite: boolean, kind: 'private' | 'public'): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
  } catch (error) {
    throw ioError(`create key directory ${dir}`, error);
  }
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      fchmodSync(fd, mode); // the umask must not widen or narrow the key file's mode
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (overwrite) {
      renameSync(temp, path);
    } else {
      // link() fails if the target appeared meanwhile, so a concurrent writer is never clobbered.
      try {
        linkSync(temp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(path, kind);
        throw error;
      } finally {
        tryUnlink(temp);
      }
    }
    syncDirectory(dir);
  } catch (error) {
    tryUnlink(temp);
    if (error instanceof KeyError) throw error;
    throw ioError(`write ${kind} key ${path}`, error);
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  }
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function ioError(what: string, error: unknown): IoError {
  return new IoError(`${what}: ${(error as Error).message}`, { code: 'key_file_write_failed', cause: error });
}
