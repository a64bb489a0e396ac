/**
 * The HTTP front's bound on requests in flight (`maxConcurrent`, `--max-concurrent` on the CLI),
 * end to end through the forwarding proxy: with one slot, a call held open upstream fills it, a
 * second request is refused with 503 and a JSON-RPC error (and never reaches the upstream), and
 * once the first is answered the proxy serves again. Plain `fetch` is the client: the SDK client
 * would open a GET event stream that holds the only slot.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startHttpUpstream } from '../../test/http-upstream.js';
import { deferred } from '../../test/raw-http.js';
import { scratch, until } from '../../test/support.js';
import { type RunningProxy, startProxy } from './start-proxy.js';

const POLICY = 'default_verdict: block\nrules:\n  - name: allow-both\n    effect: allow\n    match:\n      tool_names: [echo, hold]\n';

/** An upstream whose `hold` tool answers once the test releases it; `calls` lists every call it saw. */
async function holdingUpstream() {
  const calls: string[] = [];
  const release = deferred();
  const makeServer = () => {
    const server = new McpServer({ name: 'holding', version: '1.0.0' });
    server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => {
      calls.push(`echo:${text}`);
      return { content: [{ type: 'text', text: `echo:${text}` }] };
    });
    server.registerTool('hold', { inputSchema: {} }, async () => {
      calls.push('hold');
      await release.promise;
      return { content: [{ type: 'text', text: 'released' }] };
    });
    return server;
  };
  return { ...(await startHttpUpstream({ makeServer })), calls, release: () => release.resolve() };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A POST to the proxy as an MCP client sends it; the body is read as JSON when there is one. */
async function post(url: string, message: Record<string, unknown>, sessionId?: string): Promise<{ status: number; sessionId: string | null; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
  });
  const text = await res.text();
  return { status: res.status, sessionId: res.headers.get('mcp-session-id'), json: text ? JSON.parse(text) : undefined };
}

const toolCall = (id: number, name: string, args: Record<string, unknown>) => ({ id, method: 'tools/call', params: { name, arguments: args } });

describe('the HTTP front with maxConcurrent: 1', () => {
  it('refuses a request beyond the bound with 503 and a JSON-RPC error, and serves again once the call in flight is answered', async () => {
    const work = scratch(POLICY);
    const upstream = await holdingUpstream();
    const proxy: RunningProxy = await startProxy({
      policyPath: work.policyPath,
      cwd: work.dir,
      traceDir: join(work.dir, 'traces'),
      upstream: { kind: 'http', url: upstream.url },
      downstream: { kind: 'http', listen: { host: '127.0.0.1', port: 0 }, maxConcurrent: 1 },
    });
    cleanup.push(
      async () => rmSync(work.dir, { recursive: true, force: true }),
      () => upstream.close(),
      () => proxy.close(),
      // A test that fails midway must not leave the upstream's tool waiting.
      async () => upstream.release(),
    );
    const url = proxy.url!;

    // One request at a time, each within the bound: a session.
    const init = await post(url, { id: 1, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'test', version: '1.0.0' } } });
    expect(init.status).toBe(200);
    const session = init.sessionId!;
    expect((await post(url, { method: 'notifications/initialized' }, session)).status).toBe(202);

    // The held call takes the only slot until the upstream answers it.
    const held = post(url, toolCall(2, 'hold', {}), session);
    await until(() => upstream.calls.includes('hold'));
    const busy = await post(url, toolCall(3, 'echo', { text: 'too many' }), session);
    expect(busy.status).toBe(503);
    expect(busy.json).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: 'server busy: too many requests in flight' }, id: null });

    upstream.release();
    expect(await held).toMatchObject({ status: 200, json: { id: 2, result: { content: [{ type: 'text', text: 'released' }] } } });
    const after = await post(url, toolCall(4, 'echo', { text: 'after' }), session);
    expect(after).toMatchObject({ status: 200, json: { id: 4, result: { content: [{ type: 'text', text: 'echo:after' }] } } });
    // The refused call never reached the upstream.
    expect(upstream.calls).toEqual(['hold', 'echo:after']);
  });
});
