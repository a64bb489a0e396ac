/** Run ids, artifact time stamps and file-name bases as the reference derives them. */

/**
 * `normalizeRunID`: trim; each run of characters outside `[A-Za-z0-9_-]` becomes `_`; trim `_`;
 * empty stays empty; `run_` is prefixed unless present.
 */
export function normalizeRunId(raw: string | undefined): string {
  const cleaned = (raw ?? '').trim().replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  if (cleaned === '') return '';
  return cleaned.startsWith('run_') ? cleaned : `run_${cleaned}`;
}

let lastStamp = '';
let sequence = 0;

/**
 * UTC `20060102T150405.000000000`. JavaScript clocks give milliseconds, so the sub-millisecond
 * digits count calls within the same millisecond: two calls never get the same stamp, and names
 * still sort by time.
 */
export function artifactTimestamp(now: Date = new Date()): string {
  const iso = now.toISOString(); // 2026-02-14T10:15:00.123Z
  const base = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
  sequence = base === lastStamp ? sequence + 1 : 0;
  lastStamp = base;
  return `${base}${String(sequence).padStart(6, '0')}`;
}

/** Session journal base name: `/`, `\`, space and `:` → `_`, then `.`/`_` trimmed; `""` → `session`. */
export function sessionFileBase(sessionId: string): string {
  const base = sessionId.trim().replace(/[/\\ :]/g, '_').replace(/^[._]+|[._]+$/g, '');
  return base === '' ? 'session' : base;
}
