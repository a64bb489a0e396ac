import { ByteSink } from './byte-sink.js';
import { HuffmanEncoder, fixedLiterals, fixedOffsets } from './huffman-code.js';
import { lengthBase, lengthExtraBits, offsetBase, offsetExtraBits } from './deflate-tables.js';
import { endBlockMarker, isMatch, lengthCodeOf, literalOf, matchLengthOf, matchOffsetOf, offsetCodeOf } from './tokens.js';

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

export class HuffmanBitWriter {
  readonly out = new ByteSink(4096);
  private bits = 0;
  private nbits = 0;
  private readonly literalFreq = new Int32Array(maxNumLit);
  private readonly offsetFreq = new Int32Array(offsetCodeCount);
  private readonly codegenFreq = new Int32Array(codegenCodeCount);
  private readonly codegen = new Uint8Array(maxNumLit + offsetCodeCount + 1);
  private readonly literalEncoding = new HuffmanEncoder(maxNumLit);
  private readonly offsetEncoding = new HuffmanEncoder(offsetCodeCount);
  private readonly codegenEncoding = new HuffmanEncoder(codegenCodeCount);

  /** Readies the writer for a new stream; the encoders and counters are overwritten per block. */
  reset(): void {
    this.out.reset();
    this.bits = 0;
    this.nbits = 0;
  }

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
