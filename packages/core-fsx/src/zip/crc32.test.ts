import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from './crc32.js';
import { generate } from './test-inputs.test-support.js';

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32Table(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('the native and the table-driven implementations agree', () => {
    for (const [kind, size, seed] of [['random', 1, 1], ['text', 5000, 2], ['random', 70_000, 3], ['runs', 123, 4]] as const) {
      const data = generate(kind, size, seed);
      expect(crc32(data)).toBe(crc32Table(data));
    }
  });
});
