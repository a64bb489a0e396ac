import { describe, expect, it } from 'vitest';
import { offsetBase } from './deflate-tables.js';
import { offsetCodeOf } from './tokens.js';

describe('offsetCodeOf', () => {
  it('gives, for every offset a match can have, the largest code whose base is not above it', () => {
    let code = 0;
    for (let xoffset = 0; xoffset < 1 << 15; xoffset++) {
      while (code + 1 < offsetBase.length && offsetBase[code + 1]! <= xoffset) code++;
      if (offsetCodeOf(xoffset) !== code) expect({ xoffset, code: offsetCodeOf(xoffset) }).toEqual({ xoffset, code });
    }
    expect(offsetCodeOf((1 << 15) - 1)).toBe(29);
  });
});
