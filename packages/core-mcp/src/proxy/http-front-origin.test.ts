/**
 * The proxy's Streamable HTTP front refuses browser origins that are not allowed (DNS rebinding),
 * over a real socket on 127.0.0.1: 403 with a JSON-RPC error on POST, GET and DELETE, before a body
 * is read or a session made. Loopback origins, requests without an Origin and `allowOrigins` pass.
 */
import { request } from 'node:http';
import { connect as connectRaw } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpUpstream } from '../../test/http-upstream.js';
import { scratch } from '../../test/support.js';
import { type HttpFront, startHttpFront } from './http-front.js';
import { startProxy } from './start-proxy.js';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
});

interface Answer {
  status: number;
  sessionId: string | undefined;
  json: any;
}

/** One request with exactly the headers given (node:http lets a test set Origin and Host). */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        const sid = res.headers['mcp-session-id'];
        resolve({ status: res.statusCode!, sessionId: typeof sid === 'string' ? sid : undefined, json: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const initialize = (url: string, headers: Record<string, string> = {}) =>
  send(url, 'POST', { 'content-type': 'application/json', ...headers }, INITIALIZE);

let front: HttpFront | undefined;
let made = 0;
const cleanups: (() => Promise<unknown>)[] = [];

/** The front alone, with an MCP server per session that lists one tool; `made` counts sessions begun. */
async function startFront(allowOrigins?: string[]): Promise<string> {
  made = 0;
  front = await startHttpFront({
    listen: { host: '127.0.0.1', port: 0 },
    ...(allowOrigins ? { allowOrigins } : {}),
    makeServer: () => {
      made += 1;
      const server = new Server({ name: 'origin-test', version: '1.0.0' }, { capabilities: { tools: {} } });
      server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }));
      return server;
    },
  });
  return front.url;
}

async function sdkClient(url: string): Promise<Client> {
  const client = new Client({ name: 'node-client', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  cleanups.push(() => client.close());
  return client;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await front?.close();
  front = undefined;
});

function expectForbidden(answer: Answer, origin: string): void {
  expect(answer.status).toBe(403);
  expect(answer.sessionId).toBeUndefined();
  expect(answer.json).toEqual({ jsonrpc: '2.0', error: { code: -32600, message: expect.stringContaining(JSON.stringify(origin)) }, id: null });
  expect(answer.json.error.message).toMatch(/^forbidden origin: /);
}

describe('Origin checks on the HTTP front', () => {
  it('refuses an initialize from a foreign origin with 403 and makes no session', async () => {
    const url = await startFront();
    const answer = await initialize(url, { origin: 'http://evil.example', host: 'evil.example' });
    expectForbidden(answer, 'http://evil.example');
    expect(made).toBe(0);
    expect(front!.sessions()).toBe(0);
  });

  it('refuses GET and DELETE from a foreign origin, and the session they name lives on', async () => {
    const url = await startFront();
    const client = await sdkClient(url);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    for (const method of ['GET', 'DELETE']) {
      expectForbidden(await send(url, method, { origin: 'https://evil.example', 'mcp-session-id': sessionId }), 'https://evil.example');
    }
    expect(front!.sessions()).toBe(1);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
  });

  it('answers on the head, without waiting for a body that never comes', async () => {
    const url = new URL(await startFront());
    const raw = connectRaw(Number(url.port), '127.0.0.1');
    // A body is announced and never sent: a server that read it first would wait (then answer 408).
    raw.write(`POST ${url.pathname} HTTP/1.1\r\nhost: evil.example\r\norigin: http://evil.example\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n`);
    const head = await new Promise<string>((resolve) => {
      let text = '';
      raw.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (text.includes('\r\n\r\n')) resolve(text);
      });
    });
    raw.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 403 /);
    expect(made).toBe(0);
  });

  it('refuses an Origin that is not a URL origin, such as null', async () => {
    const url = await startFront();
    for (const origin of ['null', 'not a url', 'http://localhost, http://evil.example']) {
      expectForbidden(await initialize(url, { origin }), origin);
    }
    expect(made).toBe(0);
  });

  it('serves loopback origins on any scheme and port, and clients that send no Origin', async () => {
    const url = await startFront();
    for (const origin of ['http://localhost:3000', 'http://LOCALHOST', 'https://127.0.0.1:8443', 'http://127.5.6.7', 'http://[::1]:5173']) {
      const answer = await initialize(url, { origin });
      expect(answer.status, origin).toBe(200);
      expect(answer.sessionId, origin).toMatch(/^[0-9a-f-]{36}$/);
    }
    const plain = await initialize(url);
    expect(plain.status).toBe(200);
    expect(plain.sessionId).toBeDefined();
    // Names that only look local are not loopback.
    for (const origin of ['http://localhost.evil.example', 'http://127.0.0.1.evil.example', 'http://localhost@evil.example']) {
      expectForbidden(await initialize(url, { origin }), origin);
    }
  });

  it('admits the origins given in allowOrigins (scheme, host and port must match), and any with *', async () => {
    let url = await startFront(['https://app.example', 'http://tools.example:8080']);
    for (const origin of ['https://app.example', 'https://APP.example:443', 'http://tools.example:8080', 'http://localhost:1']) {
      expect((await initialize(url, { origin })).status, origin).toBe(200);
    }
    for (const origin of ['http://app.example', 'https://app.example:8443', 'http://tools.example', 'https://evil.example']) {
      expectForbidden(await initialize(url, { origin }), origin);
    }
    await front!.close();
    url = await startFront(['*']);
    for (const origin of ['https://evil.example', 'null']) expect((await initialize(url, { origin })).status, origin).toBe(200);
  });

  it('refuses to start with an allowOrigins value that is not an origin', async () => {
    await expect(startFront(['app.example'])).rejects.toThrow(/invalid --allow-origin value: "app.example"/);
    await expect(startFront(['null'])).rejects.toThrow(/invalid --allow-origin value/);
  });
});

describe('the forwarding proxy (repro: a rebinding page in front of an HTTP upstream)', () => {
  it('refuses the page with 403, never reaches the upstream, and keeps serving other clients', async () => {
    const work = scratch();
    const upstream = await startHttpUpstream();
    const proxy = await startProxy({
      policyPath: work.policyPath,
      cwd: work.dir,
      traceDir: join(work.dir, 'traces'),
      upstream: { kind: 'http', url: upstream.url },
      downstream: { kind: 'http', listen: { host: '127.0.0.1', port: 0 } },
    });
    cleanups.push(async () => {
      await proxy.close();
      await upstream.close();
      rmSync(work.dir, { recursive: true, force: true });
    });
    const url = proxy.url!;
    expectForbidden(await initialize(url, { origin: 'http://evil.example', host: 'evil.example' }), 'http://evil.example');
    const call = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } });
    expectForbidden(await send(url, 'POST', { origin: 'http://evil.example', 'content-type': 'application/json' }, call), 'http://evil.example');

    const client = await sdkClient(url);
    const ok = await client.callTool({ name: 'echo', arguments: { text: 'after-403' } });
    expect((ok.content as { text: string }[])[0]!.text).toBe('echo:after-403');
    expect(upstream.calls).toEqual(['echo']);
    expect((await initialize(url, { origin: 'http://localhost:6274' })).status).toBe(200);
  });
});
