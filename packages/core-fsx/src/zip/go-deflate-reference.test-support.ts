/**
 * Test oracle: the goDeflate implementation as it was before its per-call set-up was optimised
 * (fresh 800 KB of tables, Huffman leaves as objects, new encoders and sink on every call), kept
 * frozen so a property test can show the optimised compressor still emits the same bytes. Only the
 * modules that the optimisation did not touch (tokens, tables, byte sink) are shared. Do not "fix"
 * or refactor this file: its value is that it stays the old code.
 */
import { ByteSink } from './byte-sink.js';
import { lengthBase, lengthExtraBits, offsetBase, offsetExtraBits } from './deflate-tables.js';
import { endBlockMarker, isMatch, lengthCodeOf, literalOf, literalToken, matchLengthOf, matchOffsetOf, matchToken, offsetCodeOf } from './tokens.js';

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
function reverseBits(code: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) {
    out = (out << 1) | ((code >>> i) & 1);
  }
  return out;
}

class HuffmanEncoder {
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

const fixedLiterals = fixedLiteralEncoding();
const fixedOffsets = fixedOffsetEncoding();

// Block writing as Go's `compress/flate` huffmanBitWriter does it: same block-type choice (fixed
// unless dynamic is strictly smaller, stored only when strictly smaller than both), same
// run-length coding of the code lengths. Go buffers 48 bits at a time; we emit whole bytes as soon
// as they are complete, which yields the same byte stream.

const maxNumLit = 286;
const offsetCodeCount = 30;
const codegenCodeCount = 19;
const lengthCodesStart = 257;
const badCode = 255;
const maxStoreBlockSize = 65535;

/** The order in which code-length code lengths are sent (RFC 1951 §3.2.7). */
const codegenOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

class HuffmanBitWriter {
  readonly out = new ByteSink();
  private bits = 0;
  private nbits = 0;
  private readonly literalFreq = new Int32Array(maxNumLit);
  private readonly offsetFreq = new Int32Array(offsetCodeCount);
  private readonly codegenFreq = new Int32Array(codegenCodeCount);
  private readonly codegen = new Uint8Array(maxNumLit + offsetCodeCount + 1);
  private readonly literalEncoding = new HuffmanEncoder(maxNumLit);
  private readonly offsetEncoding = new HuffmanEncoder(offsetCodeCount);
  private readonly codegenEncoding = new HuffmanEncoder(codegenCodeCount);

  writeBits(value: number, count: number): void {
    this.bits |= value << this.nbits;
    this.nbits += count;
    while (this.nbits >= 8) {
      this.out.byte(this.bits & 0xff);
      this.bits >>>= 8;
      this.nbits -= 8;
    }
  }

  /** Pads the pending bits to a byte boundary. */
  flush(): void {
    if (this.nbits > 0) this.out.byte(this.bits & 0xff);
    this.bits = 0;
    this.nbits = 0;
  }

  writeStoredHeader(length: number, isEof: boolean): void {
    this.writeBits(isEof ? 1 : 0, 3);
    this.flush();
    this.writeBits(length, 16);
    this.writeBits(~length & 0xffff, 16);
  }

  /**
   * Writes one block of tokens in whichever of fixed, dynamic or stored coding is smallest.
   * `input` is the raw bytes the tokens came from, or undefined when they are no longer in the
   * window (then a stored block is impossible).
   */
  writeBlock(tokens: Uint32Array, count: number, eof: boolean, input: Uint8Array | undefined): void {
    tokens[count] = endBlockMarker;
    const all = tokens.subarray(0, count + 1);
    const [numLiterals, numOffsets] = this.indexTokens(all);

    let extraBits = 0;
    const storable = input !== undefined && input.length <= maxStoreBlockSize;
    const storedSize = storable ? (input.length + 5) * 8 : 0;
    if (storable) {
      // Length and offset extra bits cost the same in fixed and dynamic coding; they only matter
      // when comparing with a stored block.
      for (let code = lengthCodesStart + 8; code < numLiterals; code++) {
        extraBits += this.literalFreq[code]! * lengthExtraBits[code - lengthCodesStart]!;
      }
      for (let code = 4; code < numOffsets; code++) extraBits += this.offsetFreq[code]! * offsetExtraBits[code]!;
    }

    let literals = fixedLiterals;
    let offsets = fixedOffsets;
    let size = 3 + fixedLiterals.bitLength(this.literalFreq) + fixedOffsets.bitLength(this.offsetFreq) + extraBits;

    this.generateCodegen(numLiterals, numOffsets);
    this.codegenEncoding.generate(this.codegenFreq, 7);
    const [dynamicSize, numCodegens] = this.dynamicSize(extraBits);
    if (dynamicSize < size) {
      size = dynamicSize;
      literals = this.literalEncoding;
      offsets = this.offsetEncoding;
    }

    if (storable && storedSize < size) {
      this.writeStoredHeader(input.length, eof);
      this.out.bytes(input);
      return;
    }
    if (literals === fixedLiterals) this.writeBits(eof ? 3 : 2, 3);
    else this.writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
    this.writeTokens(all, literals, offsets);
  }

  private indexTokens(tokens: Uint32Array): [number, number] {
    this.literalFreq.fill(0);
    this.offsetFreq.fill(0);
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (!isMatch(t)) {
        this.literalFreq[literalOf(t)]!++;
      } else {
        this.literalFreq[lengthCodesStart + lengthCodeOf(matchLengthOf(t))]!++;
        this.offsetFreq[offsetCodeOf(matchOffsetOf(t))]!++;
      }
    }
    let numLiterals = maxNumLit;
    while (this.literalFreq[numLiterals - 1] === 0) numLiterals--;
    let numOffsets = offsetCodeCount;
    while (numOffsets > 0 && this.offsetFreq[numOffsets - 1] === 0) numOffsets--;
    if (numOffsets === 0) {
      // A dynamic header needs at least one offset code, even for a block of literals only.
      this.offsetFreq[0] = 1;
      numOffsets = 1;
    }
    this.literalEncoding.generate(this.literalFreq, 15);
    this.offsetEncoding.generate(this.offsetFreq, 15);
    return [numLiterals, numOffsets];
  }

  /** Run-length codes the literal and offset code lengths (codes 16, 17, 18) into `codegen`. */
  private generateCodegen(numLiterals: number, numOffsets: number): void {
    const freq = this.codegenFreq;
    freq.fill(0);
    const cg = this.codegen;
    cg.set(this.literalEncoding.len.subarray(0, numLiterals), 0);
    cg.set(this.offsetEncoding.len.subarray(0, numOffsets), numLiterals);
    cg[numLiterals + numOffsets] = badCode;

    let size = cg[0]!;
    let count = 1;
    let out = 0;
    for (let inIndex = 1; size !== badCode; inIndex++) {
      const nextSize = cg[inIndex]!;
      if (nextSize === size) {
        count++;
        continue;
      }
      if (size !== 0) {
        cg[out++] = size;
        freq[size]!++;
        count--;
        while (count >= 3) {
          const n = Math.min(6, count);
          cg[out++] = 16;
          cg[out++] = n - 3;
          freq[16]!++;
          count -= n;
        }
      } else {
        while (count >= 11) {
          const n = Math.min(138, count);
          cg[out++] = 18;
          cg[out++] = n - 11;
          freq[18]!++;
          count -= n;
        }
        if (count >= 3) {
          cg[out++] = 17;
          cg[out++] = count - 3;
          freq[17]!++;
          count = 0;
        }
      }
      count--;
      for (; count >= 0; count--) {
        cg[out++] = size;
        freq[size]!++;
      }
      size = nextSize;
      count = 1;
    }
    cg[out] = badCode;
  }

  private dynamicSize(extraBits: number): [number, number] {
    const freq = this.codegenFreq;
    let numCodegens = codegenCodeCount;
    while (numCodegens > 4 && freq[codegenOrder[numCodegens - 1]!] === 0) numCodegens--;
    const header =
      3 + 5 + 5 + 4 + 3 * numCodegens + this.codegenEncoding.bitLength(freq) + freq[16]! * 2 + freq[17]! * 3 + freq[18]! * 7;
    const size =
      header + this.literalEncoding.bitLength(this.literalFreq) + this.offsetEncoding.bitLength(this.offsetFreq) + extraBits;
    return [size, numCodegens];
  }

  private writeCode(enc: HuffmanEncoder, symbol: number): void {
    this.writeBits(enc.code[symbol]!, enc.len[symbol]!);
  }

  private writeDynamicHeader(numLiterals: number, numOffsets: number, numCodegens: number, eof: boolean): void {
    this.writeBits(eof ? 5 : 4, 3);
    this.writeBits(numLiterals - 257, 5);
    this.writeBits(numOffsets - 1, 5);
    this.writeBits(numCodegens - 4, 4);
    for (let i = 0; i < numCodegens; i++) this.writeBits(this.codegenEncoding.len[codegenOrder[i]!]!, 3);
    const cg = this.codegen;
    for (let i = 0; ; ) {
      const word = cg[i++]!;
      if (word === badCode) break;
      this.writeCode(this.codegenEncoding, word);
      if (word === 16) this.writeBits(cg[i++]!, 2);
      else if (word === 17) this.writeBits(cg[i++]!, 3);
      else if (word === 18) this.writeBits(cg[i++]!, 7);
    }
  }

  private writeTokens(tokens: Uint32Array, literals: HuffmanEncoder, offsets: HuffmanEncoder): void {
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (!isMatch(t)) {
        this.writeCode(literals, literalOf(t));
        continue;
      }
      const length = matchLengthOf(t);
      const lengthCode = lengthCodeOf(length);
      this.writeCode(literals, lengthCode + lengthCodesStart);
      const lengthExtra = lengthExtraBits[lengthCode]!;
      if (lengthExtra > 0) this.writeBits(length - lengthBase[lengthCode]!, lengthExtra);
      const offset = matchOffsetOf(t);
      const offsetCode = offsetCodeOf(offset);
      this.writeCode(offsets, offsetCode);
      const offsetExtra = offsetExtraBits[offsetCode]!;
      if (offsetExtra > 0) this.writeBits(offset - offsetBase[offsetCode]!, offsetExtra);
    }
  }
}

/**
 * A raw DEFLATE encoder that reproduces, bit for bit, Go's `compress/flate` at level 5, the level
 * Go's `archive/zip` uses. Gait's zips must be byte-identical to the reference's (zip sha256s and
 * the run pack id hash them), and zlib's output differs from Go's after the first bytes of every
 * entry. So this follows Go's choices exactly: a 17-bit multiplicative hash of 4 bytes, lazy
 * matching with Go's level-5 parameters, 16384-token blocks, and a stream that always ends with an
 * empty final stored block. Only the one-shot path is needed: the whole entry is compressed at once.
 */

const windowSize = 1 << 15;
const windowMask = windowSize - 1;
const minMatchLength = 4;
const maxMatchLength = 258;
const baseMatchLength = 3;
const baseMatchOffset = 1;
const maxFlateBlockTokens = 1 << 14;
const hashBits = 17;
const hashSize = 1 << hashBits;
const hashMask = hashSize - 1;
const maxHashOffset = 1 << 24;
const hashMul = 0x1e35a7bd;

// Go's level 5: good 8, lazy 16, nice 32, chain 32. (`good` never applies: Go asks findMatch for
// matches longer than 3 only, below it.)
const lazy = 16;
const nice = 32;
const chain = 32;

const hash4 = (w: Uint8Array, i: number): number =>
  Math.imul(w[i + 3]! | (w[i + 2]! << 8) | (w[i + 1]! << 16) | (w[i]! << 24), hashMul) >>> (32 - hashBits);

class Compressor {
  private readonly w = new HuffmanBitWriter();
  private readonly window = new Uint8Array(2 * windowSize);
  private readonly hashHead = new Uint32Array(hashSize);
  private readonly hashPrev = new Uint32Array(windowSize);
  private readonly tokens = new Uint32Array(maxFlateBlockTokens + 1);
  private tokenCount = 0;
  private hashOffset = 1;
  private chainHead = -1;
  private index = 0;
  private windowEnd = 0;
  private blockStart = 0;
  private byteAvailable = false;
  private sync = false;
  private length = minMatchLength - 1;
  private offset = 0;
  private maxInsertIndex = 0;
  private matchLength = 0;
  private matchOffset = 0;

  compress(input: Uint8Array): Uint8Array {
    let rest = input;
    while (rest.length > 0) {
      this.step();
      rest = rest.subarray(this.fill(rest));
    }
    this.sync = true;
    this.step();
    this.w.writeStoredHeader(0, true);
    this.w.flush();
    return this.w.out.toBytes();
  }

  private fill(b: Uint8Array): number {
    if (this.index >= 2 * windowSize - (minMatchLength + maxMatchLength)) {
      // Slide the window down by windowSize; hash entries are kept relative to hashOffset.
      this.window.copyWithin(0, windowSize, 2 * windowSize);
      this.index -= windowSize;
      this.windowEnd -= windowSize;
      this.blockStart = this.blockStart >= windowSize ? this.blockStart - windowSize : maxInt32;
      this.hashOffset += windowSize;
      if (this.hashOffset > maxHashOffset) this.rebaseHashes();
    }
    const n = Math.min(b.length, this.window.length - this.windowEnd);
    this.window.set(b.subarray(0, n), this.windowEnd);
    this.windowEnd += n;
    return n;
  }

  private rebaseHashes(): void {
    const delta = this.hashOffset - 1;
    this.hashOffset -= delta;
    this.chainHead -= delta;
    for (const table of [this.hashPrev, this.hashHead]) {
      for (let i = 0; i < table.length; i++) table[i] = table[i]! > delta ? table[i]! - delta : 0;
    }
  }

  private writeBlock(index: number): void {
    if (index <= 0) return;
    const input = this.blockStart <= index ? this.window.subarray(this.blockStart, index) : undefined;
    this.blockStart = index;
    this.w.writeBlock(this.tokens, this.tokenCount, false, input);
    this.tokenCount = 0;
  }

  /**
   * Looks along the hash chain from `prevHead` for a match longer than `prevLength`, at most
   * `chain` candidates; the best is left in matchLength/matchOffset (no allocation per call: this
   * runs for most input bytes).
   */
  private findMatch(pos: number, prevHead: number, prevLength: number, lookahead: number): boolean {
    const win = this.window;
    const hashPrev = this.hashPrev;
    const hashOffset = this.hashOffset;
    const minMatchLook = Math.min(maxMatchLength, lookahead);
    const niceLength = Math.min(minMatchLook, nice);
    let length = prevLength;
    let found = false;
    let wEnd = win[pos + length]!;
    const minIndex = pos - windowSize;

    for (let i = prevHead, tries = chain; tries > 0; tries--) {
      if (wEnd === win[i + length]) {
        let n = 0;
        while (n < minMatchLook && win[i + n] === win[pos + n]) n++;
        if (n > length && (n > minMatchLength || pos - i <= 4096)) {
          length = n;
          this.matchLength = n;
          this.matchOffset = pos - i;
          found = true;
          if (n >= niceLength) break;
          wEnd = win[pos + n]!;
        }
      }
      if (i === minIndex) break; // hashPrev[i & windowMask] was already overwritten
      i = hashPrev[i & windowMask]! - hashOffset;
      if (i < minIndex || i < 0) break;
    }
    return found;
  }

  private emit(token: number): void {
    this.tokens[this.tokenCount++] = token;
  }

  private insertHash(index: number): void {
    const hash = hash4(this.window, index) & hashMask;
    this.hashPrev[index & windowMask] = this.hashHead[hash]!;
    this.hashHead[hash] = index + this.hashOffset;
  }

  private step(): void {
    if (this.windowEnd - this.index < minMatchLength + maxMatchLength && !this.sync) return;
    this.maxInsertIndex = this.windowEnd - (minMatchLength - 1);
    for (;;) {
      const lookahead = this.windowEnd - this.index;
      if (lookahead < minMatchLength + maxMatchLength) {
        if (!this.sync) return;
        if (lookahead === 0) {
          if (this.byteAvailable) {
            this.emit(literalToken(this.window[this.index - 1]!));
            this.byteAvailable = false;
          }
          if (this.tokenCount > 0) this.writeBlock(this.index);
          return;
        }
      }
      if (this.index < this.maxInsertIndex) {
        const hash = hash4(this.window, this.index) & hashMask;
        this.chainHead = this.hashHead[hash]!;
        this.hashPrev[this.index & windowMask] = this.chainHead;
        this.hashHead[hash] = this.index + this.hashOffset;
      }
      const prevLength = this.length;
      const prevOffset = this.offset;
      this.length = minMatchLength - 1;
      this.offset = 0;
      const minIndex = Math.max(this.index - windowSize, 0);

      if (this.chainHead - this.hashOffset >= minIndex && lookahead > prevLength && prevLength < lazy) {
        if (this.findMatch(this.index, this.chainHead - this.hashOffset, minMatchLength - 1, lookahead)) {
          this.length = this.matchLength;
          this.offset = this.matchOffset;
        }
      }
      if (prevLength >= minMatchLength && this.length <= prevLength) {
        // The match found one byte earlier is at least as good: emit it (lazy matching).
        this.emit(matchToken(prevLength - baseMatchLength, prevOffset - baseMatchOffset));
        const newIndex = this.index + prevLength - 1;
        let index = this.index + 1;
        for (; index < newIndex; index++) {
          if (index < this.maxInsertIndex) this.insertHash(index);
        }
        this.index = index;
        this.byteAvailable = false;
        this.length = minMatchLength - 1;
        if (this.tokenCount === maxFlateBlockTokens) this.writeBlock(this.index);
      } else {
        if (this.byteAvailable) {
          const i = this.index - 1;
          this.emit(literalToken(this.window[i]!));
          if (this.tokenCount === maxFlateBlockTokens) this.writeBlock(i + 1);
        }
        this.index++;
        this.byteAvailable = true;
      }
    }
  }
}

/** The pre-optimisation goDeflate: fresh compressor, tables and Leaf objects on every call. */
export function referenceGoDeflate(input: Uint8Array): Uint8Array {
  return new Compressor().compress(input);
}
