import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname } from 'node:path';
import { ioFailure } from '../io-error.js';
import { formatLockRecord } from './lock-record.js';
import { staleReason } from './staleness.js';

/** A lock file this process created, identified so that release never deletes someone else's. */
export interface HeldLock {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
  readonly content: string;
}

interface Snapshot {
  readonly stats: Stats;
  readonly content: string;
}

const errno = (error: unknown): unknown => (error as { code?: unknown }).code;

function snapshot(path: string): Snapshot | undefined {
  try {
    const stats = statSync(path);
    return { stats, content: readFileSync(path, 'utf8') };
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    throw ioFailure('read lock', path, error);
  }
}

const sameFile = (a: Snapshot, b: Snapshot): boolean =>
  a.stats.dev === b.stats.dev && a.stats.ino === b.stats.ino && a.stats.mtimeMs === b.stats.mtimeMs && a.content === b.content;

function create(path: string): HeldLock | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if (errno(error) === 'EEXIST') return undefined;
    if (errno(error) !== 'ENOENT') throw ioFailure('create lock', path, error);
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    return create(path);
  }
  const content = formatLockRecord(process.pid, Date.now());
  try {
    writeSync(fd, content);
    const stats = statSync(path);
    return { path, dev: stats.dev, ino: stats.ino, content };
  } catch (error) {
    unlinkSync(path);
    throw ioFailure('write lock', path, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes a stale lock without the classic race where two waiters both judge the same lock stale
 * and the slower one deletes the lock the faster one has just taken: the lock is first renamed to
 * a private name, and only deleted if it is still the very file that was judged.
 */
function breakStale(path: string, judged: Snapshot): void {
  const grave = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, grave);
  } catch (error) {
    if (errno(error) === 'ENOENT') return; // someone else broke it first
    throw ioFailure('break stale lock', path, error);
  }
  const moved = snapshot(grave);
  if (moved !== undefined && !sameFile(moved, judged)) {
    // We displaced a fresh lock; put it back unless a third process already holds the path.
    try {
      linkSync(grave, path);
    } catch {
      // nothing better to do: the path is held by someone again
    }
  }
  try {
    unlinkSync(grave);
  } catch {
    // already gone
  }
}

export type AttemptResult = { readonly held: HeldLock } | { readonly busy: true };

/** One non-blocking try: create the lock, or break it when stale and try again once. */
export function tryLock(path: string, staleMs: number): AttemptResult {
  for (let round = 0; round < 2; round++) {
    const held = create(path);
    if (held !== undefined) return { held };
    const current = snapshot(path);
    if (current === undefined) continue; // released between our create and read
    if (staleReason({ content: current.content, mtimeMs: current.stats.mtimeMs }, staleMs, Date.now()) === undefined) {
      return { busy: true };
    }
    breakStale(path, current);
  }
  return { busy: true };
}

/** Deletes the lock if it is still ours; if it was broken as stale meanwhile, the new owner's stays. */
export function unlock(lock: HeldLock): void {
  const current = snapshot(lock.path);
  if (current === undefined) return;
  if (current.stats.dev !== lock.dev || current.stats.ino !== lock.ino || current.content !== lock.content) return;
  try {
    unlinkSync(lock.path);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw ioFailure('release lock', lock.path, error);
  }
}
