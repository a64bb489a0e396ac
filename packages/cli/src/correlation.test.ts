import { describe, expect, it } from 'vitest';
import { correlationId } from './correlation.js';

describe('correlationId', () => {
  it('is the first 24 hex of sha256 over argv joined by 0x1F (vector from sha256sum)', () => {
    // printf 'gait\x1fversion' | sha256sum → 7cc61571541649bd01ebd624a7573a8d9f58...
    expect(correlationId(['gait', 'version'])).toBe('7cc61571541649bd01ebd624');
  });

  it('trims every argument before hashing', () => {
    expect(correlationId([' gait', 'version\n'])).toBe(correlationId(['gait', 'version']));
  });

  it('depends on argv[0] and on argument boundaries', () => {
    expect(correlationId(['./gait', 'version'])).not.toBe(correlationId(['gait', 'version']));
    expect(correlationId(['gait', 'keys init'])).not.toBe(correlationId(['gait', 'keys', 'init']));
  });

  it('is all zeros for an empty argv', () => {
    expect(correlationId([])).toBe('000000000000000000000000');
  });
});
