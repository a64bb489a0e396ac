/**
 * The proxy with its own line transports on both stdio sides: the client-facing side over
 * in-memory streams, written to and read line by line as a host would, and a real SDK upstream
 * child process. Covers what the fast paths must keep: gating, one trace per call, bad lines,
 * calls in shapes the fast path leaves to the schema, notifications, and cancellation.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureServer, readTraces, scratch, upstreamCalls } from '../../test/support.js';
import { type RunningProxy, startProxy } from './start-proxy.js';

/**
 * An upstream with `echo`, `slow` (answers only when cancelled), and `chatty` (pings the client,
 * says its tool list changed and sends a stray answer before answering); logs calls and
 * cancellations.
 */
const SCRIPTED_UPSTREAM = `
import { appendFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
const log = (line) => appendFileSync(process.env.CALL_LOG, line + '\\n');
const server = new McpServer({ name: 'slow', version: '1.0.0' });
server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => {
  log('echo');
  return { content: [{ type: 'text', text: 'echo:' + text }] };
});
server.registerTool('slow', { inputSchema: {} }, async (_args, extra) => {
  log('slow');
  await new Promise((resolve) => extra.signal.addEventListener('abort', resolve));
  log('slow cancelled');
  return { content: [{ type: 'text', text: 'too late' }] };
});
server.registerTool('chatty', { inputSchema: {} }, async () => {
  log('chatty');
  await server.server.ping();
  server.sendToolListChanged();
  // An answer to no request of the proxy's: it must be dropped without harm.
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: 'gait-999', result: {} }) + '\\n');
  return { content: [{ type: 'text', text: 'pinged' }] };
});
await server.connect(new StdioServerTransport());
`;

const POLICY = `default_verdict: block
rules:
  - name: allow
    effect: allow
    match:
      tool_names: [echo, slow, chatty]
`;

let work: ReturnType<typeof scratch>;
let proxy: RunningProxy;
let stdin: PassThrough;
let answers: Record<string, unknown>[];
let waiters: (() => void)[];

async function start(upstreamArgs: string[]): Promise<void> {
  stdin = new PassThrough();
  const stdout = new PassThrough();
  answers = [];
  waiters = [];
  let rest = '';
  stdout.on('data', (chunk: Buffer) => {
    rest += chunk.toString('utf8');
    for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n')) {
      answers.push(JSON.parse(rest.slice(0, i)) as Record<string, unknown>);
      rest = rest.slice(i + 1);
      for (const wake of waiters.splice(0)) wake();
    }
  });
  proxy = await startProxy({
    policyPath: work.policyPath,
    cwd: work.dir,
    traceDir: join(work.dir, 'traces'),
    upstream: { kind: 'stdio', command: process.execPath, args: upstreamArgs, env: { CALL_LOG: work.callLog }, cwd: dirname(dirname(dirname(fixtureServer))) },
    downstream: { kind: 'stdio', stdin, stdout },
  });
  await exchange({ jsonrpc: '2.0', id: 'init', method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
}

function send(message: unknown): void {
  stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
}

/** The answer to request `id`, once it has come. */
async function answerTo(id: unknown): Promise<Record<string, unknown>> {
  for (;;) {
    const found = answers.find((a) => a.id === id);
    if (found) return found;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

async function exchange(message: { id: unknown; [key: string]: unknown }): Promise<Record<string, unknown>> {
  send(message);
  return answerTo(message.id);
}

const toolCall = (id: unknown, name: string, args: Record<string, unknown> = {}) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
const textOf = (answer: Record<string, unknown>) => (answer.result as { content: { text: string }[] }).content[0]!.text;

beforeEach(() => {
  work = scratch(POLICY);
});
afterEach(async () => {
  await proxy?.close();
  rmSync(work.dir, { recursive: true, force: true });
});

describe('proxy over stdio line transports', () => {
  it('forwards allowed calls, refuses the rest, and writes one trace per call', async () => {
    await start([fixtureServer]);
    expect(textOf(await exchange(toolCall(1, 'echo', { text: 'a' })))).toBe('echo:a');
    const refused = await exchange(toolCall(2, 'delete_file', { path: '/' }));
    expect((refused.result as { isError: boolean }).isError).toBe(true);
    expect(upstreamCalls(work.callLog)).toEqual(['echo']);
    await proxy.close();
    expect(readTraces(join(work.dir, 'traces')).map((t) => t.verdict).sort()).toEqual(['allow', 'block']);
  });

  it('answers bad JSON and invalid JSON-RPC lines with protocol errors, and keeps serving', async () => {
    await start([fixtureServer]);
    // Blank lines carry nothing and get nothing.
    send('');
    send(' \r');
    send('{"jsonrpc":"2.0","id":3,');
    send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } }, extra: 1 });
    send({ jsonrpc: '2.0', id: 4.5, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } });
    send([toolCall(40, 'echo', { text: 'batched' })]);
    // A malformed response (a client answering a request of ours) is not answered.
    send({ jsonrpc: '2.0', id: 41, result: {}, extra: 1 });
    expect(textOf(await exchange(toolCall(5, 'echo', { text: 'after' })))).toBe('echo:after');
    expect(answers.map((a) => [a.id, (a.error as { code?: number } | undefined)?.code])).toEqual([
      ['init', undefined],
      [null, -32700],
      [4, -32600],
      [4.5, -32600],
      [null, -32600],
      [5, undefined],
    ]);
    expect(upstreamCalls(work.callLog)).toEqual(['echo']);
  });

  it('gates a call the fast path leaves to the schema pass the same way', async () => {
    await start([fixtureServer]);
    const related = { 'io.modelcontextprotocol/related-task': { taskId: 't1' } };
    const allowed = await exchange({ ...toolCall(6, 'echo', { text: 'slow path' }), params: { name: 'echo', arguments: { text: 'slow path' }, _meta: related } });
    expect(textOf(allowed)).toBe('echo:slow path');
    const refused = await exchange({ ...toolCall(7, 'deploy', { env: 'prod' }), params: { name: 'deploy', arguments: { env: 'prod' }, _meta: related } });
    expect((refused.result as { isError: boolean }).isError).toBe(true);
    expect(upstreamCalls(work.callLog)).toEqual(['echo']);
  });

  it('passes other requests through the SDK server (tools/list, ping)', async () => {
    await start([fixtureServer]);
    const listed = await exchange({ jsonrpc: '2.0', id: 8, method: 'tools/list', params: {} });
    expect((listed.result as { tools: { name: string }[] }).tools.map((t) => t.name)).toContain('echo');
    expect(await exchange({ jsonrpc: '2.0', id: 9, method: 'ping' })).toEqual({ jsonrpc: '2.0', id: 9, result: {} });
  });

  it('cancels a forwarded call: the upstream is told, and the client gets no answer', async () => {
    // Run from the package folder, where the SDK and zod resolve.
    await start(['--input-type=module', '-e', SCRIPTED_UPSTREAM]);
    send(toolCall(10, 'slow'));
    while (!upstreamCalls(work.callLog).includes('slow')) await new Promise((resolve) => setTimeout(resolve, 10));
    send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 10, reason: 'user' } });
    while (!upstreamCalls(work.callLog).includes('slow cancelled')) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(textOf(await exchange(toolCall(11, 'echo', { text: 'next' })))).toBe('echo:next');
    expect(answers.map((a) => a.id)).toEqual(['init', 11]);
  });

  it('carries upstream requests to the proxy and notifications back to the client', async () => {
    await start(['--input-type=module', '-e', SCRIPTED_UPSTREAM]);
    // The upstream's ping is answered by the proxy's client before the tool returns.
    expect(textOf(await exchange(toolCall(12, 'chatty')))).toBe('pinged');
    while (!answers.some((a) => a.method === 'notifications/tools/list_changed')) await new Promise<void>((resolve) => waiters.push(resolve));
    expect(textOf(await exchange(toolCall(13, 'echo', { text: 'still' })))).toBe('echo:still');
    expect(upstreamCalls(work.callLog)).toEqual(['chatty', 'echo']);
  });
});
