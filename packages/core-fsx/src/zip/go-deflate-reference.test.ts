import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goDeflate, setGoDeflateHashOffsetForTesting } from './go-deflate.js';
import { referenceGoDeflate } from './go-deflate-reference.test-support.js';
import { generate } from './test-inputs.test-support.js';

/**
 * Inputs with structure deflate can use: runs of a few letters, random bytes and copies of earlier
 * bytes at any distance, so matches, lazy matching, block splits and stored blocks all occur.
 */
const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 400 }) }),
  fc.record({ kind: fc.constant('letters' as const), bytes: fc.uint8Array({ maxLength: 600 }), alphabet: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('copy' as const), back: fc.nat(40_000), length: fc.integer({ min: 1, max: 700 }) }),
);

type Piece =
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'letters'; bytes: Uint8Array; alphabet: number }
  | { kind: 'copy'; back: number; length: number };

function assemble(pieces: readonly Piece[]): Uint8Array {
  const out: number[] = [];
  for (const p of pieces) {
    if (p.kind === 'random') out.push(...p.bytes);
    else if (p.kind === 'letters') for (const b of p.bytes) out.push(97 + (b % p.alphabet));
    else if (out.length > 0) {
      const start = out.length - 1 - (p.back % out.length);
      for (let i = 0; i < p.length; i++) out.push(out[start + i]!);
    }
  }
  return Uint8Array.from(out);
}

const input = fc.array(piece, { maxLength: 60 }).map(assemble);

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

describe('goDeflate against the pre-optimisation implementation', () => {
  it('emits the same bytes for any input, call after call (tables are reused between calls)', () => {
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 4 }), (inputs) => {
        for (const bytes of inputs) expect(same(goDeflate(bytes), referenceGoDeflate(bytes))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('emits the same bytes for large inputs that slide the window, and for small ones after them', () => {
    for (const [kind, size, seed] of [
      ['mixed', 150_000, 1],
      ['text', 3, 2],
      ['runs', 70_000, 3],
      ['text', 700, 4],
    ] as const) {
      const bytes = generate(kind, size, seed);
      expect(same(goDeflate(bytes), referenceGoDeflate(bytes))).toBe(true);
    }
  });

  it('emits the same bytes across the point where the reused tables are cleared', () => {
    const inputs = [generate('text', 5000, 5), generate('mixed', 9000, 6), generate('text', 5000, 7)];
    // Starting just below the limit, the second call has to clear the tables first.
    setGoDeflateHashOffsetForTesting((1 << 24) - 6000);
    for (const bytes of inputs) expect(same(goDeflate(bytes), referenceGoDeflate(bytes))).toBe(true);
  });
});
