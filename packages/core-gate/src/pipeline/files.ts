/** File helpers for the gate pipeline: reading inputs, safe artifact paths, atomic JSON writes. */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, normalize, resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { writeFileAtomic } from '@gait/core-fsx';
import { goJsonIndent } from '../go/json-encode.js';
import { trim } from '../go/strings.js';

export function readInputFile(path: string, what: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read ${what}: ${(error as Error).message}`, { code: 'input_unreadable', cause: error });
  }
}

/**
 * An artifact path as the reference accepts it: trimmed and cleaned, not empty, `.` or `/`, and a
 * relative path may not climb out with `..`.
 */
export function cleanArtifactPath(path: string, what: string): string {
  const cleaned = normalize(trim(path)).replace(/\/+$/, '') || '/';
  if (trim(path) === '' || cleaned === '.' || cleaned === '/') {
    throw new InvalidInputError(`${what} path must not be empty, "." or "/"`, { code: 'artifact_path_invalid' });
  }
  if (!isAbsolute(cleaned) && cleaned.split('/').includes('..')) {
    throw new InvalidInputError(`relative ${what} path must not traverse parent directories`, { code: 'artifact_path_invalid' });
  }
  return cleaned;
}

/** Pretty JSON (Go MarshalIndent + newline), atomically, mode 0600, parent folders 0750. */
export async function writeJsonArtifact(path: string, value: unknown, cwd: string): Promise<void> {
  const target = resolve(cwd, path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o750 });
  await writeFileAtomic(target, goJsonIndent(value), { mode: 0o600 });
}
