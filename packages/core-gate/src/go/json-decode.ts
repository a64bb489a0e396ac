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

/*
 * Typed conversions shared by the one-off readers below and by `GoFields`: `value` is the member
 * found for `path.name` (undefined when absent).
 */

function asString(value: unknown, path: string, name: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw decodeError(`${path}.${name}`, 'string', value);
  return value;
}

function asBool(value: unknown, path: string, name: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw decodeError(`${path}.${name}`, 'boolean', value);
  return value;
}

function asObject(value: unknown, path: string, name: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw decodeError(`${path}.${name}`, 'object', value);
  return value;
}

function asArray(value: unknown, path: string, name: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw decodeError(`${path}.${name}`, 'array', value);
  return value;
}

function asStringList(value: unknown, path: string, name: string): string[] {
  return asArray(value, path, name).map((item, i) => {
    if (item === null) return '';
    if (typeof item !== 'string') throw decodeError(`${path}.${name}[${i}]`, 'string', item);
    return item;
  });
}

function asObjectList(value: unknown, path: string, name: string): JsonObject[] {
  return asArray(value, path, name).map((item, i) => {
    if (item === null) return {};
    if (!isObject(item)) throw decodeError(`${path}.${name}[${i}]`, 'object', item);
    return item;
  });
}

/** `time.Time` field: RFC3339 string; `null` or absent leaves the zero time; `""` is an error. */
function asTime(value: unknown, path: string, name: string): GoTime {
  if (value === undefined || value === null) return GoTime.zero;
  if (typeof value !== 'string') throw decodeError(`${path}.${name}`, 'RFC3339 string', value);
  return GoTime.parse(value, `${path}.${name}`);
}

function asInt(value: unknown, path: string, name: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw decodeError(`${path}.${name}`, 'integer', value);
  return value;
}

export function readString(obj: JsonObject, name: string, path: string): string {
  return asString(field(obj, name), path, name);
}

export function readBool(obj: JsonObject, name: string, path: string): boolean {
  return asBool(field(obj, name), path, name);
}

export function readObject(obj: JsonObject, name: string, path: string): JsonObject | undefined {
  return asObject(field(obj, name), path, name);
}

export function readArray(obj: JsonObject, name: string, path: string): unknown[] {
  return asArray(field(obj, name), path, name);
}

export function readStringList(obj: JsonObject, name: string, path: string): string[] {
  return asStringList(field(obj, name), path, name);
}

export function readObjectList(obj: JsonObject, name: string, path: string): JsonObject[] {
  return asObjectList(field(obj, name), path, name);
}

export function readTime(obj: JsonObject, name: string, path: string): GoTime {
  return asTime(field(obj, name), path, name);
}

export function readInt(obj: JsonObject, name: string, path: string): number {
  return asInt(field(obj, name), path, name);
}

/**
 * An object's members by lower-cased key, the last folding key winning: what `field` finds, with
 * the keys folded once instead of on every lookup (an intent's context is read for ~30 fields).
 * When every key is already lower case (the usual case) the object itself is the index. Built per
 * decode, never cached: callers may reuse and change their objects between calls.
 */
function foldKeys(obj: JsonObject): JsonObject {
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key.toLowerCase() === key) continue;
    const folded: JsonObject = Object.create(null) as JsonObject;
    for (const k of keys) folded[k.toLowerCase()] = obj[k];
    return folded;
  }
  return obj;
}

/** Reads a struct's fields out of one JSON object; `name` is always the lower-case JSON tag. */
export class GoFields {
  readonly #members: JsonObject;
  readonly path: string;

  constructor(obj: JsonObject, path: string) {
    this.#members = foldKeys(obj);
    this.path = path;
  }

  get(name: string): unknown {
    return Object.hasOwn(this.#members, name) ? this.#members[name] : undefined;
  }

  string(name: string): string {
    return asString(this.get(name), this.path, name);
  }

  bool(name: string): boolean {
    return asBool(this.get(name), this.path, name);
  }

  object(name: string): JsonObject | undefined {
    return asObject(this.get(name), this.path, name);
  }

  stringList(name: string): string[] {
    return asStringList(this.get(name), this.path, name);
  }

  objectList(name: string): JsonObject[] {
    return asObjectList(this.get(name), this.path, name);
  }

  time(name: string): GoTime {
    return asTime(this.get(name), this.path, name);
  }

  int(name: string): number {
    return asInt(this.get(name), this.path, name);
  }
}

/** Parse a JSON document; errors are invalid input naming the source. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`parse ${what}: ${(error as Error).message}`, { code: 'invalid_json', cause: error });
  }
}
