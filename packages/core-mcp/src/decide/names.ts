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
/** The last clock reading and its stamp base, and the last second's prefix (see `stampBase`). */
let lastMs = Number.NaN;
let lastSecond = Number.NaN;
let secondPrefix = '';
/** Times whose ISO form is `YYYY-MM-DDTHH:MM:SS.mmmZ` (years 1970 to 9999). */
const LAST_PLAIN_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * UTC `20060102T150405.000000000`. JavaScript clocks give milliseconds, so the sub-millisecond
 * digits count calls within the same millisecond: two calls never get the same stamp, and names
 * still sort by time.
 */
export function artifactTimestamp(now: Date | number = Date.now()): string {
  const ms = typeof now === 'number' ? now : now.getTime();
  const base = ms === lastMs ? lastStamp : stampBase(ms);
  sequence = base === lastStamp ? sequence + 1 : 0;
  lastStamp = base;
  lastMs = ms;
  return `${base}${String(sequence).padStart(6, '0')}`;
}

/**
 * `20060102T150405.000` of a clock reading. Formatting a date costs more than a decision's
 * bookkeeping, and a busy proxy stamps many calls per second, so the part up to the second is
 * formatted once per second; times outside 1970–9999 (and invalid ones, which throw) take the
 * general path.
 */
function stampBase(ms: number): string {
  if (!(ms >= 0 && ms <= LAST_PLAIN_MS)) return isoBase(new Date(ms).toISOString());
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    secondPrefix = isoBase(new Date(second * 1000).toISOString()).slice(0, -3);
    lastSecond = second;
  }
  return `${secondPrefix}${String(ms - second * 1000).padStart(3, '0')}`;
}

/** `2026-02-14T10:15:00.123Z` → `20260214T101500.123`. */
function isoBase(iso: string): string {
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
}

/** Session journal base name: `/`, `\`, space and `:` → `_`, then `.`/`_` trimmed; `""` → `session`. */
export function sessionFileBase(sessionId: string): string {
  const base = sessionId.trim().replace(/[/\\ :]/g, '_').replace(/^[._]+|[._]+$/g, '');
  return base === '' ? 'session' : base;
}
