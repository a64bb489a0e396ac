/**
 * The line transport on the client-facing side: framing, validation and the tap, over in-memory
 * streams. The same reading code serves the upstream side.
 */
import { PassThrough, Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { StdioLineServerTransport } from './stdio-server-transport.js';

function harness(maxBufferBytes?: number) {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new StdioLineServerTransport(input, output, maxBufferBytes);
  const messages: unknown[] = [];
  const tapped: unknown[] = [];
  const errors: Error[] = [];
  let closed = 0;
  transport.onmessage = (m) => void messages.push(m);
  transport.onerror = (e) => void errors.push(e);
  transport.onclose = () => void closed++;
  return { input, output, transport, messages, tapped, errors, closed: () => closed };
}

/** Lets the stream deliver what was written to it. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };

describe('StdioLineServerTransport reading', () => {
  it('joins a message split across chunks and splits several messages in one chunk', async () => {
    const h = harness();
    await h.transport.start();
    const line = JSON.stringify(ping);
    h.input.write(line.slice(0, 5));
    h.input.write(line.slice(5, 12));
    h.input.write(`${line.slice(12)}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n{"jsonrpc":"2.0",`);
    h.input.write('"id":"b","result":{}}\n');
    await settle();
    expect(h.messages).toEqual([ping, { jsonrpc: '2.0', method: 'notifications/initialized' }, { jsonrpc: '2.0', id: 'b', result: {} }]);
    expect(h.errors).toEqual([]);
  });

  it('drops the CR of a CRLF line ending and reads multi-byte characters split across chunks', async () => {
    const h = harness();
    await h.transport.start();
    const bytes = Buffer.from(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'é€😀' })}\r\n`, 'utf8');
    const cut = bytes.indexOf(0xe2) + 1; // inside the three bytes of '€'
    h.input.write(bytes.subarray(0, cut));
    h.input.write(bytes.subarray(cut));
    await settle();
    expect(h.messages).toEqual([{ jsonrpc: '2.0', id: 2, method: 'é€😀' }]);
  });

  it('reports bad JSON and invalid JSON-RPC to onerror and keeps reading', async () => {
    const h = harness();
    await h.transport.start();
    h.input.write('{"jsonrpc":"2.0","id":1,\n');
    h.input.write('{"jsonrpc":"1.0","id":1,"method":"ping"}\n');
    h.input.write('{"jsonrpc":"2.0","id":1,"method":"ping","extra":true}\n');
    h.input.write(`${JSON.stringify(ping)}\n`);
    await settle();
    expect(h.errors).toHaveLength(3);
    expect(h.errors[0]).toBeInstanceOf(SyntaxError);
    expect(h.errors[1]!.name).toBe('ZodError');
    expect(h.messages).toEqual([ping]);
  });

  it('validates what the tap declines, and hands over what it takes without validation', async () => {
    const h = harness();
    h.transport.tap = (m) => {
      h.tapped.push(m);
      return (m as { method?: string }).method === 'take/me';
    };
    await h.transport.start();
    // Not a valid JSON-RPC message: only a tap that takes it keeps it from onerror.
    h.input.write('{"method":"take/me","odd":1}\n{"method":"leave/me","odd":1}\n');
    await settle();
    expect(h.tapped).toEqual([
      { method: 'take/me', odd: 1 },
      { method: 'leave/me', odd: 1 },
    ]);
    expect(h.messages).toEqual([]);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]!.name).toBe('ZodError');
  });

  it('reports an error thrown by the message handler and goes on with the next line', async () => {
    const h = harness();
    let first = true;
    h.transport.onmessage = (m) => {
      if (first) {
        first = false;
        throw new Error('handler failed');
      }
      h.messages.push(m);
    };
    await h.transport.start();
    h.input.write(`${JSON.stringify(ping)}\n${JSON.stringify({ ...ping, id: 2 })}\n`);
    await settle();
    expect(h.errors.map((e) => e.message)).toEqual(['handler failed']);
    expect(h.messages).toEqual([{ ...ping, id: 2 }]);
  });

  it('closes with an error when more than the buffer limit arrives without a newline', async () => {
    const h = harness(64);
    await h.transport.start();
    h.input.write('x'.repeat(40));
    h.input.write('y'.repeat(40));
    await settle();
    expect(h.errors.map((e) => e.message)).toEqual(['stdio message buffer exceeded 64 bytes without a newline']);
    expect(h.closed()).toBe(1);
    // Closed: later lines are not read.
    h.input.write(`${JSON.stringify(ping)}\n`);
    await settle();
    expect(h.messages).toEqual([]);
  });

  it('stops reading at close, pausing stdin only when nobody else listens, and says it closed', async () => {
    const h = harness();
    await h.transport.start();
    await expect(h.transport.start()).rejects.toThrow(/already started/);
    const other: Buffer[] = [];
    h.input.on('data', (d: Buffer) => other.push(d));
    await h.transport.close();
    expect(h.closed()).toBe(1);
    expect(h.input.isPaused()).toBe(false);
    h.input.write(`${JSON.stringify(ping)}\n`);
    await settle();
    expect(h.messages).toEqual([]);
    expect(other).toHaveLength(1);
    const alone = harness();
    await alone.transport.start();
    await alone.transport.close();
    expect(alone.input.isPaused()).toBe(true);
  });
});

describe('StdioLineServerTransport writing', () => {
  it('writes each message as one line in one write', async () => {
    const writes: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        writes.push(chunk.toString('utf8'));
        callback();
      },
    });
    const transport = new StdioLineServerTransport(new PassThrough(), output);
    await transport.send(ping as JSONRPCMessage);
    await transport.send({ jsonrpc: '2.0', id: 1, result: { text: 'a\nb' } });
    expect(writes).toEqual([`${JSON.stringify(ping)}\n`, '{"jsonrpc":"2.0","id":1,"result":{"text":"a\\nb"}}\n']);
  });

  it('waits for drain when the stream pushes back', async () => {
    let release!: () => void;
    const output = new Writable({
      highWaterMark: 16,
      write(_chunk, _encoding, callback) {
        release = callback;
      },
    });
    const transport = new StdioLineServerTransport(new PassThrough(), output);
    let sent = false;
    const sending = transport.send({ jsonrpc: '2.0', id: 1, result: { pad: 'x'.repeat(64) } }).then(() => (sent = true));
    await settle();
    expect(sent).toBe(false);
    release();
    await sending;
    expect(sent).toBe(true);
  });

  it('rejects a send on a closed stream, and one whose stream closes before draining', async () => {
    const gone = new PassThrough();
    gone.destroy();
    await expect(new StdioLineServerTransport(new PassThrough(), gone).send(ping as JSONRPCMessage)).rejects.toThrow(/Not connected/);
    const stuck = new Writable({ highWaterMark: 1, write() {} });
    const pending = new StdioLineServerTransport(new PassThrough(), stuck).send(ping as JSONRPCMessage);
    stuck.destroy();
    await expect(pending).rejects.toThrow(/closed before the message was written/);
  });
});

describe('StdioLineServerTransport shutdown (the client closes stdin)', () => {
  const call = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: {} } });
  const answer = (id: number) => ({ jsonrpc: '2.0', id, result: {} }) as JSONRPCMessage;

  it('closes once every request taken, by the tap or the schema pass, has been answered', async () => {
    const h = harness();
    h.transport.tap = (m) => (m as { id?: number }).id === 2;
    await h.transport.start();
    h.input.write(`${JSON.stringify(ping)}\n${JSON.stringify(call(2))}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n`);
    h.input.end();
    await settle();
    expect(h.closed()).toBe(0);
    await h.transport.send(answer(1));
    await settle();
    expect(h.closed()).toBe(0);
    // A request the server sends the client is not an answer.
    await h.transport.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    await settle();
    expect(h.closed()).toBe(0);
    await h.transport.send(answer(2));
    await settle();
    expect(h.closed()).toBe(1);
    expect(h.output.read()?.toString()).toContain('"id":2,"result"');
  });

  it('closes at once when nothing is in flight, and does not wait for a cancelled request', async () => {
    const idle = harness();
    await idle.transport.start();
    idle.input.end();
    await settle();
    expect(idle.closed()).toBe(1);
    const h = harness();
    await h.transport.start();
    h.input.write(`${JSON.stringify(call(3))}\n`);
    h.input.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3 } })}\n`);
    h.input.end();
    await settle();
    expect(h.closed()).toBe(1);
  });

  it('counts an answer the client can no longer read as given', async () => {
    const h = harness();
    await h.transport.start();
    h.input.write(`${JSON.stringify(call(4))}\n`);
    h.input.end();
    await settle();
    h.output.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(h.transport.send(answer(4))).rejects.toThrow(/Not connected/);
    await settle();
    expect(h.closed()).toBe(1);
    expect(h.errors.map((e) => e.message)).toEqual(['write EPIPE']);
  });

  it('finish() stops reading at once: a line that comes later is not taken', async () => {
    const h = harness();
    await h.transport.start();
    h.input.write(`${JSON.stringify(call(5))}\n`);
    await settle();
    const finished = h.transport.finish();
    h.input.write(`${JSON.stringify(call(6))}\n`);
    await settle();
    expect(h.messages).toEqual([call(5)]);
    expect(h.closed()).toBe(0);
    await h.transport.send(answer(5));
    await finished;
    expect(h.closed()).toBe(1);
    // Closing again (the server's own close) says nothing more.
    await h.transport.close();
    expect(h.closed()).toBe(1);
  });
});
