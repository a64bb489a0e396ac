import { InvalidInputError, IoError } from '@gait/core-errors';

/** Wraps a Node file-system failure so the message names the operation and the path (exit 1). */
export function ioFailure(operation: string, path: string, cause: unknown): IoError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const errno = (cause as { code?: unknown } | null)?.code;
  return new IoError(`${operation} ${path}: ${reason}`, {
    code: 'io_failure',
    cause,
    details: { path, operation, ...(typeof errno === 'string' ? { errno } : {}) },
  });
}

/** Rejects a path argument that is empty or not a string before anything touches the disk. */
export function requirePath(path: unknown, what: string): string {
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw new InvalidInputError(`${what} must be a non-empty file path without NUL bytes`, {
      code: 'invalid_path',
      details: { field: what },
    });
  }
  return path;
}

export function toBytes(data: string | Uint8Array): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return data;
  throw new InvalidInputError('data must be a string or a Uint8Array', { code: 'invalid_data', details: { field: 'data' } });
}
