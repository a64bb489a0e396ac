/**
 * Cancellation over Streamable HTTP on both sides: a client cancels a forwarded call in flight,
 * the proxy's lane drops the upstream exchange and tells the upstream, whose tool sees its signal
 * abort; the proxy keeps serving on new connections.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startHttpUpstream } from '../../test/http-upstream.js';
import { scratch } from '../../test/support.js';
import { type RunningProxy, startProxy } from './start-proxy.js';

const POLICY = 'default_verdict: block\nrules:\n  - name: allow-both\n    effect: allow\n    match:\n      tool_names: [echo, wait]\n';

/** An upstream whose `wait` tool answers only when it is cancelled; `events` says what it saw. */
async function waitingUpstream() {
  const events: string[] = [];
  const makeServer = () => {
    const server = new McpServer({ name: 'waiting', version: '1.0.0' });
    server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text: `echo:${text}` }] }));
    server.registerTool('wait', { inputSchema: {} }, async (_args, extra) => {
      events.push('wait started');
      await new Promise<void>((resolve) => extra.signal.addEventListener('abort', () => resolve(), { once: true }));
      events.push('wait cancelled');
      return { content: [{ type: 'text', text: 'too late' }] };
    });
    return server;
  };
  return { ...(await startHttpUpstream({ makeServer })), events };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('cancellation over Streamable HTTP', () => {
  it('tells the upstream when the client cancels a forwarded call, and keeps serving', async () => {
    const work = scratch(POLICY);
    const upstream = await waitingUpstream();
    const proxy: RunningProxy = await startProxy({
      policyPath: work.policyPath,
      cwd: work.dir,
      traceDir: join(work.dir, 'traces'),
      upstream: { kind: 'http', url: upstream.url },
      downstream: { kind: 'http', listen: { host: '127.0.0.1', port: 0 } },
    });
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxy.url!)));
    cleanup.push(
      async () => rmSync(work.dir, { recursive: true, force: true }),
      () => upstream.close(),
      () => proxy.close(),
      () => client.close(),
    );

    const controller = new AbortController();
    const call = client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: controller.signal });
    while (!upstream.events.includes('wait started')) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort('user gave up');
    await expect(call).rejects.toThrow();
    while (!upstream.events.includes('wait cancelled')) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(upstream.events).toEqual(['wait started', 'wait cancelled']);

    const after = await client.callTool({ name: 'echo', arguments: { text: 'still here' } });
    expect((after.content as { text: string }[])[0]!.text).toBe('echo:still here');
  });
});
