import { describe, expect, it } from 'vitest';
import { artifactTimestamp } from './names.js';

/** The stamp base as the ISO text of the time gives it: `20260214T101500.123`. */
function isoBase(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
}

describe('artifactTimestamp', () => {
  it('prints the UTC time to the millisecond, then counts calls within that millisecond', () => {
    const at = Date.UTC(2026, 1, 14, 10, 15, 0, 123);
    expect([artifactTimestamp(at), artifactTimestamp(new Date(at)), artifactTimestamp(at)]).toEqual([
      '20260214T101500.123000000',
      '20260214T101500.123000001',
      '20260214T101500.123000002',
    ]);
    expect(artifactTimestamp(at + 1)).toBe('20260214T101500.124000000');
    expect(artifactTimestamp(at + 877)).toBe('20260214T101501.000000000');
  });

  it('gives what the ISO text gives for any time, across seconds and outside 1970-9999', () => {
    const times = [0, 999, 1000, -1, -1001, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(1, 0, 1)];
    for (let i = 0; i < 2000; i++) times.push(Math.floor(((i * 7919) % 2000) * 1e9 + i * 13));
    for (const t of times) expect(artifactTimestamp(t)).toBe(`${isoBase(t)}000000`);
  });

  it('refuses an invalid date as Date.toISOString does', () => {
    expect(() => artifactTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});
