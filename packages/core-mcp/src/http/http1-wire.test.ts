import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRLF2, HEAD_ENDS, HeldBytes, TOKEN_CHARS, parseHeaderFields } from './http1-wire.js';

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

/** The header parser the loop replaced (one sticky regular expression per line), as an oracle. */
function headerFieldsByRegex(text: string, from: number): Map<string, string> | string {
  const line = new RegExp(`([${TOKEN_CHARS}]+):[ \\t]*([^\\x00-\\x08\\x0a-\\x1f\\x7f]*?)[ \\t]*(?:\\r\\n|$)`, 'y');
  const headers = new Map<string, string>();
  line.lastIndex = from;
  while (line.lastIndex < text.length) {
    const at = line.lastIndex;
    const field = line.exec(text);
    if (!field) {
      const end = text.indexOf('\r\n', at);
      const bad = text.slice(at, end < 0 ? text.length : end);
      return /[\r\n\0]/.test(bad) ? `bare ${JSON.stringify(bad.slice(0, 100))}` : `malformed ${JSON.stringify(bad.slice(0, 100))}`;
    }
    const name = field[1]!.toLowerCase();
    const before = headers.get(name);
    headers.set(name, before === undefined ? field[2]! : `${before}, ${field[2]!}`);
  }
  return headers;
}

describe('parseHeaderFields', () => {
  const fail = (what: string) => new Error(what);
  const outcome = (text: string, from: number): Map<string, string> | string => {
    try {
      return parseHeaderFields(text, from, fail);
    } catch (error) {
      const message = (error as Error).message;
      return message.startsWith('a header line with a bare') ? `bare ${message.slice(message.indexOf(': ') + 2)}` : `malformed ${message.slice(message.indexOf(': ') + 2)}`;
    }
  };

  it('accepts and refuses exactly the lines the regular expression did, with the same results', () => {
    // Lines built from the characters that matter: token characters, blanks, the colon, controls, DEL, latin1.
    const char = fc.constantFrom('a', 'Z', '0', '-', '!', '~', ' ', '\t', ':', '\r', '\n', '\0', '\x01', '\x7f', '\xe9', ';', '"', '/');
    const line = fc.oneof(
      fc.tuple(fc.stringMatching(/^[A-Za-z0-9-]{1,6}$/), fc.constantFrom(':', ': ', ':\t', ' :'), fc.array(char, { maxLength: 8 }).map((c) => c.join(''))).map(([n, sep, v]) => `${n}${sep}${v}`),
      fc.array(char, { maxLength: 10 }).map((c) => c.join('')),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.constantFrom('', 'GET / HTTP/1.1\r\n'), (lines, start) => {
        const text = start + lines.join('\r\n');
        expect(outcome(text, start.length)).toEqual(headerFieldsByRegex(text, start.length));
      }),
      { numRuns: 3000 },
    );
  });

  it('lower-cases names, trims blanks around values, and joins repeated fields', () => {
    const text = 'Host: a\r\nX-Seen:\t one \t\r\nx-seen: two\r\nempty:';
    expect([...parseHeaderFields(text, 0, fail)]).toEqual([
      ['host', 'a'],
      ['x-seen', 'one, two'],
      ['empty', ''],
    ]);
  });
});
