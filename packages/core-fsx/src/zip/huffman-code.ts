/**
 * Huffman code construction exactly as Go's `compress/flate` does it (length-limited codes built
 * level by level, ties broken by symbol value, codes assigned in symbol order), so that our
 * deflate streams are bit-identical to the reference's. Any "better" tree would change zip bytes.
 */

const maxInt32 = 0x7fffffff;
const maxBitsLimit = 16;

interface Leaf {
  literal: number;
  freq: number;
}

/** Reverses the low `length` bits: deflate sends Huffman codes most-significant bit first. */
export function reverseBits(code: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) {
    out = (out << 1) | ((code >>> i) & 1);
  }
  return out;
}

export class HuffmanEncoder {
  /** Bit-reversed code per symbol, ready to be written LSB first. */
  readonly code: Uint16Array;
  /** Code length per symbol; 0 for unused symbols. */
  readonly len: Uint8Array;

  constructor(size: number) {
    this.code = new Uint16Array(size);
    this.len = new Uint8Array(size);
  }

  /** Total bits to code the given frequencies with this code. */
  bitLength(freq: Int32Array): number {
    let total = 0;
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) total += f * this.len[i]!;
    }
    return total;
  }

  /** Builds the minimum code for `freq` with no code longer than `maxBits`. */
  generate(freq: Int32Array, maxBits: number): void {
    const list: Leaf[] = [];
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) list.push({ literal: i, freq: f });
      else this.len[i] = 0;
    }
    if (list.length <= 2) {
      // With one or two symbols every code is a single bit, in symbol order.
      list.forEach((leaf, i) => {
        this.code[leaf.literal] = i;
        this.len[leaf.literal] = 1;
      });
      return;
    }
    list.sort((a, b) => (a.freq === b.freq ? a.literal - b.literal : a.freq - b.freq));
    this.assign(bitCounts(list, maxBits), list);
  }

  private assign(bitCount: Int32Array, list: Leaf[]): void {
    let code = 0;
    let remaining = list.length;
    for (let n = 0; n < bitCount.length; n++) {
      code = (code << 1) & 0xffff;
      const bits = bitCount[n]!;
      if (n === 0 || bits === 0) continue;
      // The `bits` least frequent remaining symbols get n-bit codes, assigned in symbol order.
      const chunk = list.slice(remaining - bits, remaining).sort((a, b) => a.literal - b.literal);
      for (const leaf of chunk) {
        this.code[leaf.literal] = reverseBits(code, n);
        this.len[leaf.literal] = n;
        code++;
      }
      remaining -= bits;
    }
  }
}

interface Level {
  level: number;
  lastFreq: number;
  nextCharFreq: number;
  nextPairFreq: number;
  needed: number;
}

/**
 * How many symbols get each code length (index = bits), by Go's package-merge variant. `list` is
 * sorted by ascending frequency and has at least three entries.
 */
function bitCounts(sorted: readonly Leaf[], maxBitsIn: number): Int32Array {
  const n = sorted.length;
  const freqAt = (i: number): number => (i < n ? sorted[i]!.freq : maxInt32);
  const maxBits = Math.min(maxBitsIn, n - 1);

  const levels: Level[] = [];
  for (let i = 0; i <= maxBitsLimit; i++) levels.push({ level: i, lastFreq: 0, nextCharFreq: 0, nextPairFreq: 0, needed: 0 });
  const leafCounts: Int32Array[] = [];
  for (let i = 0; i <= maxBitsLimit; i++) leafCounts.push(new Int32Array(maxBitsLimit + 1));

  for (let level = 1; level <= maxBits; level++) {
    const l = levels[level]!;
    l.lastFreq = freqAt(1);
    l.nextCharFreq = freqAt(2);
    l.nextPairFreq = level === 1 ? maxInt32 : freqAt(0) + freqAt(1);
    leafCounts[level]![level] = 2;
  }
  levels[maxBits]!.needed = 2 * n - 4;

  let level = maxBits;
  for (;;) {
    const l = levels[level]!;
    if (l.nextPairFreq === maxInt32 && l.nextCharFreq === maxInt32) {
      // Out of leaves and pairs: this level is finished for good.
      l.needed = 0;
      levels[level + 1]!.nextPairFreq = maxInt32;
      level++;
      continue;
    }
    const prevFreq = l.lastFreq;
    const counts = leafCounts[level]!;
    if (l.nextCharFreq < l.nextPairFreq) {
      const next = counts[level]! + 1;
      l.lastFreq = l.nextCharFreq;
      counts[level] = next;
      l.nextCharFreq = freqAt(next);
    } else {
      l.lastFreq = l.nextPairFreq;
      counts.set(leafCounts[level - 1]!.subarray(0, level), 0);
      levels[l.level - 1]!.needed = 2;
    }
    l.needed--;
    if (l.needed === 0) {
      if (l.level === maxBits) break;
      levels[l.level + 1]!.nextPairFreq = prevFreq + l.lastFreq;
      level++;
    } else {
      while (levels[level - 1]!.needed > 0) level--;
    }
  }

  const top = leafCounts[maxBits]!;
  if (top[maxBits] !== n) throw new Error('flate: huffman leaf count mismatch');
  const bitCount = new Int32Array(maxBits + 1);
  let bits = 1;
  for (let lv = maxBits; lv > 0; lv--) {
    bitCount[bits] = top[lv]! - top[lv - 1]!;
    bits++;
  }
  return bitCount;
}

function fixedLiteralEncoding(): HuffmanEncoder {
  const h = new HuffmanEncoder(286);
  for (let ch = 0; ch < 286; ch++) {
    let bits: number;
    let size: number;
    if (ch < 144) [bits, size] = [ch + 48, 8];
    else if (ch < 256) [bits, size] = [ch + 400 - 144, 9];
    else if (ch < 280) [bits, size] = [ch - 256, 7];
    else [bits, size] = [ch + 192 - 280, 8];
    h.code[ch] = reverseBits(bits, size);
    h.len[ch] = size;
  }
  return h;
}

function fixedOffsetEncoding(): HuffmanEncoder {
  const h = new HuffmanEncoder(30);
  for (let ch = 0; ch < 30; ch++) {
    h.code[ch] = reverseBits(ch, 5);
    h.len[ch] = 5;
  }
  return h;
}

export const fixedLiterals = fixedLiteralEncoding();
export const fixedOffsets = fixedOffsetEncoding();
