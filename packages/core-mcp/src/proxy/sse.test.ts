import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSse } from './sse.js';

async function events(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSse(Readable.from(chunks.map((c) => Buffer.from(c))))) out.push(data);
  return out;
}

describe('readSse', () => {
  it('yields the data of message events, across chunk boundaries and line endings', async () => {
    expect(await events(['event: message\nid: 1\ndata: {"a":', '1}\n\n', ': keep-alive\r\n\r\ndata: x\r', '\ndata: y\r\n\r\n'])).toEqual(['{"a":1}', 'x\ny']);
  });

  it('skips other event types and events without data', async () => {
    expect(await events(['event: ping\ndata: no\n\nid: 7\n\ndata:yes\n\n'])).toEqual(['yes']);
  });

  it('keeps a character split across chunks whole', async () => {
    const bytes = Buffer.from('data: é\n\n');
    const stream = Readable.from([bytes.subarray(0, 7), bytes.subarray(7)]);
    const out: string[] = [];
    for await (const data of readSse(stream)) out.push(data);
    expect(out).toEqual(['é']);
  });
});
