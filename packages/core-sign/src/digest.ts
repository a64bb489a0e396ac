import * as crypto from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

type OneShotHash = (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string;

/**
 * Node ≥ 20.12 has a one-shot `crypto.hash`, about twice as fast as a Hash object for the short
 * inputs digested per gate decision; older Node 20 releases fall back to `createHash`.
 */
const oneShot = (crypto as { hash?: OneShotHash }).hash;

/** Lowercase hex sha256, no `sha256:` prefix (the reference's bare digest form). Strings hash as UTF-8. */
export const sha256Hex: (data: string | Uint8Array) => string =
  typeof oneShot === 'function'
    ? (data) => oneShot('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** The reference's `DigestJCS`: sha256 of the canonical JSON text. */
export function digestCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
