/**
 * The HTTP forwarding lane against a scripted upstream on 127.0.0.1: what reaches the lane's
 * caller and what goes on to the SDK `Client` (its transport's `onmessage`).
 */
import { type AddressInfo, type Server, createServer } from 'node:net';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CallCancel } from './cancel-signal.js';
import { httpLane } from './http-lane.js';

/** Answers every request with `respond(id of the JSON-RPC request)`'s raw bytes, keeping the connection open. */
async function scripted(respond: (id: string) => string): Promise<{ url: URL; server: Server }> {
  const server = createServer((socket) => {
    let buffered = '';
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = JSON.parse(buffered.slice(end + 4, end + 4 + length)) as { id?: string };
        buffered = buffered.slice(end + 4 + length);
        if (body.id !== undefined) socket.write(respond(body.id));
        else socket.write('HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`), server };
}

function fakeTransport(seen: unknown[]): StreamableHTTPClientTransport {
  return { sessionId: 'session-1', protocolVersion: '2025-06-18', onmessage: (m: unknown) => seen.push(m) } as unknown as StreamableHTTPClientTransport;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

const sse = (...events: string[]) => {
  const body = events.map((e) => `event: message\ndata: ${e}\n\n`).join('');
  return `HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n`;
};

describe('httpLane', () => {
  it('relays a JSON answer, passing other messages of the batch to the Client', async () => {
    const { url, server } = await scripted((id) => {
      const body = JSON.stringify([{ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'hi' } }, { jsonrpc: '2.0', id, result: { ok: 1 } }]);
      return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    });
    servers.push(server);
    const seen: unknown[] = [];
    const lane = httpLane({ url, transport: fakeTransport(seen) });
    await expect(lane.request('tools/call', { name: 'echo' })).resolves.toEqual({ result: { ok: 1 } });
    expect(seen).toEqual([{ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'hi' } }]);
    lane.close();
  });

  it('passes SSE messages before the answer to the Client, and nothing after it', async () => {
    const note = (data: string) => JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data } });
    const { url, server } = await scripted((id) =>
      sse(note('before'), JSON.stringify({ jsonrpc: '2.0', id, result: { ok: 2 } }), JSON.stringify({ jsonrpc: '2.0', id, result: { duplicate: true } }), note('after')),
    );
    servers.push(server);
    const seen: unknown[] = [];
    const lane = httpLane({ url, transport: fakeTransport(seen) });
    await expect(lane.request('tools/call', { name: 'echo' })).resolves.toEqual({ result: { ok: 2 } });
    // A second request on the same (still open) stream's connection is not confused by the first's leftovers.
    await expect(lane.request('tools/call', { name: 'echo' })).resolves.toEqual({ result: { ok: 2 } });
    expect(seen).toEqual([JSON.parse(note('before')), JSON.parse(note('before'))]);
    lane.close();
  });

  it('turns an HTTP error into an error outcome naming the status', async () => {
    const { url, server } = await scripted(() => 'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 17\r\n\r\nsession not found');
    servers.push(server);
    const lane = httpLane({ url, transport: fakeTransport([]) });
    const outcome = await lane.request('tools/call', { name: 'echo' });
    expect(outcome).toMatchObject({ error: { message: 'upstream answered HTTP 404: session not found' } });
    lane.close();
  });

  it('answers with a connection error after close(), sending nothing', async () => {
    let requests = 0;
    const { url, server } = await scripted(() => (requests++, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    servers.push(server);
    const lane = httpLane({ url, transport: fakeTransport([]) });
    lane.close();
    const told: boolean[] = [];
    const outcome = await lane.request('tools/call', { name: 'echo' }, undefined, (sent) => told.push(sent));
    expect(outcome).toMatchObject({ error: { message: expect.stringMatching(/closed/) } });
    expect(told).toEqual([false]);
    expect(requests).toBe(0);
  });

  it('tells an answered request as sent, and one whose connection was refused as not sent', async () => {
    const { url, server } = await scripted((id) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id, result: { ok: 3 } });
      return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    });
    servers.push(server);
    const told: string[] = [];
    const lane = httpLane({ url, transport: fakeTransport([]) });
    await expect(lane.request('tools/call', { name: 'echo' }, undefined, (sent) => told.push(`live:${sent}`))).resolves.toEqual({ result: { ok: 3 } });
    lane.close();
    // The same address with nothing listening any more.
    await new Promise((resolve) => server.close(resolve));
    servers.splice(servers.indexOf(server), 1);
    const gone = httpLane({ url, transport: fakeTransport([]) });
    const refused = await gone.request('tools/call', { name: 'echo' }, undefined, (sent) => told.push(`gone:${sent}`));
    expect(refused).toMatchObject({ error: { message: expect.stringContaining('ECONNREFUSED') } });
    expect(told).toEqual(['live:true', 'gone:false']);
    gone.close();
  });

  it('tells a request cancelled while the upstream works on it as sent', async () => {
    let received = 0;
    // Takes the request and never answers.
    const { url, server } = await scripted(() => (received++, ''));
    servers.push(server);
    const lane = httpLane({ url, transport: fakeTransport([]) });
    const cancel = new CallCancel();
    const told: boolean[] = [];
    const outcome = lane.request('tools/call', { name: 'wait' }, cancel, (sent) => told.push(sent));
    while (received === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    cancel.abort('client went away');
    await expect(outcome).resolves.toMatchObject({ error: { message: 'request cancelled: client went away' } });
    expect(told).toEqual([true]);
    lane.close();
  });
});
