import { HuffmanBitWriter } from './huffman-bit-writer.js';
import { literalToken, matchToken } from './tokens.js';

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
const maxInt32 = 0x7fffffff;

// Go's level 5: good 8, lazy 16, nice 32, chain 32. (`good` never applies: Go asks findMatch for
// matches longer than 3 only, below it.)
const lazy = 16;
const nice = 32;
const chain = 32;

const hash4 = (w: Uint8Array, i: number): number =>
  Math.imul(w[i + 3]! | (w[i + 2]! << 8) | (w[i + 1]! << 16) | (w[i]! << 24), hashMul) >>> (32 - hashBits);

/**
 * One compressor is built on first use and reused by every call (calls are synchronous, so they
 * never overlap). Its 800 KB of tables are not cleared between calls: each call starts
 * `hashOffset` above every value the previous call stored, so old entries decode to negative
 * positions, which the chain walk already treats as "no entry", just as the zeros of a fresh table.
 */
class Compressor {
  private readonly w = new HuffmanBitWriter();
  private readonly window = new Uint8Array(2 * windowSize);
  private readonly hashHead = new Uint32Array(hashSize);
  private readonly hashPrev = new Uint32Array(windowSize);
  private readonly tokens = new Uint32Array(maxFlateBlockTokens + 1);
  private tokenCount = 0;
  /** Added to window positions in the hash tables; the next call's offset must exceed every entry. */
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
    this.reset();
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

  /** Test hook: makes the next call start from `offset`, to reach the clearing path quickly. */
  setHashOffset(offset: number): void {
    this.hashOffset = offset;
  }

  private reset(): void {
    // Every stored entry is below hashOffset + windowEnd: start past all of them.
    const next = this.hashOffset + this.windowEnd + 1;
    if (next > maxHashOffset) {
      // Rare (every ~256 MiB compressed): clear for real rather than let offsets grow unbounded.
      this.hashHead.fill(0);
      this.hashPrev.fill(0);
      this.hashOffset = 1;
    } else {
      this.hashOffset = next;
    }
    this.w.reset();
    this.tokenCount = 0;
    this.chainHead = -1;
    this.index = 0;
    this.windowEnd = 0;
    this.blockStart = 0;
    this.byteAvailable = false;
    this.sync = false;
    this.length = minMatchLength - 1;
    this.offset = 0;
    this.maxInsertIndex = 0;
    this.matchLength = 0;
    this.matchOffset = 0;
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

/** Raw DEFLATE of `input`, byte-identical to Go's `flate.NewWriter(w, 5)` + Write + Close. */
export function goDeflate(input: Uint8Array): Uint8Array {
  if (input.length === 0) return emptyStream.slice();
  compressor ??= new Compressor();
  return compressor.compress(input);
}

let compressor: Compressor | undefined;

/**
 * Test hook (not exported from the package): pretends earlier calls used hash offsets up to
 * `offset`, so a test can cross the point where the reused tables are cleared.
 */
export function setGoDeflateHashOffsetForTesting(offset: number): void {
  compressor ??= new Compressor();
  compressor.setHashOffset(offset);
}

/** Go's stream for no input: only the closing empty stored block (no tokens, so no other block). */
const emptyStream = Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff);
