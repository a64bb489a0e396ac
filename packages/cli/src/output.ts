import { type ExitCode, stringifySorted, withErrorEnvelope } from '@gait/core-errors';
import type { GaitContext } from './context.js';

/** A command's JSON result before the envelope: a plain object, serialised with sorted keys. */
export type JsonOutput = Record<string, unknown>;

/** Text output: one string, or lines each followed by a newline. */
export type TextOutput = string | readonly string[];

/** The reference's fixed line when a result cannot be encoded (not key-sorted there either). */
const ENCODE_FAILED =
  '{"ok":false,"error":"failed to encode output","error_code":"encode_failed","error_category":"internal_failure","retryable":false}';

/**
 * Prints a JSON result the way the reference does: `correlation_id` added, the error envelope
 * completed when `error` is set, keys sorted at every depth, one line. Returns the exit code,
 * which becomes 6 when the result cannot be encoded (a BigInt, a cycle).
 */
export function writeJson(context: GaitContext, output: JsonOutput, exitCode: ExitCode): ExitCode {
  let line: string;
  try {
    line = stringifySorted(withErrorEnvelope(output, exitCode, context.correlationId));
  } catch {
    context.stdout.write(`${ENCODE_FAILED}\n`);
    return 6;
  }
  context.stdout.write(`${line}\n`);
  return exitCode;
}

export function writeText(context: GaitContext, text: TextOutput): void {
  const lines = typeof text === 'string' ? [text] : text;
  if (lines.length > 0) context.stdout.write(`${lines.join('\n')}\n`);
}

export interface ErrorReport {
  /** Text-mode prefix, e.g. `keys init` gives `keys init error: <message>`. */
  readonly label: string;
  readonly message: string;
  readonly exitCode: ExitCode;
  readonly json: boolean;
  /** Extra JSON fields a command reports next to the error (kept as given). */
  readonly fields?: JsonOutput;
}

/** Everything, errors included, goes to stdout (cli.md §1.8). */
export function writeError(context: GaitContext, report: ErrorReport): ExitCode {
  if (report.json) return writeJson(context, { ...report.fields, ok: false, error: report.message }, report.exitCode);
  writeText(context, `${report.label} error: ${report.message}`);
  return report.exitCode;
}
