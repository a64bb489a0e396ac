import { appendLine, appendLineSync, type AppendLineOptions } from './append-line.js';
import { withFileLock, withFileLockSync, type LockOptions } from './lock/with-file-lock.js';

/** The reference's append-lock timings (`fsx.AppendLineLocked`): 30 s wait, 10 ms retry, stale after 2 min. */
export const appendLockDefaults = { timeoutMs: 30_000, pollMs: 10, staleMs: 120_000 } as const;

export interface AppendLineLockedOptions extends AppendLineOptions {
  readonly lock?: LockOptions;
}

/**
 * {@link appendLine} under `<path>.lock`, the lock the reference takes for job events and
 * operational logs, so Go and TypeScript writers of the same log take turns.
 */
export function appendLineLocked(path: string, line: string, options: AppendLineLockedOptions = {}): Promise<void> {
  return withFileLock(`${path}.lock`, () => appendLine(path, line, options), { ...appendLockDefaults, ...options.lock });
}

export function appendLineLockedSync(path: string, line: string, options: AppendLineLockedOptions = {}): void {
  withFileLockSync(`${path}.lock`, () => appendLineSync(path, line, options), { ...appendLockDefaults, ...options.lock });
}
