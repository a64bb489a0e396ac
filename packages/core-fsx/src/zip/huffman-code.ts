/**
 * Huffman code construction exactly as Go's `compress/flate` does it (length-limited codes built
 * level by level, ties broken by symbol value, codes assigned in symbol order), so that our
 * deflate streams are bit-identical to the reference's. Any "better" tree would change zip bytes.
 */

const maxInt32 = 0x7fffffff;
const maxBitsLimit = 16;
const maxSymbols = 286;

// A leaf is packed into one integer, freq * 512 + symbol, so that a plain numeric sort of a typed
// array orders leaves by frequency and then by symbol, exactly as Go's sort does, with no objects
// and no comparator calls. Frequencies are token counts of one block (at most 16385), far below
// the 2^22 this leaves room for.
const symbolBits = 9;
const symbolMask = (1 << symbolBits) - 1;

// Scratch space shared by every generate() call: building a code runs for every block of every
// member, and allocating these per call was most of the cost of compressing a small file.
const leaves = new Int32Array(maxSymbols);
const chunk = new Int32Array(maxSymbols);
const levelLastFreq = new Float64Array(maxBitsLimit + 2);
const levelNextCharFreq = new Float64Array(maxBitsLimit + 2);
const levelNextPairFreq = new Float64Array(maxBitsLimit + 2);
const levelNeeded = new Int32Array(maxBitsLimit + 2);
const bitCount = new Int32Array(maxBitsLimit + 1);

// Go keeps a row of leaf counts per level, and taking a pair at a level copies the row below into
// it: O(level) per pair, a third of the cost of compressing a small member. Only each level's own
// count ever changes in place, so a row is its own count plus a snapshot of the row below, taken
// when the pair was. Snapshots are nodes of a list (the level's count then, and the snapshot below
// it), so taking one is O(1); the top row is read back by walking its list once.
/** Each level's own leaf count (Go's `leafCounts[level][level]`). */
const ownCount = new Int32Array(maxBitsLimit + 1);
/** The snapshot node of the row below, per level; -1 for none yet (all zeros, as in Go). */
const rowBelow = new Int32Array(maxBitsLimit + 1);
/** Snapshot nodes: a count and the node of the level below it (-1: zeros from there down). */
let nodeCount = new Int32Array(1024);
let nodeBelow = new Int32Array(1024);
const topRow = new Int32Array(maxBitsLimit + 1);

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
    let count = 0;
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) leaves[count++] = f * (symbolMask + 1) + i;
      else this.len[i] = 0;
    }
    if (count <= 2) {
      // With one or two symbols every code is a single bit, in symbol order.
      for (let i = 0; i < count; i++) {
        const symbol = leaves[i]! & symbolMask;
        this.code[symbol] = i;
        this.len[symbol] = 1;
      }
      return;
    }
    const sorted = leaves.subarray(0, count).sort();
    this.assign(bitCounts(sorted, maxBits), sorted);
  }

  private assign(counts: Int32Array, sorted: Int32Array): void {
    let code = 0;
    let remaining = sorted.length;
    for (let n = 0; n < counts.length; n++) {
      code = (code << 1) & 0xffff;
      const bits = counts[n]!;
      if (n === 0 || bits === 0) continue;
      // The `bits` most frequent remaining symbols get n-bit codes, assigned in symbol order.
      const group = chunk.subarray(0, bits);
      for (let k = 0; k < bits; k++) group[k] = sorted[remaining - bits + k]! & symbolMask;
      group.sort();
      for (let k = 0; k < bits; k++) {
        const symbol = group[k]!;
        this.code[symbol] = reverseBits(code, n);
        this.len[symbol] = n;
        code++;
      }
      remaining -= bits;
    }
  }
}

/**
 * How many symbols get each code length (index = bits), by Go's package-merge variant. `sorted`
 * holds packed leaves in ascending order, at least three of them. The result is a view of shared
 * scratch space, valid until the next call.
 */
function bitCounts(sorted: Int32Array, maxBitsIn: number): Int32Array {
  const n = sorted.length;
  const freqAt = (i: number): number => (i < n ? sorted[i]! >>> symbolBits : maxInt32);
  const maxBits = Math.min(maxBitsIn, n - 1);

  levelLastFreq.fill(0);
  levelNextCharFreq.fill(0);
  levelNextPairFreq.fill(0);
  levelNeeded.fill(0);
  ownCount.fill(0);
  rowBelow.fill(-1);
  let nodes = 0;

  for (let level = 1; level <= maxBits; level++) {
    levelLastFreq[level] = freqAt(1);
    levelNextCharFreq[level] = freqAt(2);
    levelNextPairFreq[level] = level === 1 ? maxInt32 : freqAt(0) + freqAt(1);
    ownCount[level] = 2;
  }
  levelNeeded[maxBits] = 2 * n - 4;

  let level = maxBits;
  for (;;) {
    if (levelNextPairFreq[level] === maxInt32 && levelNextCharFreq[level] === maxInt32) {
      // Out of leaves and pairs: this level is finished for good.
      levelNeeded[level] = 0;
      levelNextPairFreq[level + 1] = maxInt32;
      level++;
      continue;
    }
    const prevFreq = levelLastFreq[level]!;
    if (levelNextCharFreq[level]! < levelNextPairFreq[level]!) {
      const next = ownCount[level]! + 1;
      levelLastFreq[level] = levelNextCharFreq[level]!;
      ownCount[level] = next;
      levelNextCharFreq[level] = freqAt(next);
    } else {
      levelLastFreq[level] = levelNextPairFreq[level]!;
      // The row below carries over: snapshot it (its own count now, and its own snapshot).
      if (nodes === nodeCount.length) growNodes();
      nodeCount[nodes] = ownCount[level - 1]!;
      nodeBelow[nodes] = rowBelow[level - 1]!;
      rowBelow[level] = nodes++;
      levelNeeded[level - 1] = 2;
    }
    if (--levelNeeded[level]! === 0) {
      if (level === maxBits) break;
      levelNextPairFreq[level + 1] = prevFreq + levelLastFreq[level]!;
      level++;
    } else {
      while (levelNeeded[level - 1]! > 0) level--;
    }
  }

  if (ownCount[maxBits] !== n) throw new Error('flate: huffman leaf count mismatch');
  // Go's leafCounts[maxBits]: its own count, then the snapshots below it; zeros where none.
  topRow.fill(0);
  topRow[maxBits] = n;
  for (let lv = maxBits - 1, node = rowBelow[maxBits]!; lv > 0 && node >= 0; lv--, node = nodeBelow[node]!) topRow[lv] = nodeCount[node]!;
  const counts = bitCount.subarray(0, maxBits + 1);
  counts.fill(0);
  let bits = 1;
  for (let lv = maxBits; lv > 0; lv--) {
    counts[bits] = topRow[lv]! - topRow[lv - 1]!;
    bits++;
  }
  return counts;
}

function growNodes(): void {
  const count = new Int32Array(nodeCount.length * 2);
  const below = new Int32Array(nodeBelow.length * 2);
  count.set(nodeCount);
  below.set(nodeBelow);
  nodeCount = count;
  nodeBelow = below;
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
