/**
 * Reading JSON the way Go's `encoding/json` fills a struct: field names match case-insensitively
 * (the last matching key wins), unknown fields are ignored, `null` leaves the zero value, and a
 * wrong type is an error naming the field.
 */
import { InvalidInputError } from '@gait/core-errors';
import { GoTime } from './time.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'number' ? 'number' : typeof value === 'object' ? 'object' : typeof value;
}

export function decodeError(path: string, expected: string, value: unknown): InvalidInputError {
  return new InvalidInputError(`json: cannot unmarshal ${typeName(value)} into ${path} (expected ${expected})`, {
    code: 'invalid_json_field',
    details: { field: path, expected },
  });
}

/** The value of a struct field, matching Go's case-insensitive key lookup. */
export function field(obj: JsonObject, name: string): unknown {
  let found: unknown = undefined;
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) {
    if (key === name || key.toLowerCase() === lower) found = obj[key];
  }
  return found;
}

export function readString(obj: JsonObject, name: string, path: string): string {
  const value = field(obj, name);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw decodeError(`${path}.${name}`, 'string', value);
  return value;
}

export function readBool(obj: JsonObject, name: string, path: string): boolean {
  const value = field(obj, name);
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw decodeError(`${path}.${name}`, 'boolean', value);
  return value;
}

export function readObject(obj: JsonObject, name: string, path: string): JsonObject | undefined {
  const value = field(obj, name);
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw decodeError(`${path}.${name}`, 'object', value);
  return value;
}

export function readArray(obj: JsonObject, name: string, path: string): unknown[] {
  const value = field(obj, name);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw decodeError(`${path}.${name}`, 'array', value);
  return value;
}

export function readStringList(obj: JsonObject, name: string, path: string): string[] {
  return readArray(obj, name, path).map((item, i) => {
    if (item === null) return '';
    if (typeof item !== 'string') throw decodeError(`${path}.${name}[${i}]`, 'string', item);
    return item;
  });
}

export function readObjectList(obj: JsonObject, name: string, path: string): JsonObject[] {
  return readArray(obj, name, path).map((item, i) => {
    if (item === null) return {};
    if (!isObject(item)) throw decodeError(`${path}.${name}[${i}]`, 'object', item);
    return item;
  });
}

/** `time.Time` field: RFC3339 string; `null` or absent leaves the zero time; `""` is an error. */
export function readTime(obj: JsonObject, name: string, path: string): GoTime {
  const value = field(obj, name);
  if (value === undefined || value === null) return GoTime.zero;
  if (typeof value !== 'string') throw decodeError(`${path}.${name}`, 'RFC3339 string', value);
  return GoTime.parse(value, `${path}.${name}`);
}

export function readInt(obj: JsonObject, name: string, path: string): number {
  const value = field(obj, name);
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw decodeError(`${path}.${name}`, 'integer', value);
  return value;
}

/** Parse a JSON document; errors are invalid input naming the source. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`parse ${what}: ${(error as Error).message}`, { code: 'invalid_json', cause: error });
  }
}
