import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { goDeflate } from './go-deflate.js';
import { generate } from './test-inputs.test-support.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Expected outputs of Go's `flate.NewWriter(w, 5)` (Go 1.19.8, whose encoder is unchanged through
 * 1.26) for inputs made by the generator in `test-inputs.test-support.ts`, which a small Go
 * program mirrored: [kind, bytes, seed, deflated length, sha256 of the deflated bytes]. The cases
 * cover the edges of Go's encoder: inputs shorter than a hash, the 262-byte lookahead, stored
 * blocks at and over 65535 bytes, 16384-token block splits, the sliding window, long runs
 * (258-byte matches) and far (> 4096) matches.
 */
const goVectors: [string, number, number, number, string][] = [
  ['random', 1, 1, 7, '368cab6f471626261929b9735009c4017bff02e49cef356d2eff99e9be642841'],
  ['random', 3, 2, 9, '2c43fd7822e0ce8f18b1dbc9e6d86ae6ca7f0e17ca40d11a83952b3d20a0684d'],
  ['text', 4, 3, 10, '9ef158646f15ad7d3b21c8a4cdc6b3543e649a12bf2a147361e34e6fa8a8bbb0'],
  ['text', 261, 4, 141, '8985a10592f08584cb03c511fdc90b498f44c1a96adc2b032dc26416e46e2717'],
  ['text', 262, 5, 129, '1792949679568c04b4cb9f0cba54a5f76361a909caa9c0e84b9304c2263ba9fd'],
  ['text', 263, 6, 146, '299517e1d65939037d59b86b949dce76f07ecfc008ff903acba4d72b7ce980fd'],
  ['random', 65535, 7, 65560, '7a842262d34d6aa935ca4c1d161fd9407d14d3ed17b85abccac15e3556e62637'],
  ['random', 65536, 8, 65561, '1941de76cd5018a3d8080c49a01df45028636b5a00f3985ebe1d24278696835a'],
  ['random', 100000, 9, 100040, 'e6f48736d89bd027b91afb04edce2651e81d134c9437c158b3f3e02cbb36274f'],
  ['text', 65536, 10, 9517, '73f762271222f8b5667798038d5d89d346ddc653b78979fdb7787adee3f9964d'],
  ['text', 300000, 11, 42464, '95787efb3ec3bae23721cea05c5e4af8d2c34049f669efbf86ebbdd0e339c23d'],
  ['runs', 200000, 12, 3179, '3c0f0a6a326bd045e44ebaf59f1c5424f31e82f5dc4d351b08b87d98206a4770'],
  ['mixed', 400000, 13, 148799, 'dbc5baed96a29335e3b566bc697d6a504f0a7aed511f4ca2c919ac607e6cb591'],
  ['runs', 1000, 14, 32, '1ec03119ed258f869b692b9b777752f897cc68e1deb0190f4872bffaee0dc5fc'],
  ['mixed', 70000, 15, 31754, '1c1a18c8f8d981a55f59c1b0a2b5f8f4b7e5a4d57ad9e7e5b46467390ff78865'],
  ['text', 1 << 20, 16, 147175, 'abbafc9a18a8f6c20606d36061514be1c713415f4043f9bd5e417beb62207cd1'],
];

describe('goDeflate', () => {
  it('reproduces the spec vectors, including the empty final stored block', () => {
    expect(hex(goDeflate(Buffer.from('one')))).toBe('cacf4b05040000ffff');
    expect(hex(goDeflate(Buffer.from('two')))).toBe('2a29cf07040000ffff');
    expect(hex(goDeflate(new Uint8Array(0)))).toBe('010000ffff');
  });

  it.each(goVectors)('matches Go for %s input of %i bytes (seed %i)', (kind, size, seed, length, digest) => {
    const input = generate(kind, size, seed);
    const out = goDeflate(input);
    expect(Buffer.compare(inflateRawSync(out), input)).toBe(0);
    expect(out.length).toBe(length);
    expect(sha256(out)).toBe(digest);
  });

  it('round-trips arbitrary bytes through zlib', () => {
    for (let seed = 100; seed < 140; seed++) {
      const kinds = ['random', 'text', 'runs', 'mixed'];
      const input = generate(kinds[seed % 4]!, (seed * 7919) % 20000, seed);
      expect(Buffer.compare(inflateRawSync(goDeflate(input)), input)).toBe(0);
    }
  });
});
