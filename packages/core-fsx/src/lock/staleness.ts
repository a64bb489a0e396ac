import { parseLockRecord } from './lock-record.js';

export interface ObservedLock {
  readonly content: string;
  readonly mtimeMs: number;
}

export type StaleReason = 'expired' | 'owner_exited';

/**
 * Whether a lock someone else holds may be broken. The reference judges its session locks by
 * the `created_at` they carry and its append/job locks (empty files) by mtime; we use the content
 * when it parses and the mtime otherwise, so a crash between create and write does not wedge the
 * lock forever (the reference's session lock would; we are deliberately more forgiving, after the
 * same stale period). A recorded pid that no longer exists on this machine also frees the lock at
 * once: the owner cannot release it any more.
 */
export function staleReason(
  lock: ObservedLock,
  staleMs: number,
  nowMs: number,
  isAlive: (pid: number) => boolean = processExists,
): StaleReason | undefined {
  const record = parseLockRecord(lock.content);
  const bornMs = record?.createdAtMs ?? lock.mtimeMs;
  if (nowMs - bornMs > staleMs) return 'expired';
  if (record !== undefined && record.pid > 0 && record.pid !== process.pid && !isAlive(record.pid)) {
    return 'owner_exited';
  }
  return undefined;
}

/** Signal 0 probes a pid without touching it: ESRCH means gone, EPERM means alive but not ours. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ESRCH';
  }
}
