import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Lowercase hex sha256, no `sha256:` prefix (the reference's bare digest form). Strings hash as UTF-8. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The reference's `DigestJCS`: sha256 of the canonical JSON text. */
export function digestCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
