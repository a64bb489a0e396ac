/** `DigestJCS`: lowercase hex SHA-256 of the RFC 8785 canonical JSON of a value. */
import { digestCanonical, sha256Hex } from '@gait/core-sign';

export function digestJcs(value: unknown): string {
  return digestCanonical(value);
}

/** First `length` hex characters of sha256(text): the reference's short ids. */
export function shortId(text: string, length = 24): string {
  return sha256Hex(text).slice(0, length); // a string hashes as its UTF-8 bytes
}

export function sha256HexOf(text: string | Uint8Array): string {
  return sha256Hex(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
}
