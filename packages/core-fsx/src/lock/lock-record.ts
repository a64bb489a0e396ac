/**
 * What a lock file holds, byte for byte what the reference writes for its session locks (Go's
 * compact JSON of a map, so the keys come out sorted, then "\n"). The reference's other locks
 * (append and job-state locks) are empty files judged by mtime; writing this content everywhere
 * is still compatible with them, because they never read the content.
 */
export const lockSchemaId = 'gait.runpack.session_lock';
export const lockSchemaVersion = '1.0.0';

/** Go `time.RFC3339` of a UTC time: seconds precision, `Z`. */
export function rfc3339Seconds(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

export function formatLockRecord(pid: number, nowMs: number): string {
  return `{"created_at":"${rfc3339Seconds(nowMs)}","pid":${pid},"schema_id":"${lockSchemaId}","schema_version":"${lockSchemaVersion}"}\n`;
}

export interface LockRecord {
  readonly createdAtMs: number;
  readonly pid: number;
}

/** The owner and birth time written in a lock file, or undefined for an empty or foreign file. */
export function parseLockRecord(text: string): LockRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const { created_at: createdAt, pid } = parsed as Record<string, unknown>;
  if (typeof createdAt !== 'string') return undefined;
  const createdAtMs = Date.parse(createdAt);
  if (Number.isNaN(createdAtMs)) return undefined;
  return { createdAtMs, pid: typeof pid === 'number' && Number.isSafeInteger(pid) ? pid : 0 };
}
