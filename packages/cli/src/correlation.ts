import { createHash } from 'node:crypto';

/**
 * The program name hashed as argv[0]. The reference hashes argv[0] as typed (`gait`, `./gait`, a
 * full path), so its ids change with how it was invoked; we always hash `gait`, which is what a
 * user types with the binary on PATH, so ids are stable however Node was launched.
 */
export const PROGRAM_NAME = 'gait';

const SEPARATOR = '\x1f';

/**
 * The reference's correlation id: first 12 bytes (24 hex chars) of SHA-256 over the trimmed
 * arguments, argv[0] included, joined by the ASCII unit separator. An empty argv gives 24 zeros.
 */
export function correlationId(argv: readonly string[]): string {
  if (argv.length === 0) return '0'.repeat(24);
  const joined = argv.map((arg) => arg.trim()).join(SEPARATOR);
  return createHash('sha256').update(joined, 'utf8').digest('hex').slice(0, 24);
}
