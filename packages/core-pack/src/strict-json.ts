/**
 * PackSpec reads its own files strictly (artifacts.md §6.4): unknown fields are refused, as Go's
 * `DisallowUnknownFields` does, and so is anything after the first JSON value.
 */
import { InvalidInputError, VerificationError } from '@gait/core-errors';
import { parseJsonStrict } from '@gait/core-sign';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses `data` as one JSON value; `what` prefixes errors, which carry `code`. */
export function parseJson(data: Uint8Array | string, what: string, code = 'pack_json_invalid'): unknown {
  try {
    return parseJsonStrict(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch (error) {
    throw new InvalidInputError(`${what}: ${(error as Error).message}`, { code, cause: error });
  }
}

/** Parses `data` as one JSON object; `what` prefixes errors (`parse pack manifest: …`). */
export function parseObject(data: Uint8Array | string, what: string): Obj {
  const value = parseJson(data, what);
  if (!isObj(value)) throw new InvalidInputError(`${what}: expected a JSON object`, { code: 'pack_json_invalid' });
  return value;
}

/** JSONL records, blank lines skipped; each must be an object. */
export function parseJsonl(data: Uint8Array | string, what: string): Obj[] {
  const lines = (typeof data === 'string' ? data : Buffer.from(data).toString('utf8')).split('\n');
  return lines.flatMap((line, i) => (line.trim() === '' ? [] : [parseObject(line, `${what} line ${i + 1}`)]));
}

/** The first key of `o` outside `allowed`, worded like Go's decoder. */
export function rejectUnknown(o: Obj, allowed: ReadonlySet<string>, what: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.has(key)) throw new InvalidInputError(`${what}: json: unknown field "${key}"`, { code: 'pack_unknown_field', details: { field: key } });
  }
}

export const HEX64 = /^[a-fA-F0-9]{64}$/;

/** A broken payload contract: the pack parsed but its content is not what its type promises (exit 2). */
export function contractError(message: string): VerificationError {
  return new VerificationError(message, { code: 'pack_contract_violation' });
}
