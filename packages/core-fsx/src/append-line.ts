import { closeSync, constants, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidInputError, IoError } from '@gait/core-errors';
import { fsyncDir, fsyncDirSync } from './fsync-dir.js';
import { ioFailure, requirePath } from './io-error.js';

export interface AppendLineOptions {
  /** Permission bits when the file is created; default 0o600. An existing file keeps its mode. */
  readonly mode?: number;
}

const appendFlags = constants.O_WRONLY | constants.O_APPEND;
const createFlags = appendFlags | constants.O_CREAT;

function encodeLine(path: string, line: string): Buffer {
  if (typeof line !== 'string' || line.includes('\n')) {
    // A newline inside the record would split it into two JSONL lines, one of them garbage.
    throw new InvalidInputError(`line appended to ${path} must be a string without "\\n"`, {
      code: 'invalid_line',
      details: { path },
    });
  }
  return Buffer.from(`${line}\n`, 'utf8');
}

function shortWrite(path: string, written: number, expected: number): IoError {
  return new IoError(`append to ${path}: short write (${written} of ${expected} bytes)`, {
    code: 'io_failure',
    details: { path, written, expected },
  });
}

const isMissing = (error: unknown): boolean => (error as { code?: unknown }).code === 'ENOENT';

/**
 * Appends `line + "\n"` with O_APPEND in a single write() and fsyncs it. The kernel positions
 * every O_APPEND write at the end atomically, so concurrent appenders never interleave inside a
 * line; a second write for a remainder could, so a short write is reported instead of completed.
 * The parent folder is created (0o750) when missing, and fsynced when the file is new.
 */
export async function appendLine(path: string, line: string, options: AppendLineOptions = {}): Promise<void> {
  const target = resolve(requirePath(path, 'path'));
  const bytes = encodeLine(target, line);
  let handle: FileHandle;
  let created = false;
  try {
    try {
      handle = await open(target, appendFlags);
    } catch (error) {
      if (!isMissing(error)) throw error;
      await mkdir(dirname(target), { recursive: true, mode: 0o750 });
      handle = await open(target, createFlags, options.mode ?? 0o600);
      created = true;
    }
  } catch (error) {
    throw ioFailure('open for append', target, error);
  }
  try {
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) throw shortWrite(target, bytesWritten, bytes.length);
    await handle.sync();
  } catch (error) {
    throw error instanceof IoError ? error : ioFailure('append to', target, error);
  } finally {
    await handle.close();
  }
  if (created) await fsyncDir(dirname(target));
}

/** Synchronous {@link appendLine}. */
export function appendLineSync(path: string, line: string, options: AppendLineOptions = {}): void {
  const target = resolve(requirePath(path, 'path'));
  const bytes = encodeLine(target, line);
  let fd: number;
  let created = false;
  try {
    try {
      fd = openSync(target, appendFlags);
    } catch (error) {
      if (!isMissing(error)) throw error;
      mkdirSync(dirname(target), { recursive: true, mode: 0o750 });
      fd = openSync(target, createFlags, options.mode ?? 0o600);
      created = true;
    }
  } catch (error) {
    throw ioFailure('open for append', target, error);
  }
  try {
    const written = writeSync(fd, bytes, 0, bytes.length);
    if (written !== bytes.length) throw shortWrite(target, written, bytes.length);
    fsyncSync(fd);
  } catch (error) {
    throw error instanceof IoError ? error : ioFailure('append to', target, error);
  } finally {
    closeSync(fd);
  }
  if (created) fsyncDirSync(dirname(target));
}
