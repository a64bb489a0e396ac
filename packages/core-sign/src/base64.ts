/**
 * Strict decoders matching Go's `base64.StdEncoding` and `encoding/hex`. Node's own decoders skip
 * bad characters silently, which would let a corrupted key or signature decode to other bytes.
 */

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes, or the offset of the first byte Go would report as illegal. */
export type DecodeResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

export function decodeStdBase64(text: string): DecodeResult {
  // Go's decoder ignores CR and LF anywhere in the input.
  const compact = text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]/g, '') : text;
  if (base64Pattern.test(compact)) {
    const buf = Buffer.from(compact, 'base64');
    return { ok: true, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.length) };
  }
  return { ok: false, message: `illegal base64 data at input byte ${illegalBase64Offset(compact)}` };
}

function illegalBase64Offset(text: string): number {
  const firstBad = text.search(/[^A-Za-z0-9+/=]/);
  const firstPad = text.indexOf('=');
  if (firstBad >= 0 && (firstPad < 0 || firstBad < firstPad)) return firstBad;
  if (firstPad >= 0) return firstPad;
  // Only alphabet characters, but a truncated final quantum: Go reports its start.
  return text.length - (text.length % 4);
}

export function encodeStdBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Go `hex.DecodeString` semantics, with its error text (used in `decode digest: …`). */
export function decodeHex(text: string): DecodeResult {
  const bad = text.search(/[^0-9a-fA-F]/);
  if (bad >= 0) {
    const cp = text.codePointAt(bad) ?? 0;
    return {
      ok: false,
      message: `encoding/hex: invalid byte: U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${JSON.stringify(String.fromCodePoint(cp)).replace(/^"|"$/g, "'")}`,
    };
  }
  if (text.length % 2 !== 0) return { ok: false, message: 'encoding/hex: odd length hex string' };
  const buf = Buffer.from(text, 'hex');
  return { ok: true, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.length) };
}
