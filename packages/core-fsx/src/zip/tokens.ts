import { lengthBase, offsetBase } from './deflate-tables.js';

// A token is a literal byte, the end-of-block marker (256), or a match packed as Go packs it:
// bit 30 set, (length - 3) in bits 22..29, (offset - 1) in bits 0..21.

const matchType = 1 << 30;
const lengthShift = 22;
const offsetMask = (1 << lengthShift) - 1;

export const endBlockMarker = 256;

export const literalToken = (byte: number): number => byte;
export const matchToken = (xlength: number, xoffset: number): number => matchType + (xlength << lengthShift) + xoffset;
export const isMatch = (t: number): boolean => t >= matchType;
export const literalOf = (t: number): number => t;
export const matchLengthOf = (t: number): number => (t - matchType) >>> lengthShift;
export const matchOffsetOf = (t: number): number => t & offsetMask;

/** Largest index whose base is <= value. */
function codeTable(bases: readonly number[], size: number): Uint8Array {
  const table = new Uint8Array(size);
  let code = 0;
  for (let v = 0; v < size; v++) {
    while (code + 1 < bases.length && bases[code + 1]! <= v) code++;
    table[v] = code;
  }
  return table;
}

let lengthCodes: Uint8Array | undefined;

/** Length code (0..28) of a stored match length (length - 3). */
export function lengthCodeOf(xlength: number): number {
  lengthCodes ??= codeTable(lengthBase, 256);
  return lengthCodes[xlength]!;
}

/**
 * Offset code (0..29) of a stored match offset (offset - 1). Past the first four, codes come in
 * pairs per power of two, the second half of each range taking the odd code; computing that
 * directly spares building a 32768-entry table on first use (milliseconds in a cold CLI process).
 */
export function offsetCodeOf(xoffset: number): number {
  if (xoffset < 4) return xoffset;
  const log2 = 31 - Math.clz32(xoffset);
  return 2 * log2 + ((xoffset >>> (log2 - 1)) & 1);
}
