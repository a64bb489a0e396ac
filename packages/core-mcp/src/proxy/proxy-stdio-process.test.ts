/**
 * Stdio on both sides, as an MCP host runs it: a real `Client` spawns the built proxy as a child
 * process over stdio, and the proxy spawns the real upstream `McpServer` over stdio.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureServer, readTraces, scratch, upstreamCalls } from '../../test/support.js';

const proxyScript = join(dirname(fixtureServer), 'proxy-stdio.mjs');
let work: ReturnType<typeof scratch>;
let client: Client;

beforeEach(() => {
  work = scratch();
});
afterEach(async () => {
  await client?.close();
  rmSync(work.dir, { recursive: true, force: true });
});

describe('proxy as a stdio child process', () => {
  it('forwards allowed calls, refuses the rest, and leaves a trace per call', async () => {
    const traces = join(work.dir, 'traces');
    client = new Client({ name: 'host', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [proxyScript, work.policyPath, traces, '--', process.execPath, fixtureServer],
        env: { ...process.env, CALL_LOG: work.callLog } as Record<string, string>,
        stderr: 'pipe',
      }),
    );
    const ok = await client.callTool({ name: 'echo', arguments: { text: 'stdio' } });
    expect((ok.content as { text: string }[])[0]!.text).toBe('echo:stdio');
    const refused = await client.callTool({ name: 'delete_file', arguments: { path: '/' } });
    expect(refused.isError).toBe(true);
    expect(upstreamCalls(work.callLog)).toEqual(['echo']);
    expect(readTraces(traces).map((t) => t.verdict).sort()).toEqual(['allow', 'block']);
  });
});
