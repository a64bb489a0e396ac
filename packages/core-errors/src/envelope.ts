import { envelopeDefaults } from './exit-codes.js';

/**
 * Completes a command's JSON output the way the reference does: only when `error` is a non-empty
 * string are `error_code`, `error_category`, `retryable` and `hint` filled in (keeping any value
 * the command set itself). `correlation_id` is always added.
 */
export function withErrorEnvelope(
  output: Record<string, unknown>,
  exitCode: number,
  correlationId: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...output, correlation_id: correlationId };
  if (typeof result.error !== 'string' || result.error === '') return result;
  const defaults = envelopeDefaults(exitCode);
  if (!isFilled(result.error_code)) result.error_code = defaults.errorCode;
  if (!isFilled(result.error_category)) result.error_category = defaults.errorCategory;
  if (!('retryable' in result)) {
    result.retryable = result.error_category === 'network_transient' || result.error_category === 'state_contention';
  }
  if (!isFilled(result.hint)) result.hint = defaults.hint;
  return result;
}

function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/**
 * JSON with every object's keys sorted and `<`, `>`, `&`, U+2028, U+2029 escaped, byte for byte
 * how the reference's CLI prints its one-line output. The characters only occur inside string
 * literals of JSON.stringify output, so replacing them everywhere is safe.
 */
export function stringifySorted(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (ch) =>
    `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) {
      if (source[key] !== undefined) sorted[key] = sortKeys(source[key]);
    }
    return sorted;
  }
  return value;
}
