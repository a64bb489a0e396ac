import { readFile } from 'node:fs/promises';
import { JobError, JobErrorCodes } from './errors.js';

const fromJson = (value: unknown, path: string): string[] => {
  if (Array.isArray(value)) return value.map((item) => String(item));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of ['revoked', 'revoked_identities', 'identities']) {
      if (Array.isArray(o[key])) return (o[key] as unknown[]).map((item) => String(item));
    }
    // A map of identity → revoked flag.
    return Object.entries(o).filter(([, revoked]) => revoked === true).map(([identity]) => identity);
  }
  throw new JobError(`identity revocations ${path}: expected a JSON array or object, or one identity per line`, JobErrorCodes.invalidState, { path });
};

/**
 * Revoked identities from a file: a JSON array, a JSON object (`{"revoked": [...]}` or
 * `{"<identity>": true}`), or plain text with one identity per line (`#` starts a comment).
 */
export async function readRevokedIdentities(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new JobError(`identity revocations ${path}: ${(error as Error).message}`, JobErrorCodes.invalidState, { path });
  }
  const trimmed = text.trim();
  const entries =
    trimmed.startsWith('[') || trimmed.startsWith('{')
      ? fromJson(JSON.parse(trimmed) as unknown, path)
      : trimmed.split('\n').map((line) => line.replace(/#.*$/, ''));
  return new Set(entries.map((entry) => entry.trim()).filter((entry) => entry !== ''));
}
