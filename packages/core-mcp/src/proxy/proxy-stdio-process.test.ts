/**
 * Stdio on both sides, as an MCP host runs it: a real `Client` spawns the built proxy as a child
 * process over stdio, and the proxy spawns the real upstream `McpServer` over stdio.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY, alive, fixtureServer, lineClient, readTraces, scratch, upstreamCalls, waitServer } from '../../test/support.js';

const proxyScript = join(dirname(fixtureServer), 'proxy-stdio.mjs');
let work: ReturnType<typeof scratch>;
let client: Client;
/** Proxies spawned by hand, killed if a test failed before they exited. */
const spawned: ChildProcess[] = [];

beforeEach(() => {
  work = scratch();
});
afterEach(async () => {
  await client?.close();
  for (const child of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
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

  it('exits 0 when the client closes its stdin, after answering the call in flight, writing every trace and stopping the upstream', async () => {
    const traces = join(work.dir, 'traces');
    const pidFile = join(work.dir, 'upstream.pid');
    writeFileSync(work.policyPath, POLICY.replace('tool_names: [echo]', 'tool_names: [echo, wait]'));
    const proxy = spawn(process.execPath, [proxyScript, work.policyPath, traces, '--', process.execPath, waitServer], {
      env: { ...process.env, CALL_LOG: work.callLog, PID_FILE: pidFile, TRACE_MODE: 'async' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    spawned.push(proxy);
    const exited = new Promise<number | null>((resolve) => proxy.on('exit', (code) => resolve(code)));
    const session = lineClient(proxy.stdin, proxy.stdout);
    session.call(1, 'wait', { ms: 300 });
    session.call(2, 'echo', { text: 'a' });
    session.call(3, 'delete_file', { path: '/' });
    proxy.stdin.end();
    expect(await exited).toBe(0);
    expect(session.find(1)).toMatchObject({ result: { content: [{ text: 'waited:300' }] } });
    expect(session.find(2)).toMatchObject({ result: { content: [{ text: 'echo:a' }] } });
    expect(session.find(3)).toMatchObject({ result: { isError: true } });
    expect(readTraces(traces).map((t) => t.verdict).sort()).toEqual(['allow', 'allow', 'block']);
    expect(existsSync(pidFile)).toBe(true);
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  }, 20_000);
});
