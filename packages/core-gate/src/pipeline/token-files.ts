/** Token inputs of the gate pipeline (approval and delegation alike): loading and validating them. */
import { parseJsonText } from '../go/json-decode.js';
import { uniqueSorted } from '../go/strings.js';
import { TokenError } from '../tokens/errors.js';
import { readInputFile } from './files.js';

/**
 * Token documents (parsed JSON), or a loader the pipeline calls only when the step that needs them
 * runs, so unused token files are never read (as `gait gate eval` does).
 */
export type TokenValues = readonly unknown[] | (() => readonly unknown[]);

export function loadTokenValues(tokens: TokenValues | undefined): readonly unknown[] {
  if (tokens === undefined) return [];
  return typeof tokens === 'function' ? tokens() : tokens;
}

/**
 * The token files handed to gate eval: each distinct path (byte-sorted), read and parsed. An
 * unreadable or unparsable file aborts the evaluation (exit 6) as in the reference.
 */
export function tokenFileLoader(paths: readonly string[], what: string, cwd: string): () => unknown[] {
  return () => uniqueSorted(paths).map((path) => parseJsonText(readInputFile(path, what, cwd), `${what} ${path}`));
}

export interface TokenCheckResults<T, E> {
  valid: T[];
  entries: E[];
  /** The failing tokens' reason codes, in input order. */
  reasons: string[];
}

/** Decodes and validates each token; a token that fails validation is recorded with its reason code. */
export function checkTokens<T, E>(
  values: readonly unknown[],
  decode: (value: unknown) => T,
  validate: (token: T) => T,
  entry: (token: T, errorCode: string) => E,
): TokenCheckResults<T, E> {
  const out: TokenCheckResults<T, E> = { valid: [], entries: [], reasons: [] };
  for (const value of values) {
    const token = decode(value);
    try {
      const valid = validate(token);
      out.valid.push(valid);
      out.entries.push(entry(valid, ''));
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      out.reasons.push(error.code);
      out.entries.push(entry(token, error.code));
    }
  }
  return out;
}
