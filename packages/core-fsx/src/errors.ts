import { GaitError, type ErrorCategory } from '@gait/core-errors';

/** Stable codes for every way a zip can be refused. */
export type ZipErrorCode =
  | 'zip_path_traversal'
  | 'zip_absolute_path'
  | 'zip_invalid_name'
  | 'zip_duplicate_entry'
  | 'zip_entry_too_large'
  | 'zip_total_too_large'
  | 'zip_too_many_entries'
  | 'zip_encrypted_entry'
  | 'zip_unsupported_compression'
  | 'zip_corrupt';

/**
 * Exit codes follow what the reference binary did with such archives: an archive that cannot be
 * read at all (truncated, CRC failure, unsupported, over a limit) is invalid input (6); one that
 * reads but smuggles a second copy of a member or a name that escapes the archive is a
 * verification failure (2).
 */
const categoryByCode: Record<ZipErrorCode, ErrorCategory> = {
  zip_path_traversal: 'verification_failed',
  zip_absolute_path: 'verification_failed',
  zip_invalid_name: 'verification_failed',
  zip_duplicate_entry: 'verification_failed',
  zip_entry_too_large: 'invalid_input',
  zip_total_too_large: 'invalid_input',
  zip_too_many_entries: 'invalid_input',
  zip_encrypted_entry: 'invalid_input',
  zip_unsupported_compression: 'invalid_input',
  zip_corrupt: 'invalid_input',
};

export interface ZipErrorOptions {
  readonly details?: Record<string, unknown>;
  readonly cause?: unknown;
  /** Overrides the code's usual category, e.g. a bad name handed to the writer is our caller's input error. */
  readonly category?: ErrorCategory;
}

export class ZipError extends GaitError {
  declare readonly code: ZipErrorCode;

  constructor(code: ZipErrorCode, message: string, options: ZipErrorOptions = {}) {
    super(options.category ?? categoryByCode[code], message, {
      code,
      details: options.details,
      cause: options.cause,
    });
  }
}
