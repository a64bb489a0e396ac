import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { passLaneAnswers } from './stdio-lane.js';
import { StdioLineServerTransport } from './stdio-server-transport.js';

describe('passLaneAnswers', () => {
  it('passes string-id answers unchecked and validates everything else', async () => {
    const input = new PassThrough();
    const transport = new StdioLineServerTransport(input, new PassThrough());
    const seen: unknown[] = [];
    const errors: string[] = [];
    transport.onmessage = (m) => void seen.push(m);
    transport.onerror = (e) => void errors.push(e.name);
    passLaneAnswers(transport);
    await transport.start();
    const lines = [
      // A lane answer, even in a shape the schema would refuse (extra key): the lane reads it.
      { jsonrpc: '2.0', id: 'gait-1', result: { content: [] }, extra: 1 },
      { jsonrpc: '2.0', id: 'gait-2', error: { code: -32000, message: 'no' } },
      // Not lane answers: checked by the schema as before.
      { jsonrpc: '2.0', id: 3, result: {}, extra: 1 },
      { jsonrpc: '2.0', id: 'req-1', method: 'ping', extra: 1 },
      { jsonrpc: '2.0', id: 'req-2', method: 'ping' },
    ];
    input.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(seen).toEqual([lines[0], lines[1], lines[4]]);
    expect(errors).toEqual(['ZodError', 'ZodError']);
  });
});
