import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZipError } from '../errors.js';
import { announceNoDist, hasDist, runChild } from '../child.test-support.js';
import { generate } from './test-inputs.test-support.js';
import { readZipSafe } from './read-zip.js';
import { writeDeterministicZip, type ZipEntryInput } from './write-zip.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

announceNoDist('deterministic zip under other time zones (child processes)');

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('writeDeterministicZip', () => {
  it('reproduces the reference vector byte for byte (sorted, fixed time, data descriptors)', () => {
    const zip = writeDeterministicZip([
      { name: 'b.txt', data: 'two' },
      { name: 'a.txt', data: 'one' },
    ]);
    expect(zip.length).toBe(280);
    expect(sha256(zip)).toBe('df724bb85207ad429388da3b5a6bd79d483cf459a2949a1addf57d4ac2bab18e');
  });

  it("matches Go's archive/zip for modes, UTF-8-flagged names, an empty member and multi-block data", () => {
    // Expected: Go 1.19.8 archive/zip with Method Deflate, Modified 1980-01-01 UTC and SetMode,
    // the way the reference's zipx writes (names sorted first), over the same generated inputs.
    const zip = writeDeterministicZip([
      { name: 'run.json', data: generate('text', 5000, 21) },
      { name: 'bin/tool~1', data: generate('mixed', 20000, 22), mode: 0o755 },
      { name: 'données/é.txt', data: generate('runs', 3000, 23), mode: 0o644 },
      { name: 'empty.jsonl', data: new Uint8Array(0) },
    ]);
    expect(zip.length).toBe(12618);
    expect(sha256(zip)).toBe('a1604f4e2ad39577443b92bfe54143ea3c5b0242be7331b844101155a25e2fe0');
  });

  it('gives zero bytes for zero entries, as the reference does', () => {
    expect(writeDeterministicZip([]).length).toBe(0);
  });

  it('depends only on the entries, not their order or string/bytes form', () => {
    const a = writeDeterministicZip([
      { name: 'x/1.json', data: '{"a":1}' },
      { name: 'A.json', data: Buffer.from('é') },
    ]);
    const b = writeDeterministicZip([
      { name: 'A.json', data: 'é' },
      { name: 'x/1.json', data: Buffer.from('{"a":1}') },
    ]);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(readZipSafe(a).map((e) => e.name)).toEqual(['A.json', 'x/1.json']); // byte order: 'A' < 'x'
  });

  it('refuses duplicate and unsafe names as invalid input (exit 6)', () => {
    const cases: [ZipEntryInput[], string][] = [
      [[{ name: 'a', data: '1' }, { name: 'a', data: '2' }], 'zip_duplicate_entry'],
      [[{ name: '../evil', data: '' }], 'zip_path_traversal'],
      [[{ name: '/etc/passwd', data: '' }], 'zip_absolute_path'],
      [[{ name: 'C:/x', data: '' }], 'zip_absolute_path'],
      [[{ name: 'a\\b', data: '' }], 'zip_invalid_name'],
      [[{ name: '', data: '' }], 'zip_invalid_name'],
    ];
    for (const [entries, code] of cases) {
      const error = thrown(() => writeDeterministicZip(entries));
      expect(error).toBeInstanceOf(ZipError);
      expect(error).toMatchObject({ code, exitCode: 6 });
    }
  });

  it('gives the same bytes after the time zone changes in this process', () => {
    const entries = [{ name: 'a.txt', data: 'one' }];
    const before = writeDeterministicZip(entries);
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: any local-time conversion would move the date
      expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(-840);
      expect(Buffer.compare(writeDeterministicZip(entries), before)).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it.runIf(hasDist)('gives the same bytes in processes running under different time zones', async () => {
    const script = `
      const zip = fsx.writeDeterministicZip([{ name: 'b.txt', data: 'two' }, { name: 'a.txt', data: 'one' }]);
      process.stdout.write(JSON.stringify({ offset: new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), hex: Buffer.from(zip).toString('hex') }));`;
    const zones = ['UTC', 'Pacific/Kiritimati', 'America/St_Johns', 'Asia/Kathmandu'];
    const results = await Promise.all(zones.map((TZ) => runChild(script, null, { TZ })));
    const parsed = results.map((r) => JSON.parse(r.stdout) as { offset: number; hex: string });
    expect(new Set(parsed.map((p) => p.offset)).size).toBe(zones.length); // the zones really differ
    const local = Buffer.from(writeDeterministicZip([{ name: 'b.txt', data: 'two' }, { name: 'a.txt', data: 'one' }])).toString('hex');
    for (const p of parsed) expect(p.hex).toBe(local);
  });
});
