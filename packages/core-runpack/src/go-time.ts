import { InvalidInputError } from '@gait/core-errors';

/**
 * Timestamps exactly as Go's `time.Time` marshals them (RFC3339Nano): a 1–9 digit fraction with
 * trailing zeros trimmed (no dot when zero), `Z` for a zero offset, any other offset kept. Digests
 * are computed over these strings, so `Date.toISOString()` (always `.000Z`) must never reach one.
 */
export interface GoTime {
  /** Seconds since the Unix epoch (UTC). */
  readonly unixSeconds: number;
  /** 0 ≤ nanos < 1e9. */
  readonly nanos: number;
  /** The offset the value was written with, in minutes east of UTC. */
  readonly offsetMinutes: number;
}

/** What Go prints for a zero `time.Time`. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

export function parseGoTime(text: string, field = 'time'): GoTime {
  const match = RFC3339.exec(text);
  if (!match) {
    throw new InvalidInputError(`${field}: invalid timestamp ${JSON.stringify(text)} (expected RFC3339, e.g. 2026-02-14T00:00:00Z)`, {
      code: 'invalid_time',
      details: { field },
    });
  }
  const [, y, mo, d, h, mi, s, frac, zone] = match as unknown as string[];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new InvalidInputError(`${field}: timestamp ${JSON.stringify(text)} is out of range`, { code: 'invalid_time', details: { field } });
  }
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  }
  const wallMs = utcMillis(Number(y), month, day, Number(h), Number(mi), Number(s));
  return {
    unixSeconds: wallMs / 1000 - offsetMinutes * 60,
    nanos: frac ? Number(frac.padEnd(9, '0')) : 0,
    offsetMinutes,
  };
}

export function formatGoTime(time: GoTime): string {
  const wall = new Date((time.unixSeconds + time.offsetMinutes * 60) * 1000);
  const date =
    `${String(wall.getUTCFullYear()).padStart(4, '0')}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}` +
    `T${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:${pad2(wall.getUTCSeconds())}`;
  const fraction = time.nanos === 0 ? '' : `.${String(time.nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return date + fraction + formatOffset(time.offsetMinutes);
}

/**
 * Parse and re-print, as Go does whenever a time passes through a struct. `utc` converts the
 * value (Go's `.UTC()`), used only where the reference converts.
 */
export function normalizeGoTime(text: string, options: { utc?: boolean; field?: string } = {}): string {
  const parsed = parseGoTime(text, options.field);
  return formatGoTime(options.utc ? { ...parsed, offsetMinutes: 0 } : parsed);
}

/** The current time in UTC with nanosecond digits, like Go's `time.Now().UTC()`. */
export function goTimeNow(): string {
  const ms = Date.now();
  // Date has millisecond resolution; hrtime supplies the digits below it so values stay distinct.
  const subMs = Number(process.hrtime.bigint() % 1_000_000n);
  return formatGoTime({ unixSeconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 + subMs, offsetMinutes: 0 });
}

export function isGoZeroTime(text: string | undefined): boolean {
  return text === undefined || text === '' || text === GO_ZERO_TIME;
}

/** Compare two timestamps by instant (negative when a is earlier). */
export function compareGoTime(a: string, b: string): number {
  const ta = parseGoTime(a);
  const tb = parseGoTime(b);
  return ta.unixSeconds - tb.unixSeconds || ta.nanos - tb.nanos;
}

function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not, and Go's zero time is year 1.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
