import { describe, expect, it } from 'vitest';
import { goPathMatch } from './path-match.js';
import { compareBytes, goLower, goTrim, normalizeStringListLower, uniqueSorted } from './strings.js';
import { GoTime, parseGoDuration } from './time.js';
import { goUrlHostname } from './url-host.js';

describe('Go strings', () => {
  it('trims what Go trims and keeps what Go keeps', () => {
    expect(goTrim('\u0085 a \u00a0')).toBe('a');
    expect(goTrim('\ufeffa')).toBe('\ufeffa');
  });
  it('lowers without special casing', () => {
    expect(goLower('\u0130STANBUL')).toBe('istanbul');
    expect(goLower('ΟΔΟΣ')).toBe('οδοσ');
    expect(goLower('Tool.Write')).toBe('tool.write');
  });
  it('sorts by UTF-8 bytes, not UTF-16 units', () => {
    const astral = '\u{1f600}';
    const bmpHigh = '\uff5e';
    expect(compareBytes(astral, bmpHigh)).toBeGreaterThan(0);
    expect(astral < bmpHigh).toBe(true);
    expect(uniqueSorted([' b', 'a', 'b ', '', astral, bmpHigh])).toEqual(['a', 'b', bmpHigh, astral]);
    expect(normalizeStringListLower([' HIGH ', 'high', 'Low'])).toEqual(['high', 'low']);
  });
});

describe('GoTime', () => {
  it('prints RFC3339Nano with a trimmed fraction and keeps the offset', () => {
    expect(GoTime.parse('2026-02-05T00:00:00Z').toRFC3339Nano()).toBe('2026-02-05T00:00:00Z');
    expect(GoTime.parse('2026-02-05T00:00:00.500000000Z').toRFC3339Nano()).toBe('2026-02-05T00:00:00.5Z');
    const t = GoTime.parse('2026-02-05T01:30:00.123456789+01:30');
    expect(t.toRFC3339Nano()).toBe('2026-02-05T01:30:00.123456789+01:30');
    expect(t.utc().toRFC3339Nano()).toBe('2026-02-05T00:00:00.123456789Z');
    expect(GoTime.zero.toRFC3339Nano()).toBe('0001-01-01T00:00:00Z');
    expect(GoTime.zero.isZero()).toBe(true);
  });
  it('adds durations with nanosecond carry', () => {
    const t = GoTime.parse('2026-11-25T12:46:43.637763816Z').addNanos(parseGoDuration('87600h')!);
    expect(t.toRFC3339Nano()).toBe('2036-11-22T12:46:43.637763816Z');
    expect(parseGoDuration('1h30m')).toBe(5_400_000_000_000n);
    expect(parseGoDuration('bad')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
  });
  it('rejects malformed timestamps naming the field', () => {
    expect(() => GoTime.parse('2026-02-30T00:00:00Z', 'created_at')).toThrow(/created_at/);
    expect(() => GoTime.parse('', 'created_at')).toThrow(/RFC3339/);
  });
});

describe('GoTime formatting memo', () => {
  it('formats interleaved times correctly (the memo holds two seconds, a third replaces the older)', () => {
    const times = ['1980-01-01T00:00:00Z', '2026-11-25T12:00:01.5Z', '2030-06-30T23:59:59Z', '1980-01-01T00:00:00Z', '2026-11-25T12:00:01.5Z'];
    for (let round = 0; round < 3; round++) {
      for (const text of times) expect(GoTime.parse(text).toRFC3339Nano()).toBe(text);
      for (const text of [...times].reverse()) expect(GoTime.parse(text).toRFC3339()).toBe(text.replace(/\.\d+Z$/, 'Z'));
    }
  });
});

describe('goPathMatch', () => {
  it.each([
    ['/etc/*', '/etc/hosts', true],
    ['/etc/*', '/etc/a/b', false],
    ['/tmp/?.txt', '/tmp/a.txt', true],
    ['/tmp/[a-c].txt', '/tmp/b.txt', true],
    ['/tmp/[^a-c].txt', '/tmp/b.txt', false],
    ['api.*.example.com', 'api.dev.example.com', true],
    ['[', '[', false],
    ['a\\*', 'a*', true],
  ])('%s vs %s → %s', (pattern, name, want) => {
    expect(goPathMatch(pattern, name)).toBe(want);
  });
});

describe('goUrlHostname', () => {
  it.each([
    ['https://api.external.com/export', 'api.external.com'],
    ['http://user:pw@[::1]:8080/x', '::1'],
    ['https://MÜNCHEN.de/a', 'MÜNCHEN.de'],
    ['https://example.com:notaport/', ''],
    ['api.x.com/p', ''],
    ['https://Host:443', 'Host'],
  ])('%s → %s', (url, host) => {
    expect(goUrlHostname(url)).toBe(host);
  });
});
