/**
 * The forwarding proxy over Streamable HTTP on 127.0.0.1: a real `McpServer` upstream, the proxy's
 * HTTP front, a real MCP `Client`. Then protocol abuse (malformed JSON-RPC, oversized bodies,
 * unknown methods, a missing session) gets protocol errors and the proxy keeps serving.
 */
import { rmSync } from 'node:fs';
import { connect as connectRaw } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HttpUpstream, startHttpUpstream } from '../../test/http-upstream.js';
import { allVerify, readTraces, scratch } from '../../test/support.js';
import { type RunningProxy, startProxy } from './start-proxy.js';

let work: ReturnType<typeof scratch>;
let upstream: HttpUpstream;
let proxy: RunningProxy;
const clients: Client[] = [];

async function connect(url: string, headers?: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), headers ? { requestInit: { headers } } : {}));
  clients.push(client);
  return client;
}

async function start(extra: { bearerToken?: string; maxRequestBytes?: number } = {}, options: { sse?: boolean; traceMode?: 'sync' | 'async' } = {}): Promise<string> {
  upstream = await startHttpUpstream({ sse: options.sse ?? false });
  proxy = await startProxy({
    policyPath: work.policyPath,
    cwd: work.dir,
    traceDir: join(work.dir, 'traces'),
    ...(options.traceMode ? { traceMode: options.traceMode } : {}),
    upstream: { kind: 'http', url: upstream.url },
    downstream: { kind: 'http', listen: { host: '127.0.0.1', port: 0 }, ...extra },
  });
  return proxy.url!;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

beforeEach(() => {
  work = scratch();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  await proxy?.close();
  await upstream?.close();
  rmSync(work.dir, { recursive: true, force: true });
});

describe('Streamable HTTP on both sides', () => {
  it('forwards allowed calls, refuses the rest before the upstream, and traces every call', async () => {
    const client = await connect(await start());
    const ok = await client.callTool({ name: 'echo', arguments: { text: 'over-http' } });
    expect((ok.content as { text: string }[])[0]!.text).toBe('echo:over-http');
    const refused = await client.callTool({ name: 'delete_file', arguments: { path: '/' } });
    expect(refused.isError).toBe(true);
    expect(upstream.calls).toEqual(['echo']);
    const traces = readTraces(join(work.dir, 'traces'));
    expect(traces).toHaveLength(2);
    expect(allVerify(traces, proxy.gate.publicKey)).toBe(true);
    // Each HTTP session is the intent's session: the trace's relationship names it.
    expect(JSON.stringify(traces[0]!.relationship)).toContain('session');
  });

  it('refuses a tool that declares an outputSchema with a tool error the SDK client accepts', async () => {
    const client = await connect(await start());
    await client.listTools();
    const refused = await client.callTool({ name: 'weather', arguments: { city: 'Oslo' } });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toBeUndefined();
    expect(refused._meta?.['gait/verdict']).toBe('block');
    expect(upstream.calls).toEqual([]);
  });

  it('relays an upstream that answers in SSE streams, in both trace modes', async () => {
    for (const traceMode of ['sync', 'async'] as const) {
      const client = await connect(await start({}, { sse: true, traceMode }));
      const ok = await client.callTool({ name: 'echo', arguments: { text: `sse-${traceMode}` } });
      expect((ok.content as { text: string }[])[0]!.text).toBe(`echo:sse-${traceMode}`);
      const refused = await client.callTool({ name: 'deploy', arguments: { env: 'prod' } });
      expect(refused._meta?.['gait/verdict']).toBe('require_approval');
      expect(upstream.calls).toEqual(['echo']);
      await client.close();
      await proxy.close();
      await upstream.close();
      expect(readTraces(join(work.dir, 'traces')).filter((t) => t.tool_name === 'echo')).toHaveLength(traceMode === 'sync' ? 1 : 2);
    }
  });

  it('serves several sessions at once over one upstream connection', async () => {
    const url = await start();
    const many = await Promise.all([1, 2, 3].map(() => connect(url)));
    const results = await Promise.all(many.map((c, i) => c.callTool({ name: 'echo', arguments: { text: `c${i}` } })));
    expect(results.map((r) => (r.content as { text: string }[])[0]!.text).sort()).toEqual(['echo:c0', 'echo:c1', 'echo:c2']);
  });

  it('answers malformed JSON, oversized bodies, unknown methods and unknown sessions with protocol errors, then keeps serving', async () => {
    const url = await start({ maxRequestBytes: 4096 });
    const malformed = await post(url, '{"jsonrpc":"2.0",');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe(-32700);
    const big = await post(url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(8192) } }));
    expect(big.status).toBe(413);
    const noSession = await post(url, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
    expect(noSession.status).toBe(400);
    const unknownSession = await post(url, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }), { 'mcp-session-id': 'nope' });
    expect(unknownSession.status).toBe(404);

    const client = await connect(url);
    await expect(client.request({ method: 'no/such/method', params: {} } as never, (await import('zod')).z.object({}).passthrough() as never)).rejects.toThrow(
      /Method not found/,
    );
    // A tools/call the fast path does not take (arguments not an object) gets the SDK's own check.
    await expect(
      client.request({ method: 'tools/call', params: { name: 'echo', arguments: ['x'] } } as never, (await import('zod')).z.object({}).passthrough() as never),
    ).rejects.toThrow(/expected record/);
    expect(upstream.calls).toEqual([]);
    const ok = await client.callTool({ name: 'echo', arguments: { text: 'still-here' } });
    expect((ok.content as { text: string }[])[0]!.text).toBe('echo:still-here');
  });

  it('requires the bearer token when one is configured', async () => {
    const url = await start({ bearerToken: 's3cret' });
    const denied = await post(url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }));
    expect(denied.status).toBe(401);
    // Credentials are checked before a body is read: an oversized unauthenticated body is a 401, not a 413.
    const oversized = await post(url, JSON.stringify({ pad: 'x'.repeat(2_000_000) }));
    expect(oversized.status).toBe(401);
    expect(oversized.json.error.message).toBe('missing bearer authorization');
    const client = await connect(url, { authorization: 'Bearer s3cret' });
    expect((await client.listTools()).tools.length).toBe(5);
  });

  it('answers methods other than POST, GET and DELETE with 405, without ending the session', async () => {
    const url = await start();
    const client = await connect(url);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    for (const method of ['PUT', 'PATCH']) {
      const res = await fetch(url, { method, headers: { 'mcp-session-id': sessionId } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST, DELETE');
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`method not allowed: ${method}`);
    }
    // Methods are case-sensitive: a lower-case `delete` (which fetch would upper-case) is not DELETE.
    const { host, pathname } = new URL(url);
    const raw = connectRaw(Number(new URL(url).port), '127.0.0.1');
    raw.write(`delete ${pathname} HTTP/1.1\r\nhost: ${host}\r\nmcp-session-id: ${sessionId}\r\nconnection: close\r\n\r\n`);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      raw.on('data', (d: Buffer) => (text += d.toString('latin1')));
      raw.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect((await client.callTool({ name: 'echo', arguments: { text: 'still' } })).content).toEqual([{ type: 'text', text: 'echo:still' }]);
  });
});
