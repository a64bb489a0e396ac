import { inflateRawSync } from 'node:zlib';
import { InvalidInputError } from '@gait/core-errors';
import { ZipError } from '../errors.js';
import { crc32 } from './crc32.js';
import { checkEntryName } from './entry-name.js';

export interface SafeZipLimits {
  /** Most members accepted; default 10000. */
  readonly maxEntries?: number;
  /** Largest uncompressed member; default 100 MiB, the reference's per-entry limit. */
  readonly maxEntryBytes?: number;
  /** Largest sum of uncompressed members; default 512 MiB. */
  readonly maxTotalBytes?: number;
}

export interface SafeZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

const defaults = { maxEntries: 10_000, maxEntryBytes: 100 * 1024 * 1024, maxTotalBytes: 512 * 1024 * 1024 };

const eocdSignature = 0x06054b50;
const eocdLength = 22;
const centralSignature = 0x02014b50;
const centralLength = 46;
const localSignature = 0x04034b50;
const localLength = 30;

const corrupt = (message: string, details: Record<string, unknown> = {}, cause?: unknown): ZipError =>
  new ZipError('zip_corrupt', `zip is not readable: ${message}`, { details, cause });

class Cursor {
  constructor(
    private readonly view: DataView,
    private pos: number,
  ) {}
  u16(): number {
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  skip(n: number): void {
    this.pos += n;
  }
}

/**
 * The end-of-central-directory record, searched backwards in the last 65 KiB like Go's reader:
 * the last signature whose comment fits in the file wins, so bytes appended after the zip are
 * tolerated (the reference accepts them) as long as Go would still find the record.
 */
function findEndOfDirectory(bytes: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, bytes.length - 65 * 1024);
  for (let i = bytes.length - eocdLength; i >= lowest; i--) {
    if (view.getUint32(i, true) !== eocdSignature) continue;
    if (i + eocdLength + view.getUint16(i + 20, true) <= bytes.length) return i;
  }
  throw corrupt('no end of central directory record (truncated, or not a zip)');
}

function resolveLimits(limits: SafeZipLimits): Required<SafeZipLimits> {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof SafeZipLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new InvalidInputError(`zip limit ${key} must be a non-negative number`, { code: 'invalid_zip_limit', details: { field: key } });
    }
    out[key] = value;
  }
  return out;
}

function inflate(name: string, method: number, raw: Uint8Array, size: number): Uint8Array {
  if (method === 0) return raw;
  try {
    // The declared size is already within limits; the cap stops a member that lies about it. An
    // output chunk sized to the member (zlib's default is 16 KiB) saves an allocation per small
    // member, and is capped so a lying header cannot make us reserve much up front.
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, size + 1), chunkSize: Math.min(Math.max(64, size + 1), 64 * 1024) });
  } catch (error) {
    throw corrupt(`entry ${JSON.stringify(name)} does not inflate`, { entry: name }, error);
  }
}

/**
 * Reads every member of a zip into memory, in archive (central directory) order, refusing what
 * could mislead a verifier or exhaust memory: names that are absolute, traverse or repeat;
 * encrypted or exotically compressed members; sizes over the limits; and any member whose bytes
 * do not match its declared size and CRC-32. Nothing is written to disk. Zip64 archives are not
 * read (Gait's artifacts never need it).
 */
export function readZipSafe(bytes: Uint8Array, limits: SafeZipLimits = {}): SafeZipEntry[] {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidInputError('zip bytes must be a Uint8Array', { code: 'invalid_zip_input' });
  }
  const max = resolveLimits(limits);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < eocdLength) throw corrupt(`${bytes.length} bytes is too short for a zip`);
  const eocd = findEndOfDirectory(bytes, view);
  const end = new Cursor(view, eocd + 4);
  const disk = end.u16();
  const directoryDisk = end.u16();
  const diskEntries = end.u16();
  const count = end.u16();
  const directorySize = end.u32();
  const directoryOffset = end.u32();
  if (disk !== 0 || directoryDisk !== 0 || diskEntries !== count) throw corrupt('multi-disk zips are not supported');
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    throw corrupt('zip64 archives are not supported');
  }
  if (count > max.maxEntries) {
    throw new ZipError('zip_too_many_entries', `zip has ${count} entries; at most ${max.maxEntries} are accepted`, {
      details: { entries: count, limit: max.maxEntries },
    });
  }
  if (directoryOffset + directorySize > eocd) throw corrupt('central directory lies outside the file');

  const entries: SafeZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let pos = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (pos + centralLength > eocd || view.getUint32(pos, true) !== centralSignature) {
      throw corrupt(`central directory record ${index} is damaged`, { index });
    }
    const c = new Cursor(view, pos + 8);
    const flags = c.u16();
    const method = c.u16();
    c.skip(4); // DOS time and date: not content
    const crc = c.u32();
    const compressedSize = c.u32();
    const size = c.u32();
    const nameLength = c.u16();
    const extraLength = c.u16();
    const commentLength = c.u16();
    c.skip(8);
    const localOffset = c.u32();
    const nameEnd = pos + centralLength + nameLength;
    if (nameEnd > eocd) throw corrupt(`central directory record ${index} is truncated`, { index });
    const nameBytes = bytes.subarray(pos + centralLength, nameEnd);
    const name = decodeName(nameBytes, index);
    pos = nameEnd + extraLength + commentLength;

    checkEntryName(name);
    if (seen.has(name)) {
      throw new ZipError('zip_duplicate_entry', `zip contains duplicate entries: ${JSON.stringify(name)}`, { details: { entry: name } });
    }
    seen.add(name);
    if (flags & 0x0001) {
      throw new ZipError('zip_encrypted_entry', `zip entry ${JSON.stringify(name)} is encrypted; encrypted members are not read`, {
        details: { entry: name },
      });
    }
    if (method !== 0 && method !== 8) {
      throw new ZipError(
        'zip_unsupported_compression',
        `zip entry ${JSON.stringify(name)} uses compression method ${method}; expected 0 (store) or 8 (deflate)`,
        { details: { entry: name, method } },
      );
    }
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw corrupt(`entry ${JSON.stringify(name)} uses zip64 sizes, which are not supported`, { entry: name });
    }
    if (size > max.maxEntryBytes) {
      throw new ZipError('zip_entry_too_large', `zip entry ${JSON.stringify(name)} is ${size} bytes; at most ${max.maxEntryBytes} are accepted`, {
        details: { entry: name, bytes: size, limit: max.maxEntryBytes },
      });
    }
    total += size;
    if (total > max.maxTotalBytes) {
      throw new ZipError('zip_total_too_large', `zip members total more than ${max.maxTotalBytes} bytes`, {
        details: { limit: max.maxTotalBytes },
      });
    }

    const raw = localData(bytes, view, localOffset, nameBytes, compressedSize, name);
    const data = inflate(name, method, raw, size);
    if (data.length !== size) {
      throw corrupt(`entry ${JSON.stringify(name)} is ${data.length} bytes, but its header says ${size}`, { entry: name });
    }
    if (crc32(data) !== crc) throw corrupt(`entry ${JSON.stringify(name)} fails its CRC-32 check`, { entry: name });
    entries.push({ name, data: method === 0 ? data.slice() : data });
  }
  return entries;
}

/** One strict decoder for all names (building one per member showed up in small-zip profiles). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(nameBytes: Uint8Array, index: number): string {
  try {
    return strictUtf8.decode(nameBytes);
  } catch (error) {
    throw new ZipError('zip_invalid_name', `zip entry ${index} has a name that is not UTF-8`, { details: { index }, cause: error });
  }
}

/** The member's stored bytes, after checking that its local header agrees with the directory. */
function localData(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  nameBytes: Uint8Array,
  compressedSize: number,
  name: string,
): Uint8Array {
  if (offset + localLength > bytes.length || view.getUint32(offset, true) !== localSignature) {
    throw corrupt(`local header of entry ${JSON.stringify(name)} is missing`, { entry: name });
  }
  const nameLength = view.getUint16(offset + 26, true);
  const extraLength = view.getUint16(offset + 28, true);
  const start = offset + localLength + nameLength + extraLength;
  const localName = bytes.subarray(offset + localLength, offset + localLength + nameLength);
  if (Buffer.compare(localName, nameBytes) !== 0) {
    // A second name in the local header is how "shadow" members fool tools that read it.
    throw corrupt(`local header of entry ${JSON.stringify(name)} names a different member`, { entry: name });
  }
  if (start + compressedSize > bytes.length) {
    throw corrupt(`entry ${JSON.stringify(name)} is truncated`, { entry: name });
  }
  return bytes.subarray(start, start + compressedSize);
}
