/**
 * Reading decoded JSON the way Go's `encoding/json` fills a struct: an exact key wins, otherwise
 * the first key that matches case-insensitively; unknown keys are ignored. Type mismatches are
 * errors that name the field and the expected form.
 */
import { InvalidInputError } from '@gait/core-errors';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value under `key`, matched as Go matches struct field names. */
export function fieldOf(obj: JsonObject, key: string): unknown {
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

export function typeError(prefix: string, path: string, expected: string, value: unknown): InvalidInputError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new InvalidInputError(`${prefix}: ${path} must be ${expected}, got ${got}`, { code: 'tool_call_invalid' });
}

export function stringField(obj: JsonObject, key: string, prefix: string, path = key): string {
  const v = fieldOf(obj, key);
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw typeError(prefix, path, 'a string', v);
  return v;
}

export function objectField(obj: JsonObject, key: string, prefix: string, path = key): JsonObject | undefined {
  const v = fieldOf(obj, key);
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw typeError(prefix, path, 'an object', v);
  return v;
}

export function listField(obj: JsonObject, key: string, prefix: string, path = key): unknown[] {
  const v = fieldOf(obj, key);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw typeError(prefix, path, 'an array', v);
  return v;
}

/** Parses JSON text, reporting the failure under `prefix` (the reference's `parse <adapter> tool call: …`). */
export function parseJson(text: string | Uint8Array, prefix: string): unknown {
  const source = typeof text === 'string' ? text : new TextDecoder().decode(text);
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new InvalidInputError(`${prefix}: ${(error as Error).message}`, { code: 'tool_call_invalid', cause: error });
  }
}
