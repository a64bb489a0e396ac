import { InvalidInputError } from '@gait/core-errors';
import { parseJsonStrict } from './parse-json-strict.js';

/**
 * RFC 8785 (JCS) text of a JSON value, as the reference's `gowebpki/jcs` produces it from Go's
 * `json.Marshal` output, written in one pass: object keys sorted by UTF-16 code units, numbers in
 * ES6 form (`String(n)` is that form for finite numbers; -0 is written 0), strings as
 * JSON.stringify writes them once unpaired surrogates are replaced by U+FFFD (as Go's encoder
 * does). Values JSON cannot carry are refused with their path, because silently dropping or
 * mangling them would change the digest.
 */
export function canonicalJson(value: unknown): string {
  try {
    return serialize(value, '', []);
  } catch (error) {
    if (error instanceof UnsupportedValue) throw error.toInvalidInput();
    throw error;
  }
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


/**
 * A JSON string literal, as JCS writes it. Most strings have no character JSON.stringify would
 * escape (quote, backslash, controls) and no surrogate (which may need the U+FFFD repair): those
 * are quoted as they are, which a scan does faster than a call into JSON.stringify.
 */
function quote(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(wellFormed(text));
  }
  return `"${text}"`;
}

/**
 * Sorts in place by UTF-16 code units (`<` on strings), as sort() without a comparator would;
 * objects have few keys, where insertion sort beats the generic sort's overhead.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 24) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function serialize(value: unknown, key: string | number, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new UnsupportedValue(String(value), 'JSON numbers must be finite');
      return value === 0 ? '0' : String(value); // folds -0 into 0
    case 'undefined':
      throw new UnsupportedValue('undefined', 'omit the key or use null');
    case 'bigint':
      throw new UnsupportedValue('a bigint', 'convert it to a number or a string first');
    case 'function':
    case 'symbol':
      throw new UnsupportedValue(`a ${typeof value}`, 'only JSON data can be canonicalized');
  }
  if (value === null) return 'null';
  const object = value as object;
  // The open containers: nesting is shallow, so a linear scan beats hashing every object into a Set.
  if (ancestors.includes(object)) throw new UnsupportedValue('a circular reference', 'JSON cannot express cycles');
  ancestors.push(object);
  try {
    return serializeContainer(object, key, ancestors);
  } finally {
    ancestors.pop();
  }
}

function serializeContainer(object: object, key: string | number, ancestors: object[]): string {
  if (Array.isArray(object)) return serializeArray(object, ancestors);
  const proto = Object.getPrototypeOf(object) as unknown;
  if ((proto === Object.prototype || proto === null) && typeof (object as { toJSON?: unknown }).toJSON !== 'function') {
    // Plain data (the usual case) skips the class checks below.
    return serializeObject(object as Record<string, unknown>, ancestors);
  }
  if (object instanceof Date) {
    // Date.toJSON prints `.000Z`, which Go never emits for a whole second: the digest would differ.
    throw new UnsupportedValue('a Date', 'format it as a Go RFC3339Nano string first');
  }
  if (object instanceof String || object instanceof Number || object instanceof Boolean) {
    return serialize(object.valueOf(), key, ancestors);
  }
  const withToJson = object as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    return serialize((withToJson.toJSON as (k: string) => unknown)(String(key)), key, ancestors);
  }
  if (object instanceof Map || object instanceof Set || ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    throw new UnsupportedValue(`a ${object.constructor.name}`, 'convert it to a plain object or array first');
  }
  return serializeObject(object as Record<string, unknown>, ancestors);
}

function serializeArray(array: readonly unknown[], ancestors: object[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    try {
      out += serialize(array[i], i, ancestors); // a hole reads as undefined and is refused
    } catch (error) {
      if (error instanceof UnsupportedValue) error.segments.unshift(`[${i}]`);
      throw error;
    }
  }
  return `${out}]`;
}

/**
 * Own enumerable keys in UTF-16 code-unit order (what sort() without a comparator gives). Members
 * are written in that order, so when several are bad the first in canonical order is reported.
 */
function serializeObject(source: Record<string, unknown>, ancestors: object[]): string {
  const keys = Object.keys(source);
  const repaired = repairKeys(keys);
  const order = sortKeys(repaired === undefined ? keys : [...repaired.keys()]);
  let out = '{';
  for (let i = 0; i < order.length; i++) {
    const outKey = order[i]!;
    const rawKey = repaired === undefined ? outKey : repaired.get(outKey)!;
    if (i > 0) out += ',';
    out += quote(outKey);
    out += ':';
    try {
      out += serialize(source[rawKey], rawKey, ancestors);
    } catch (error) {
      if (error instanceof UnsupportedValue) error.segments.unshift(`.${rawKey}`);
      throw error;
    }
  }
  return `${out}}`;
}

/**
 * Undefined when every key is well-formed (the usual case, no allocation); otherwise a map from
 * repaired key to own key. Keys are unique, so a clash means two keys became the same after the
 * U+FFFD repair, which Go would see as a duplicate.
 */
function repairKeys(keys: readonly string[]): Map<string, string> | undefined {
  let repaired: Map<string, string> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const rawKey = keys[i]!;
    const outKey = wellFormed(rawKey);
    if (repaired === undefined) {
      if (outKey === rawKey) continue;
      repaired = new Map();
      for (let j = 0; j < i; j++) repaired.set(keys[j]!, keys[j]!);
    }
    if (repaired.has(outKey)) throw new UnsupportedValue(JSON.stringify(outKey), '', 'json_duplicate_key');
    repaired.set(outKey, rawKey);
  }
  return repaired;
}
