import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@gait/core-errors';

/**
 * Reads a JSON object from disk. `what` names the file in errors (`read config: open gait.yaml:
 * no such file or directory`, `parse config: …`), as the reference words them.
 */
export async function readJsonObject(file: string, shownAs: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new InvalidInputError(`read ${what}: open ${shownAs}: ${reason}`, { code: `${what.replace(/ /g, '_')}_unreadable`, cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // gait.yaml is JSON despite its name: say so, since a YAML file is the likely mistake.
    const hint = what === 'config' ? ' (expected JSON: the regress config is JSON despite a .yaml name)' : ' (expected JSON)';
    throw new InvalidInputError(`parse ${what}: ${shownAs}: ${(error as Error).message}${hint}`, {
      code: `${what.replace(/ /g, '_')}_invalid`,
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidInputError(`parse ${what}: ${shownAs}: expected a JSON object`, { code: `${what.replace(/ /g, '_')}_invalid` });
  }
  return parsed as Record<string, unknown>;
}

/** Field readers that name the bad field and the expected form. */
export class FieldReader {
  constructor(
    private readonly source: Record<string, unknown>,
    private readonly where: string,
    private readonly code: string,
  ) {}

  private invalid(field: string, expected: string): InvalidInputError {
    return new InvalidInputError(`${this.where}.${field}: expected ${expected}`, { code: this.code, details: { field } });
  }

  string(field: string): string {
    const value = this.source[field];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') throw this.invalid(field, 'a string');
    return value.trim();
  }

  optionalString(field: string): string | undefined {
    const value = this.string(field);
    return value === '' ? undefined : value;
  }

  boolean(field: string): boolean {
    const value = this.source[field];
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw this.invalid(field, 'true or false');
    return value;
  }

  integer(field: string): number | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.invalid(field, 'an integer');
    return value;
  }

  strings(field: string): string[] | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw this.invalid(field, 'a list of strings');
    return value as string[];
  }

  objects(field: string): Record<string, unknown>[] {
    const value = this.source[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))) {
      throw this.invalid(field, 'a list of objects');
    }
    return value as Record<string, unknown>[];
  }
}
