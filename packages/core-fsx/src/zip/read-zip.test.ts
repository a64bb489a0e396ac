import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../test-support/conformance.js';
import { ZipError } from '../errors.js';
import { craftZip } from './craft-zip.test-support.js';
import { readZipSafe } from './read-zip.js';
import { writeDeterministicZip } from './write-zip.js';

announceSkip('reading and re-zipping the zips made by the Go binary', hasMade, madeDir);

function zipError(fn: () => unknown): ZipError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ZipError) return error;
    throw error;
  }
  throw new Error('expected a ZipError');
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

function findZips(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findZips(path);
    return name.endsWith('.zip') ? [path] : [];
  });
}

describe('readZipSafe', () => {
  it('reads stored and deflated members in archive order', () => {
    const zip = craftZip([
      { name: 'z.txt', data: 'last name, first in archive' },
      { name: 'a.json', data: '{"a":1}'.repeat(100), deflate: true },
      { name: 'dir/empty', data: '' },
    ]);
    const entries = readZipSafe(zip);
    expect(entries.map((e) => e.name)).toEqual(['z.txt', 'a.json', 'dir/empty']);
    expect(text(entries[0]!.data)).toBe('last name, first in archive');
    expect(text(entries[1]!.data)).toBe('{"a":1}'.repeat(100));
    expect(entries[2]!.data.length).toBe(0);
  });

  it('round-trips what writeDeterministicZip writes', () => {
    const zip = writeDeterministicZip([
      { name: 'manifest.json', data: '{"files":[]}' },
      { name: 'données.txt', data: 'é' },
    ]);
    expect(readZipSafe(zip).map((e) => [e.name, text(e.data)])).toEqual([
      ['données.txt', 'é'],
      ['manifest.json', '{"files":[]}'],
    ]);
  });

  it('accepts bytes appended after the end of the zip, as the reference does', () => {
    const zip = writeDeterministicZip([{ name: 'a', data: 'x' }]);
    const padded = Buffer.concat([zip, Buffer.from('trailing garbage PK\x05\x06 not a record')]);
    expect(readZipSafe(padded).map((e) => e.name)).toEqual(['a']);
    // Like Go's reader, the record is only searched for in the last 65 KiB.
    const buried = Buffer.concat([zip, Buffer.alloc(65 * 1024)]);
    expect(zipError(() => readZipSafe(buried)).code).toBe('zip_corrupt');
  });

  it('refuses duplicate members and escaping names as verification failures (exit 2)', () => {
    const cases: [string, string, string?][] = [
      ['manifest.json', 'zip_duplicate_entry'],
      ['../../etc/cron.d/x', 'zip_path_traversal'],
      ['a/../../b', 'zip_path_traversal'],
      ['..\\windows\\x', 'zip_path_traversal'],
      ['/abs/path', 'zip_absolute_path'],
      ['\\\\server\\share', 'zip_absolute_path'],
      ['D:\\x', 'zip_absolute_path'],
      ['nul\u0000byte', 'zip_invalid_name'],
      ['back\\slash', 'zip_invalid_name'],
    ];
    for (const [name, code] of cases) {
      const entries = [{ name: 'manifest.json', data: '{}' }, { name, data: 'evil' }];
      const error = zipError(() => readZipSafe(craftZip(entries)));
      expect(error.code, name).toBe(code);
      expect(error.exitCode, name).toBe(2);
      expect(error.message).toContain(JSON.stringify(name));
    }
  });

  it('refuses a local header that names a different member than the directory', () => {
    const zip = craftZip([{ name: 'run.json', localName: 'evil.json', data: '{}' }]);
    expect(zipError(() => readZipSafe(zip)).code).toBe('zip_corrupt');
  });

  it('refuses unreadable zips as invalid input (exit 6): truncated, CRC or size mismatch, bad deflate', () => {
    const good = writeDeterministicZip([{ name: 'run.json', data: '{"run_id":"r1"}'.repeat(20) }]);
    const flipped = Buffer.from(good);
    flipped[60] = flipped[60]! ^ 0xff; // inside the deflate stream
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['truncated', good.subarray(0, good.length - 30)],
      ['cut in the data', good.subarray(0, 50)],
      ['flipped data byte', flipped],
      ['wrong crc', craftZip([{ name: 'a', data: 'abc', crc: 1 }])],
      ['size larger than data', craftZip([{ name: 'a', data: 'abc', size: 4 }])],
      ['size smaller than data', craftZip([{ name: 'a', data: 'abc'.repeat(50), deflate: true, size: 3 }])],
      ['not a zip', Buffer.from('just some text that is long enough to be scanned')],
    ];
    for (const [what, bytes] of cases) {
      const error = zipError(() => readZipSafe(bytes));
      expect(error.code, what).toBe('zip_corrupt');
      expect(error.exitCode, what).toBe(6);
    }
  });

  it('refuses encrypted members and unknown compression methods', () => {
    expect(zipError(() => readZipSafe(craftZip([{ name: 'a', data: 'x', flags: 1 }]))).code).toBe('zip_encrypted_entry');
    const bzip = zipError(() => readZipSafe(craftZip([{ name: 'a', data: 'x', method: 12 }])));
    expect(bzip.code).toBe('zip_unsupported_compression');
    expect(bzip.exitCode).toBe(6);
  });

  it('enforces entry count, entry size and total size limits before inflating', () => {
    const three = craftZip([
      { name: 'a', data: 'aaaa' },
      { name: 'b', data: 'bbbb' },
      { name: 'c', data: 'cccc' },
    ]);
    expect(zipError(() => readZipSafe(three, { maxEntries: 2 })).code).toBe('zip_too_many_entries');
    expect(zipError(() => readZipSafe(three, { maxEntryBytes: 3 })).code).toBe('zip_entry_too_large');
    expect(zipError(() => readZipSafe(three, { maxTotalBytes: 11 })).code).toBe('zip_total_too_large');
    expect(readZipSafe(three, { maxEntries: 3, maxEntryBytes: 4, maxTotalBytes: 12 })).toHaveLength(3);
  });

  it('stops a zip bomb that under-declares its size without inflating it all', () => {
    const bomb = new Uint8Array(50 * 1024 * 1024); // 50 MiB of zeros, deflated to ~50 KiB
    const zip = craftZip([{ name: 'bomb', data: deflateRawSync(bomb), method: 8, size: 1000, crc: 0 }]);
    expect(zip.length).toBeLessThan(100 * 1024);
    expect(zipError(() => readZipSafe(zip)).code).toBe('zip_corrupt');
  });

  describe.runIf(hasMade)('zips made by the Go binary', () => {
    const zips = hasMade ? findZips(madeDir) : [];

    it('finds the made zips', () => {
      expect(zips.length).toBeGreaterThanOrEqual(15);
    });

    it.each(zips.map((z) => [relative(madeDir, z), z]))('reads %s with every CRC checked', (_name, path) => {
      const entries = readZipSafe(readFileSync(path));
      expect(entries.length).toBeGreaterThan(0);
    });

    // Go-written zips carry Go's data-descriptor flag; the negative/ ones were rewritten by another
    // tool and cannot be byte-identical. For every Go-written zip our writer must give the same bytes.
    const goWritten = zips.filter((z) => readFileSync(z).readUInt16LE(6) & 0x0008);

    it('recognises most made zips as written by Go', () => {
      expect(goWritten.length).toBeGreaterThanOrEqual(15);
    });

    it.each(goWritten.map((z) => [relative(madeDir, z), z]))('re-zips %s to the identical bytes', (_name, path) => {
      const original = readFileSync(path);
      const again = writeDeterministicZip(readZipSafe(original));
      expect(Buffer.compare(Buffer.from(again), original)).toBe(0);
    });
  });
});
