import { describe, expect, it } from 'vitest';
import { GO_ZERO_TIME, formatGoTime, goTimeNow, normalizeGoTime, parseGoTime } from './go-time.js';

describe('Go time formatting', () => {
  it.each([
    ['2026-02-14T00:00:00.000Z', '2026-02-14T00:00:00Z'],
    ['2026-02-14T00:00:00.120Z', '2026-02-14T00:00:00.12Z'],
    ['2026-02-14T00:00:00.000000001Z', '2026-02-14T00:00:00.000000001Z'],
    ['2026-02-14T00:00:00+00:00', '2026-02-14T00:00:00Z'],
    ['2026-02-14T01:30:00.5+01:30', '2026-02-14T01:30:00.5+01:30'],
    ['0001-01-01T00:00:00Z', GO_ZERO_TIME],
  ])('re-prints %s as %s', (input, expected) => {
    expect(normalizeGoTime(input)).toBe(expected);
  });

  it('converts to UTC only when asked', () => {
    expect(normalizeGoTime('2026-02-14T01:30:00.5+01:30', { utc: true })).toBe('2026-02-14T00:00:00.5Z');
    expect(normalizeGoTime('2026-02-13T23:00:00-02:00', { utc: true })).toBe('2026-02-14T01:00:00Z');
  });

  it('rejects malformed and out-of-range timestamps naming the field', () => {
    expect(() => parseGoTime('2026-02-14 00:00:00Z', 'run.created_at')).toThrow(/run\.created_at/);
    expect(() => parseGoTime('2026-13-01T00:00:00Z')).toThrow(/out of range/);
    expect(() => parseGoTime('2026-02-14T00:00:00')).toThrow(/RFC3339/);
  });

  it('gives the current time with nanosecond digits and no .000', () => {
    const now = goTimeNow();
    expect(now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/);
    expect(now).not.toMatch(/\.\d*0Z$/);
    expect(formatGoTime(parseGoTime(now))).toBe(now);
  });
});
