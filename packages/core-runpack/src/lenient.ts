import { InvalidInputError } from '@gait/core-errors';
import { normalizeGoTime } from './go-time.js';

/**
 * Reads a parsed JSON object the way Go's `encoding/json` fills a struct: keys match the field name
 * case-insensitively (the last matching key wins), unknown keys are ignored, `null` leaves the zero
 * value, and a value of the wrong JSON type is an error naming the field.
 */
export class LenientObject {
  private constructor(
    private readonly source: Record<string, unknown>,
    readonly where: string,
  ) {}

  static from(value: unknown, where: string): LenientObject {
    if (value === null || value === undefined) return new LenientObject({}, where);
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw typeError(where, 'object', value);
    }
    return new LenientObject(value as Record<string, unknown>, where);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): unknown {
    let found: unknown = undefined;
    const lower = name.toLowerCase();
    for (const key of Object.keys(this.source)) if (key.toLowerCase() === lower) found = this.source[key];
    return found;
  }

  string(name: string): string {
    const value = this.get(name);
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') throw typeError(`${this.where}.${name}`, 'string', value);
    return value;
  }

  int(name: string): number {
    const value = this.get(name);
    if (value === undefined || value === null) return 0;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(`${this.where}.${name}`, 'integer', value);
    return value;
  }

  /** A time field, re-printed Go style; undefined for a missing or null (zero) value. */
  time(name: string, options: { utc?: boolean } = {}): string | undefined {
    const value = this.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw typeError(`${this.where}.${name}`, 'RFC3339 string', value);
    return normalizeGoTime(value, { ...options, field: `${this.where}.${name}` });
  }

  object(name: string): Record<string, unknown> | undefined {
    const value = this.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw typeError(`${this.where}.${name}`, 'object', value);
    return value as Record<string, unknown>;
  }

  child(name: string): LenientObject {
    return LenientObject.from(this.object(name), `${this.where}.${name}`);
  }

  array(name: string): unknown[] | undefined {
    const value = this.get(name);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw typeError(`${this.where}.${name}`, 'array', value);
    return value;
  }

  stringArray(name: string): string[] | undefined {
    const values = this.array(name);
    if (values === undefined) return undefined;
    return values.map((value, index) => {
      if (typeof value !== 'string') throw typeError(`${this.where}.${name}[${index}]`, 'string', value);
      return value;
    });
  }
}

function typeError(path: string, expected: string, value: unknown): InvalidInputError {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new InvalidInputError(`${path}: expected ${expected}, got ${actual}`, { code: 'invalid_field_type', details: { path, expected } });
}
