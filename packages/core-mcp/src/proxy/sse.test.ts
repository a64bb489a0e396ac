import { describe, expect, it } from 'vitest';
import { SseDecoder } from './sse.js';

function events(pieces: (string | Buffer)[]): string[] {
  const decoder = new SseDecoder();
  return pieces.flatMap((piece) => decoder.push(typeof piece === 'string' ? Buffer.from(piece) : piece));
}

describe('SseDecoder', () => {
  it('yields the data of message events, across piece boundaries and line endings', () => {
    expect(events(['event: message\nid: 1\ndata: {"a":', '1}\n\n', ': keep-alive\r\n\r\ndata: x\r', '\ndata: y\r\n\r\n'])).toEqual(['{"a":1}', 'x\ny']);
  });

  it('takes a lone CR as a line end once more bytes show it is not CRLF', () => {
    expect(events(['data: a\r', '\rdata: b\r\r', '\n'])).toEqual(['a', 'b']);
  });

  it('skips other event types and events without data', () => {
    expect(events(['event: ping\ndata: no\n\nid: 7\n\ndata:yes\n\n'])).toEqual(['yes']);
  });

  it('keeps a character split across pieces whole', () => {
    const bytes = Buffer.from('data: é\n\n');
    expect(events([bytes.subarray(0, 7), bytes.subarray(7)])).toEqual(['é']);
  });

  it('holds an unfinished event until its blank line arrives', () => {
    const decoder = new SseDecoder();
    expect(decoder.push(Buffer.from('data: 1\n'))).toEqual([]);
    expect(decoder.push(Buffer.from('\n'))).toEqual(['1']);
  });
});
