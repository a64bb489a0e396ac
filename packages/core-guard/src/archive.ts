import { readFile } from 'node:fs/promises';
import { InvalidInputError, IoError } from '@gait/core-errors';
import { readZipSafe } from '@gait/core-fsx';

/** A pack on disk (path) or already in memory. */
export type ArchiveSource = string | Uint8Array;

/** Zip members by exact name. Duplicate names never get here: `readZipSafe` refuses them (exit 2). */
export interface Archive {
  /** Member names in archive order. */
  readonly names: readonly string[];
  get(name: string): Uint8Array | undefined;
}

/** The reference's per-entry cap (100 MiB); larger members are refused before inflating. */
const maxEntryBytes = 100 * 1024 * 1024;

/**
 * Opens a pack zip for verification. A missing file or an unreadable zip is invalid input (exit 6,
 * as the reference); a zip with a duplicated or escaping member name is a verification failure
 * (exit 2), since such a zip can show two readers two different evidences.
 */
export async function readArchive(source: ArchiveSource): Promise<Archive> {
  return openArchive(typeof source === 'string' ? await readSource(source) : source);
}

export function openArchive(bytes: Uint8Array): Archive {
  const members = new Map<string, Uint8Array>();
  for (const entry of readZipSafe(bytes, { maxEntryBytes })) members.set(entry.name, entry.data);
  return { names: [...members.keys()], get: (name) => members.get(name) };
}

async function readSource(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new InvalidInputError(`open zip: open ${path}: no such file or directory`, { code: 'pack_not_found', cause: error });
    }
    throw new IoError(`open zip: ${(error as Error).message}`, { code: 'pack_read_failed', cause: error });
  }
}
