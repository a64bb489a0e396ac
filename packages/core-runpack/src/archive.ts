import { readFile } from 'node:fs/promises';
import { IoError, InvalidInputError } from '@gait/core-errors';
import { readZipSafe } from '@gait/core-fsx';
import { parseJsonStrict } from '@gait/core-sign';

/** Per-entry cap of the reference (100 MiB). */
export const MAX_ENTRY_BYTES = 100 * 1024 * 1024;
/** JSONL line cap for runpack records (10 MiB). */
export const MAX_JSONL_LINE_BYTES = 10 * 1024 * 1024;

export type RunpackSource = string | Uint8Array;

/** Zip members by name. Duplicate names are refused by `readZipSafe` (fail closed). */
export interface ZipMembers {
  readonly names: string[];
  get(name: string): Uint8Array | undefined;
}

/** Reads the zip; `shownAs` is the path used in error messages (what the user wrote). */
export async function loadZipBytes(source: RunpackSource, shownAs?: string): Promise<Uint8Array> {
  if (typeof source !== 'string') return source;
  try {
    return await readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new InvalidInputError(`open zip: open ${shownAs ?? source}: no such file or directory`, { code: 'runpack_not_found', cause: error });
    }
    throw new IoError(`open zip: ${(error as Error).message}`, { code: 'runpack_read_failed', cause: error });
  }
}

export function openZip(bytes: Uint8Array): ZipMembers {
  const entries = readZipSafe(bytes, { maxEntryBytes: MAX_ENTRY_BYTES });
  const byName = new Map<string, Uint8Array>();
  for (const entry of entries) byName.set(entry.name.replaceAll('\\', '/'), entry.data);
  return { names: [...byName.keys()], get: (name) => byName.get(name) };
}

export function parseJsonMember(data: Uint8Array, name: string): unknown {
  try {
    return parseJsonStrict(Buffer.from(data).toString('utf8'));
  } catch (error) {
    throw new InvalidInputError(`parse ${name}: ${(error as Error).message}`, { code: 'invalid_json', cause: error });
  }
}

/** JSONL records; blank lines are skipped as the reference does. */
export function parseJsonlMember(data: Uint8Array, name: string): unknown[] {
  const records: unknown[] = [];
  const lines = Buffer.from(data).toString('utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    if (Buffer.byteLength(line) > MAX_JSONL_LINE_BYTES) {
      throw new InvalidInputError(`${name} line ${index + 1}: exceeds ${MAX_JSONL_LINE_BYTES} bytes`, { code: 'jsonl_line_too_long' });
    }
    records.push(parseJsonMember(Buffer.from(line, 'utf8'), `${name} line ${index + 1}`));
  });
  return records;
}
