import { type ErrorCategory, type ExitCode, exitCodeForCategory } from './exit-codes.js';

export interface GaitErrorOptions {
  /** Stable machine-readable code, e.g. `zip_path_traversal`. Defaults to the category. */
  readonly code?: string;
  readonly cause?: unknown;
  /** Extra structured detail (field path, expected form, ...). */
  readonly details?: Record<string, unknown>;
}

/**
 * Base of every error a Gait engine throws on purpose. The category decides the exit code, so the
 * CLI never has to guess from message text.
 */
export class GaitError extends Error {
  readonly category: ErrorCategory;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(category: ErrorCategory, message: string, options: GaitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.category = category;
    this.code = options.code ?? category;
    this.details = options.details;
  }

  get exitCode(): ExitCode {
    return exitCodeForCategory(this.category);
  }
}

/** Bad flags, unreadable or malformed input: exit 6. */
export class InvalidInputError extends GaitError {
  constructor(message: string, options: GaitErrorOptions = {}) {
    super('invalid_input', message, options);
  }
}

/** The input parsed, but integrity or a signature does not hold: exit 2. */
export class VerificationError extends GaitError {
  constructor(message: string, options: GaitErrorOptions = {}) {
    super('verification_failed', message, options);
  }
}

/** File system failures: exit 1. */
export class IoError extends GaitError {
  constructor(message: string, options: GaitErrorOptions = {}) {
    super('io_failure', message, options);
  }
}

/** A lock held by someone else past the wait bound: exit 1. */
export class ContentionError extends GaitError {
  constructor(message: string, options: GaitErrorOptions = {}) {
    super('state_contention', message, options);
  }
}

/** A required tool, key or configuration is missing: exit 7. */
export class DependencyMissingError extends GaitError {
  constructor(message: string, options: GaitErrorOptions = {}) {
    super('dependency_missing', message, options);
  }
}

/** A bug or an impossible state: exit 1. */
export class InternalError extends GaitError {
  constructor(message: string, options: GaitErrorOptions = {}) {
    super('internal_failure', message, options);
  }
}

export function isGaitError(value: unknown): value is GaitError {
  return value instanceof GaitError;
}

/**
 * The reference's mapping from any error to an exit code: categorised errors by category;
 * otherwise a message mentioning a lock, contention or timeout is an operational failure (1), and
 * everything else takes the call site's fallback. The substring rule is the reference's (it makes
 * a path such as `blocklist.yaml` exit 1); we keep it for exit-code compatibility.
 */
export function exitCodeForError(error: unknown, fallback: ExitCode): ExitCode {
  if (isGaitError(error)) return error.exitCode;
  const message = error instanceof Error ? error.message : String(error);
  const lower = message.toLowerCase();
  if (lower.includes('lock') || lower.includes('contention') || lower.includes('timeout')) return 1;
  return fallback;
}
