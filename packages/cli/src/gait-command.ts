import { type ExitCode, exitCodeForError } from '@gait/core-errors';
import { Command, Option } from 'clipanion';
import { isAbsolute, resolve } from 'node:path';
import type { GaitContext } from './context.js';
import { type JsonOutput, type TextOutput, writeError, writeJson, writeText } from './output.js';

/** A command family such as `keys`: the reference prints its usage for `gait keys` alone. */
export interface CommandFamily {
  readonly name: string;
  /**
   * The family's `--explain` sentence. When set, `--explain` anywhere after the family name prints
   * it (the reference pre-scans at family level, so leaves of such a family never see `--explain`).
   */
  readonly explain?: string;
  /** `gait <family> --help|-h` exits 0 (only `keys` and `contract` do in the reference; others 6). */
  readonly helpExitsZero?: boolean;
  /** Lines the family's usage prints after its commands (the reference's `mcp` usage names serve's endpoints). */
  readonly usageNotes?: readonly string[];
}

export interface FailOptions {
  /** Exit code for errors that carry no category (the reference's call-site fallback; default 6). */
  readonly fallback?: ExitCode;
  /** Extra JSON fields to report next to the error. */
  readonly fields?: JsonOutput;
}

/**
 * Base of every `gait` command. It owns `--json`, and turns a command's result or thrown error into
 * the reference's output: sorted one-line JSON with `correlation_id` and the error envelope, or
 * text; errors as `<label> error: <message>`, exit code from the error's category.
 *
 * A command implements `run()` and returns `this.emit(...)`; to fail it throws a
 * `@gait/core-errors` error (or returns `this.fail(...)`). Declare every flag with clipanion's
 * `Option.String`/`Option.Boolean` (with a description) and check required flags in `run()` with
 * the reference's message: `runCli` applies Go's flag rules before clipanion sees the arguments.
 * Load engines with `await import(...)` inside `run()` so start-up stays lean.
 */
export abstract class GaitCommand extends Command<GaitContext> {
  /** One-line explanation printed for `--explain` (cli.md §1.5). */
  static explain?: string;
  /** Family metadata for commands under a shared first word (`keys init`, `keys verify`). */
  static family?: CommandFamily;
  /** Text-mode error label; defaults to the command path (`keys init`). */
  static label?: string;
  /** False for commands whose flags must precede positionals in the reference (`gate eval`, ...). */
  static interspersedFlags = true;

  json = Option.Boolean('--json', false, { description: 'Print the result as one line of JSON' });

  protected abstract run(): Promise<number>;

  override async execute(): Promise<number> {
    try {
      return await this.run();
    } catch (error) {
      return this.fail(error);
    }
  }

  /** The text-mode error label: `static label`, else the words of the command path. */
  get label(): string {
    return (this.constructor as typeof GaitCommand).label ?? this.path.join(' ');
  }

  /**
   * Prints the command's result: `json` (sorted, one line, with `correlation_id`; the error
   * envelope when it has an `error`) under `--json`, otherwise `text`. Returns `exitCode` (6 if
   * the JSON cannot be encoded, as in the reference).
   */
  protected emit(json: JsonOutput, text: TextOutput | (() => TextOutput), exitCode: ExitCode = 0): ExitCode {
    if (this.json) return writeJson(this.context, json, exitCode);
    writeText(this.context, typeof text === 'function' ? text() : text);
    return exitCode;
  }

  /** Reports an error the reference's way and returns its exit code. */
  protected fail(error: unknown, options: FailOptions = {}): ExitCode {
    return writeError(this.context, {
      label: this.label,
      message: error instanceof Error ? error.message : String(error),
      exitCode: exitCodeForError(error, options.fallback ?? 6),
      json: this.json,
      ...(options.fields === undefined ? {} : { fields: options.fields }),
    });
  }

  /** A user-given path resolved against the context's cwd; left as typed when that is the process cwd. */
  protected resolvePath(path: string): string {
    const { cwd } = this.context;
    if (isAbsolute(path) || cwd === process.cwd()) return path;
    return resolve(cwd, path);
  }
}
