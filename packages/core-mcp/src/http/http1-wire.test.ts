import { describe, expect, it } from 'vitest';
import { CRLF2, HEAD_ENDS, HeldBytes } from './http1-wire.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('HeldBytes', () => {
  it('finds an end split across every way the held pieces and the new bytes can cut it', () => {
    const head = 'GET / HTTP/1.1\r\nhost: x\r\n\r\n';
    for (let cut = 1; cut < head.length; cut++) {
      // The held part a byte at a time, the rest in one piece.
      const held = new HeldBytes();
      for (const ch of head.slice(0, cut)) held.push(bytes(ch));
      const rest = bytes(head.slice(cut));
      const endsInHeld = head.slice(0, cut).includes('\r\n\r\n');
      if (!endsInHeld) expect(held.completedBy(rest, [CRLF2])).toBe(true);
      expect(held.take(rest).toString('latin1')).toBe(head);
      expect(held.size).toBe(0);
    }
  });

  it('says no while no end has come, and counts what it holds', () => {
    const held = new HeldBytes();
    held.push(bytes('GET / HTTP/1.1\r\nhost: x\r'));
    expect(held.completedBy(bytes('\nx-a: 1\r\n'), HEAD_ENDS)).toBe(false);
    expect(held.completedBy(bytes('x-a: 1'), HEAD_ENDS)).toBe(false);
    held.push(bytes('\n'));
    expect(held.completedBy(bytes('\n'), HEAD_ENDS)).toBe(true);
    expect(held.completedBy(bytes('\r\n'), HEAD_ENDS)).toBe(true);
    expect(held.completedBy(bytes('y: 1\r\n'), HEAD_ENDS)).toBe(false);
    expect(held.size).toBe('GET / HTTP/1.1\r\nhost: x\r\n'.length);
  });

  it('takes nothing as an empty buffer', () => {
    expect(new HeldBytes().take().length).toBe(0);
  });
});
