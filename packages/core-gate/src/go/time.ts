/**
 * A timestamp that keeps what Go's `time.Time` keeps: nanoseconds and the wall-clock offset it was
 * parsed with. Signed artifacts carry Go's RFC3339Nano text, so re-emitting a `Date` (milliseconds,
 * always `.000Z`) would change digests.
 */
import { InvalidInputError } from '@gait/core-errors';

const ZERO_EPOCH_SECONDS = -62135596800; // 0001-01-01T00:00:00Z
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** One-entry memos of pure functions (GoTime is immutable). */
let lastParsed: { readonly text: string; readonly time: GoTime } | undefined;
/** Two entries, not one: a trace formats the call's time and a fixed `created_at` (1980-01-01) in turn. */
const wallClocks = [
  { seconds: Number.NaN, text: '' },
  { seconds: Number.NaN, text: '' },
];
let nextWallClock = 0;

export class GoTime {
  /** Seconds since the Unix epoch (UTC), a safe integer for every year 1..9999. */
  readonly seconds: number;
  /** 0..999_999_999 */
  readonly nanos: number;
  /** Minutes east of UTC used when formatting. */
  readonly offsetMinutes: number;

  private constructor(seconds: number, nanos: number, offsetMinutes: number) {
    this.seconds = seconds;
    this.nanos = nanos;
    this.offsetMinutes = offsetMinutes;
  }

  static readonly zero = new GoTime(ZERO_EPOCH_SECONDS, 0, 0);

  static fromParts(seconds: number, nanos: number, offsetMinutes = 0): GoTime {
    const carry = Math.floor(nanos / 1e9);
    return new GoTime(seconds + carry, nanos - carry * 1e9, offsetMinutes);
  }

  static fromDate(date: Date): GoTime {
    const ms = date.getTime();
    const seconds = Math.floor(ms / 1000);
    return new GoTime(seconds, (ms - seconds * 1000) * 1e6, 0);
  }

  /** Wall clock now in UTC with sub-millisecond digits, as Go's `time.Now().UTC()` prints. */
  static now(): GoTime {
    const ms = Date.now();
    const seconds = Math.floor(ms / 1000);
    // The same digits as `hrtime.bigint() % 1e6`, without BigInt arithmetic (slow when cold).
    const subMs = process.hrtime()[1] % 1_000_000;
    return new GoTime(seconds, (ms - seconds * 1000) * 1e6 + subMs, 0);
  }

  /** Go `time.Parse(time.RFC3339, s)`; fractional seconds are accepted as Go does. */
  static parse(text: string, field = 'time'): GoTime {
    // Decisions in the same millisecond carry the same created_at text: reuse the last parse.
    if (lastParsed !== undefined && text === lastParsed.text) return lastParsed.time;
    const time = GoTime.parseUncached(text, field);
    lastParsed = { text, time };
    return time;
  }

  private static parseUncached(text: string, field: string): GoTime {
    const m = RFC3339.exec(text);
    if (!m) {
      throw new InvalidInputError(`${field}: expected an RFC3339 timestamp such as 2026-02-05T00:00:00Z, got ${JSON.stringify(text)}`, {
        code: 'invalid_timestamp',
        details: { field },
      });
    }
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const frac = m[7] ?? '';
    const zone = m[8]!;
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, 0);
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
      throw new InvalidInputError(`${field}: timestamp out of range: ${JSON.stringify(text)}`, { code: 'invalid_timestamp', details: { field } });
    }
    let offset = 0;
    if (zone !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    }
    const seconds = date.getTime() / 1000 - offset * 60;
    return new GoTime(seconds, frac === '' ? 0 : Number(frac.padEnd(9, '0')), offset);
  }

  isZero(): boolean {
    return this.seconds === ZERO_EPOCH_SECONDS && this.nanos === 0;
  }

  utc(): GoTime {
    return this.offsetMinutes === 0 ? this : new GoTime(this.seconds, this.nanos, 0);
  }

  addNanos(delta: bigint): GoTime {
    const total = BigInt(this.seconds) * 1_000_000_000n + BigInt(this.nanos) + delta;
    const seconds = total / 1_000_000_000n - (total % 1_000_000_000n < 0n ? 1n : 0n);
    return new GoTime(Number(seconds), Number(total - seconds * 1_000_000_000n), this.offsetMinutes);
  }

  compare(other: GoTime): number {
    if (this.seconds !== other.seconds) return this.seconds < other.seconds ? -1 : 1;
    return this.nanos === other.nanos ? 0 : this.nanos < other.nanos ? -1 : 1;
  }

  /** Go `Truncate` to whole seconds multiples (minute = 60, hour = 3600), UTC-aligned. */
  truncateSeconds(step: number): GoTime {
    return new GoTime(Math.floor(this.seconds / step) * step, 0, this.offsetMinutes);
  }

  toDate(): Date {
    return new Date(this.seconds * 1000 + Math.floor(this.nanos / 1e6));
  }

  /** RFC3339Nano: trailing zeros of the fraction trimmed, no dot when zero, `Z` for UTC. */
  toRFC3339Nano(): string {
    const frac = this.nanos === 0 ? '' : `.${String(this.nanos).padStart(9, '0').replace(/0+$/, '')}`;
    return `${this.wallClock()}${frac}${this.zone()}`;
  }

  /** RFC3339 at second precision. */
  toRFC3339(): string {
    return `${this.wallClock()}${this.zone()}`;
  }

  toJSON(): string {
    return this.toRFC3339Nano();
  }

  toString(): string {
    return this.toRFC3339Nano();
  }

  private wallClock(): string {
    const local = this.seconds + this.offsetMinutes * 60;
    // Timestamps formatted per decision share their second: reuse the last formatting.
    for (const known of wallClocks) if (known.seconds === local) return known.text;
    // Years 1..9999 print as four digits; toISOString uses a 6-digit form only outside that range.
    const text = new Date(local * 1000).toISOString().slice(0, 19);
    wallClocks[nextWallClock] = { seconds: local, text };
    nextWallClock = 1 - nextWallClock;
    return text;
  }

  private zone(): string {
    if (this.offsetMinutes === 0) return 'Z';
    const abs = Math.abs(this.offsetMinutes);
    const sign = this.offsetMinutes < 0 ? '-' : '+';
    return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }
}

/** Go duration strings (`87600h`, `1h30m`, `90s`, `1.5h`, `300ms`) in nanoseconds. */
export function parseGoDuration(text: string): bigint | undefined {
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const s = text.trim();
  if (s === '' ) return undefined;
  let rest = s;
  let sign = 1n;
  if (rest[0] === '-' || rest[0] === '+') {
    if (rest[0] === '-') sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  let total = 0;
  if (rest === '') return undefined;
  while (rest !== '') {
    const m = part.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return sign * BigInt(Math.round(total));
}
