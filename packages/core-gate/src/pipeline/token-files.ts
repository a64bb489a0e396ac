/** Reading and validating the token files handed to gate eval (approval and delegation alike). */
import { parseJsonText } from '../go/json-decode.js';
import { uniqueSorted } from '../go/strings.js';
import { TokenError } from '../tokens/errors.js';
import { readInputFile } from './files.js';

export interface TokenFileResults<T, E> {
  valid: T[];
  entries: E[];
  /** The failing tokens' reason codes, in path order. */
  reasons: string[];
}

/**
 * Each distinct path (byte-sorted) is read and validated. An unreadable or unparsable file aborts
 * the evaluation (exit 6) as in the reference; a token that fails validation is recorded with its
 * reason code.
 */
export function checkTokenFiles<T, E>(
  paths: readonly string[],
  what: string,
  cwd: string,
  decode: (value: unknown) => T,
  validate: (token: T) => T,
  entry: (token: T, errorCode: string) => E,
): TokenFileResults<T, E> {
  const out: TokenFileResults<T, E> = { valid: [], entries: [], reasons: [] };
  for (const path of uniqueSorted(paths)) {
    const token = decode(parseJsonText(readInputFile(path, what, cwd), `${what} ${path}`));
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
