import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ContentionError, InvalidInputError } from '@gait/core-errors';
import { requirePath } from '../io-error.js';
import { tryLock, unlock, type HeldLock } from './lock-file.js';

export interface LockOptions {
  /** Longest wait for a lock held by someone else; default 2000 (the reference's standard session profile). */
  readonly timeoutMs?: number;
  /** Age after which a lock is taken to be abandoned and is broken; default 300000 (5 min). */
  readonly staleMs?: number;
  /** Pause between attempts; default 50. */
  readonly pollMs?: number;
}

/**
 * The reference's session-lock profiles (`GAIT_SESSION_LOCK_PROFILE`); `swarm` is for many
 * concurrent writers (the reference also skips the fsync of appends under it).
 */
export const sessionLockProfiles = {
  standard: { timeoutMs: 2000, pollMs: 50, staleMs: 300_000 },
  swarm: { timeoutMs: 10_000, pollMs: 20, staleMs: 600_000 },
} as const satisfies Record<string, Required<LockOptions>>;

interface Settings {
  readonly timeoutMs: number;
  readonly staleMs: number;
  readonly pollMs: number;
}

function settings(options: LockOptions): Settings {
  const pick = (name: keyof LockOptions, fallback: number, min: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new InvalidInputError(`lock option ${name} must be a finite number >= ${min}, got ${String(value)}`, {
        code: 'invalid_lock_option',
        details: { field: name },
      });
    }
    return value;
  };
  const d = sessionLockProfiles.standard;
  return { timeoutMs: pick('timeoutMs', d.timeoutMs, 0), staleMs: pick('staleMs', d.staleMs, 0), pollMs: pick('pollMs', d.pollMs, 1) };
}

/**
 * The wait loop, shared by the sync and async forms: it yields how long to sleep before the next
 * attempt and returns the held lock, or throws the reference's timeout error, which names the
 * path and contains "lock" (so even an uncategorised catch maps it to exit 1).
 */
function* acquisition(path: string, s: Settings): Generator<number, HeldLock, void> {
  const started = Date.now();
  for (let attempts = 1; ; attempts++) {
    const result = tryLock(path, s.staleMs);
    if ('held' in result) return result.held;
    const waited = Date.now() - started;
    if (waited >= s.timeoutMs) {
      throw new ContentionError(
        `state contention: lock timeout (path=${path} waited=${waited}ms attempts=${attempts} timeout=${s.timeoutMs}ms retry=${s.pollMs}ms)`,
        { code: 'lock_timeout', details: { path, waitedMs: waited, attempts, timeoutMs: s.timeoutMs } },
      );
    }
    yield Math.min(s.pollMs, s.timeoutMs - waited);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn` while holding an exclusive lock file at `lockPath` (created with O_EXCL, mode 0600,
 * holding the reference's lock record), so Gait processes written in Go or TypeScript exclude each
 * other. The lock is released when `fn` settles. Not re-entrant: nesting the same path waits for
 * itself and times out.
 */
export async function withFileLock<T>(lockPath: string, fn: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = resolve(requirePath(lockPath, 'lockPath'));
  const steps = acquisition(path, settings(options));
  let step = steps.next();
  while (!step.done) {
    await delay(step.value);
    step = steps.next();
  }
  const held = step.value;
  try {
    return await fn();
  } finally {
    unlock(held);
  }
}

/**
 * Synchronous {@link withFileLock}; waits by blocking the thread. `fn` must be synchronous: a
 * returned promise would outlive the lock, so it is refused (after the lock is released).
 */
export function withFileLockSync<T>(lockPath: string, fn: () => T, options: LockOptions = {}): T {
  const path = resolve(requirePath(lockPath, 'lockPath'));
  const steps = acquisition(path, settings(options));
  let step = steps.next();
  while (!step.done) {
    Atomics.wait(sleeper, 0, 0, step.value);
    step = steps.next();
  }
  const held = step.value;
  let result: T;
  try {
    result = fn();
  } finally {
    unlock(held);
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    throw new InvalidInputError(`withFileLockSync(${path}): fn returned a promise; use withFileLock for async work`, {
      code: 'async_fn_in_sync_lock',
      details: { path },
    });
  }
  return result;
}
