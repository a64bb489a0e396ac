import { InvalidInputError } from '@gait/core-errors';
import { canonicalize } from 'json-canonicalize';
import { parseJsonStrict } from './parse-json-strict.js';

/**
 * RFC 8785 (JCS) text of a JSON value, as the reference's `gowebpki/jcs` produces it from Go's
 * `json.Marshal` output. `json-canonicalize` does the sorting and number formatting; the walk
 * below first makes the value one Go could have produced and refuses values JSON cannot carry,
 * because JSON.stringify would otherwise drop or mangle them silently and change the digest.
 */
export function canonicalJson(value: unknown): string {
  let json: unknown;
  try {
    json = toJsonValue(value, '', new Set());
  } catch (error) {
    if (error instanceof UnsupportedValue) throw error.toInvalidInput();
    throw error;
  }
  return canonicalize(json);
}

const utf8 = new TextEncoder();

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8.encode(canonicalJson(value));
}

/** Canonical form of JSON text; duplicate keys are rejected as the reference's canonicaliser does. */
export function canonicalizeJsonText(text: string): string {
  return canonicalJson(parseJsonStrict(text));
}

/**
 * Raised deep in the walk; each level adds its path segment while unwinding, so the common case
 * (no error) never builds path strings.
 */
class UnsupportedValue extends Error {
  readonly segments: string[] = [];
  constructor(
    readonly what: string,
    readonly hint: string,
    readonly code = 'json_value_unsupported',
  ) {
    super(what);
  }

  toInvalidInput(): InvalidInputError {
    const path = `$${this.segments.join('')}`;
    const message =
      this.code === 'json_duplicate_key'
        ? `canonical JSON: duplicate key ${this.what} at ${path}`
        : `canonical JSON: value at ${path} is ${this.what}; ${this.hint}`;
    return new InvalidInputError(message, { code: this.code, details: { path } });
  }
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const hasWellFormedCheck = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';

/** Go's encoder turns unpaired surrogates into U+FFFD before JCS sees them; JS would escape them. */
function wellFormed(text: string): string {
  if (hasWellFormedCheck) {
    return (text as unknown as { isWellFormed(): boolean }).isWellFormed() ? text : text.replace(loneSurrogate, '\uFFFD');
  }
  loneSurrogate.lastIndex = 0;
  return loneSurrogate.test(text) ? text.replace(loneSurrogate, '\uFFFD') : text;
}

function toJsonValue(value: unknown, key: string, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      return wellFormed(value);
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new UnsupportedValue(String(value), 'JSON numbers must be finite');
      return value === 0 ? 0 : value; // folds -0 into 0
    case 'undefined':
      throw new UnsupportedValue('undefined', 'omit the key or use null');
    case 'bigint':
      throw new UnsupportedValue('a bigint', 'convert it to a number or a string first');
    case 'function':
    case 'symbol':
      throw new UnsupportedValue(`a ${typeof value}`, 'only JSON data can be canonicalized');
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) throw new UnsupportedValue('a circular reference', 'JSON cannot express cycles');
  ancestors.add(object);
  try {
    return toJsonContainer(object, key, ancestors);
  } finally {
    ancestors.delete(object);
  }
}

function toJsonContainer(object: object, key: string, ancestors: Set<object>): unknown {
  if (Array.isArray(object)) return toJsonArray(object, ancestors);
  if (object instanceof Date) {
    // Date.toJSON prints `.000Z`, which Go never emits for a whole second: the digest would differ.
    throw new UnsupportedValue('a Date', 'format it as a Go RFC3339Nano string first');
  }
  if (object instanceof String || object instanceof Number || object instanceof Boolean) {
    return toJsonValue(object.valueOf(), key, ancestors);
  }
  const withToJson = object as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    return toJsonValue((withToJson.toJSON as (k: string) => unknown)(key), key, ancestors);
  }
  if (object instanceof Map || object instanceof Set || ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    throw new UnsupportedValue(`a ${object.constructor.name}`, 'convert it to a plain object or array first');
  }
  return toJsonObject(object as Record<string, unknown>, ancestors);
}

/**
 * Arrays and objects are copied only once a member actually changes (copy on write): the usual
 * input is already clean JSON data and is handed to the serializer as it is.
 */
function toJsonArray(array: readonly unknown[], ancestors: Set<object>): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    let member: unknown;
    try {
      member = toJsonValue(array[i], String(i), ancestors);
    } catch (error) {
      if (error instanceof UnsupportedValue) error.segments.unshift(`[${i}]`);
      throw error;
    }
    if (out === undefined && !Object.is(member, array[i])) out = array.slice(0, i);
    out?.push(member);
  }
  return out ?? (array as unknown[]);
}

function toJsonObject(source: Record<string, unknown>, ancestors: Set<object>): Record<string, unknown> {
  const keys = Object.keys(source);
  // A copy is also needed for class instances, whose toJSON-less prototype the serializer would
  // otherwise inspect; plain objects and JSON.parse output pass through.
  const proto = Object.getPrototypeOf(source) as unknown;
  let out: Record<string, unknown> | undefined =
    proto === Object.prototype || proto === null ? undefined : copyPrefix(source, keys, 0);
  for (let i = 0; i < keys.length; i++) {
    const rawKey = keys[i]!;
    const childKey = wellFormed(rawKey);
    let member: unknown;
    try {
      member = toJsonValue(source[rawKey], rawKey, ancestors);
    } catch (error) {
      if (error instanceof UnsupportedValue) error.segments.unshift(`.${rawKey}`);
      throw error;
    }
    if (out === undefined && (childKey !== rawKey || !Object.is(member, source[rawKey]))) {
      out = copyPrefix(source, keys, i);
    }
    if (out !== undefined) {
      // Keys are unique, so a clash means two keys became the same after the U+FFFD repair.
      if (Object.prototype.hasOwnProperty.call(out, childKey)) {
        throw new UnsupportedValue(JSON.stringify(childKey), '', 'json_duplicate_key');
      }
      out[childKey] = member;
    }
  }
  return out ?? source;
}

/** A null-prototype copy of the first `count` members (a `__proto__` key stays ordinary data). */
function copyPrefix(source: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < count; i++) out[keys[i]!] = source[keys[i]!];
  return out;
}
