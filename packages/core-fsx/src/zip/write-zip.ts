import { InvalidInputError } from '@gait/core-errors';
import { ZipError } from '../errors.js';
import { ByteSink } from './byte-sink.js';
import { crc32 } from './crc32.js';
import { checkEntryName } from './entry-name.js';
import { goDeflate } from './go-deflate.js';

export interface ZipEntryInput {
  readonly name: string;
  readonly data: Uint8Array | string;
  /** Unix permission bits; any executable bit gives 0755, anything else 0644 (the reference's rule). */
  readonly mode?: number;
}

// Fixed header values of the reference's deterministic zips (Go archive/zip, Modified =
// 1980-01-01T00:00:00Z). They are constants, never computed from a Date, so the bytes cannot
// depend on the machine's time zone.
const versionNeeded = 20;
const versionMadeBy = (3 << 8) | 20; // Unix, 2.0
const flagDataDescriptor = 0x0008;
const flagUtf8 = 0x0800;
const methodDeflate = 8;
const dosTime = 0;
const dosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const unixMtime = 315532800; // 1980-01-01T00:00:00Z
const extraLength = 9; // extended timestamp: id, size, flags, mtime
const sIfReg = 0o100000;

interface Member {
  readonly name: Uint8Array;
  readonly flags: number;
  readonly crc: number;
  readonly compressed: Uint8Array;
  readonly size: number;
  readonly externalAttrs: number;
  offset: number;
}

/** Go's archive/zip sets the UTF-8 flag when a valid name has a byte outside 0x20..0x7d or a backslash. */
function needsUtf8Flag(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c > 0x7d || c === 0x5c) return true;
  }
  return false;
}

const byteOrder = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);

function extendedTimestamp(sink: ByteSink): void {
  sink.u16(0x5455);
  sink.u16(5);
  sink.byte(1);
  sink.u32(unixMtime);
}

function prepare(entry: ZipEntryInput): Member {
  if (entry === null || typeof entry !== 'object' || typeof entry.name !== 'string') {
    throw new InvalidInputError('zip entry must be an object with a string name', { code: 'invalid_zip_entry' });
  }
  checkEntryName(entry.name, { category: 'invalid_input' });
  const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
  if (!(data instanceof Uint8Array)) {
    throw new InvalidInputError(`zip entry ${JSON.stringify(entry.name)}: data must be a string or Uint8Array`, {
      code: 'invalid_zip_entry',
      details: { entry: entry.name },
    });
  }
  const compressed = goDeflate(data);
  if (data.length >= 0xffffffff || compressed.length >= 0xffffffff) {
    throw new ZipError('zip_entry_too_large', `zip entry ${JSON.stringify(entry.name)} needs zip64, which is not written`, {
      category: 'invalid_input',
      details: { entry: entry.name, bytes: data.length },
    });
  }
  const perm = (entry.mode ?? 0) & 0o111 ? 0o755 : 0o644;
  return {
    name: Buffer.from(entry.name, 'utf8'),
    flags: flagDataDescriptor | (needsUtf8Flag(entry.name) ? flagUtf8 : 0),
    crc: crc32(data),
    compressed,
    size: data.length,
    externalAttrs: ((sIfReg | perm) << 16) >>> 0,
    offset: 0,
  };
}

/**
 * Builds a zip whose bytes depend only on the entries: members sorted by name (byte order), the
 * reference's fixed time, permissions and header layout, and Go-identical DEFLATE. For the same
 * entries it returns the same bytes as the reference's `zipx.WriteDeterministicZip`, under any
 * time zone. No entries give zero bytes, as in the reference. Duplicate names are refused (their
 * order would be arbitrary and a reader could see either copy).
 */
export function writeDeterministicZip(entries: readonly ZipEntryInput[]): Uint8Array {
  if (!Array.isArray(entries)) {
    throw new InvalidInputError('zip entries must be an array', { code: 'invalid_zip_entry' });
  }
  if (entries.length === 0) return new Uint8Array(0);
  if (entries.length > 0xfffe) {
    throw new ZipError('zip_too_many_entries', `zip has ${entries.length} entries; at most 65534 are written (no zip64)`, {
      category: 'invalid_input',
    });
  }
  const members = entries.map(prepare).sort((a, b) => byteOrder(a.name, b.name));
  for (let i = 1; i < members.length; i++) {
    if (byteOrder(members[i - 1]!.name, members[i]!.name) === 0) {
      const name = Buffer.from(members[i]!.name).toString('utf8');
      throw new ZipError('zip_duplicate_entry', `zip entry ${JSON.stringify(name)} is given twice`, {
        category: 'invalid_input',
        details: { entry: name },
      });
    }
  }

  const sink = new ByteSink(members.reduce((n, m) => n + m.compressed.length + m.name.length * 2 + 110, 22));
  for (const m of members) {
    m.offset = sink.length;
    sink.u32(0x04034b50);
    sink.u16(versionNeeded);
    sink.u16(m.flags);
    sink.u16(methodDeflate);
    sink.u16(dosTime);
    sink.u16(dosDate);
    sink.u32(0); // crc and sizes follow in the data descriptor
    sink.u32(0);
    sink.u32(0);
    sink.u16(m.name.length);
    sink.u16(extraLength);
    sink.bytes(m.name);
    extendedTimestamp(sink);
    sink.bytes(m.compressed);
    sink.u32(0x08074b50);
    sink.u32(m.crc);
    sink.u32(m.compressed.length);
    sink.u32(m.size);
  }
  const directoryStart = sink.length;
  for (const m of members) {
    sink.u32(0x02014b50);
    sink.u16(versionMadeBy);
    sink.u16(versionNeeded);
    sink.u16(m.flags);
    sink.u16(methodDeflate);
    sink.u16(dosTime);
    sink.u16(dosDate);
    sink.u32(m.crc);
    sink.u32(m.compressed.length);
    sink.u32(m.size);
    sink.u16(m.name.length);
    sink.u16(extraLength);
    sink.u16(0); // comment length
    sink.u16(0); // disk number
    sink.u16(0); // internal attributes
    sink.u32(m.externalAttrs);
    sink.u32(m.offset);
    sink.bytes(m.name);
    extendedTimestamp(sink);
  }
  const directorySize = sink.length - directoryStart;
  if (directoryStart >= 0xffffffff) {
    throw new ZipError('zip_total_too_large', 'zip exceeds 4 GiB; zip64 is not written', { category: 'invalid_input' });
  }
  sink.u32(0x06054b50);
  sink.u16(0);
  sink.u16(0);
  sink.u16(members.length);
  sink.u16(members.length);
  sink.u32(directorySize);
  sink.u32(directoryStart);
  sink.u16(0);
  return sink.toBytes();
}
