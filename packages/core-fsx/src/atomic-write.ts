import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync, fchmodSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fsyncDir, fsyncDirSync } from './fsync-dir.js';
import { ioFailure, requirePath, toBytes } from './io-error.js';

export interface WriteFileAtomicOptions {
  /** Permission bits of the written file; default 0o600 (evidence is private by default, as in the reference). */
  readonly mode?: number;
}

const defaultMode = 0o600;

/**
 * The temp file lives in the destination folder so the final rename never crosses a file
 * system, and starts with a dot so folder listings and globs skip it.
 */
function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
}

/**
 * Replaces `path` with `data` so that a reader, or a crash, sees either the whole old file or the
 * whole new one: write a temp file beside it, fsync, rename over, fsync the folder. On failure the
 * temp file is removed and the old file is untouched. The parent folder must exist.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const target = resolve(requirePath(path, 'path'));
  const bytes = toBytes(data);
  const temp = tempPathFor(target);
  const mode = options.mode ?? defaultMode;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
      await handle.chmod(mode); // creation mode is filtered by the umask; the caller asked for exactly this
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw ioFailure('write file atomically', target, error);
  }
  await fsyncDir(dirname(target));
}

/** Synchronous {@link writeFileAtomic}, for CLI paths and process-exit handlers. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): void {
  const target = resolve(requirePath(path, 'path'));
  const bytes = toBytes(data);
  const temp = tempPathFor(target);
  const mode = options.mode ?? defaultMode;
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
      fchmodSync(fd, mode);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw ioFailure('write file atomically', target, error);
  }
  fsyncDirSync(dirname(target));
}
