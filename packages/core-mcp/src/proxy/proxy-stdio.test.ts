/**
 * The forwarding proxy with the real SDK on both sides: the upstream is a real `McpServer`
 * child process over stdio, the client a real MCP `Client`. Allowed calls return the upstream's
 * result; refused calls never reach it; every call leaves a trace that verifies.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allVerify, fixtureServer, readTraces, scratch, upstreamCalls } from '../../test/support.js';
import { TraceWriteFailedError } from './call-gate.js';
import { type RunningProxy, startProxy } from './start-proxy.js';

let work: ReturnType<typeof scratch>;
let proxy: RunningProxy;
let client: Client;

async function start(extra: { hideBlockedTools?: boolean; traceMode?: 'sync' | 'async'; traceDir?: string; onTraceError?: (e: Error) => void } = {}): Promise<void> {
  const [clientSide, proxySide] = InMemoryTransport.createLinkedPair();
  proxy = await startProxy({
    policyPath: work.policyPath,
    cwd: work.dir,
    traceDir: join(work.dir, 'traces'),
    upstream: { kind: 'stdio', command: process.execPath, args: [fixtureServer], env: { CALL_LOG: work.callLog } },
    downstream: { kind: 'transport', transport: proxySide },
    ...extra,
  });
  client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(clientSide);
}

beforeEach(() => {
  work = scratch();
});
afterEach(async () => {
  await client?.close();
  await proxy?.close();
  rmSync(work.dir, { recursive: true, force: true });
});

const text = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as { text: string }[])[0]?.text;

describe('stdio upstream', () => {
  it('lists the upstream tools and forwards an allowed call', async () => {
    await start();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['call_tool', 'delete_file', 'deploy', 'echo', 'weather']);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toBe('echo:hi');
    expect(upstreamCalls(work.callLog)).toEqual(['echo']);
  });

  it('answers block and require_approval with a tool error and never forwards them', async () => {
    await start();
    const blocked = await client.callTool({ name: 'delete_file', arguments: { path: '/etc/passwd' } });
    expect(blocked.isError).toBe(true);
    expect(text(blocked)).toMatch(/verdict=block/);
    expect(blocked._meta?.['gait/verdict']).toBe('block');
    const approval = await client.callTool({ name: 'deploy', arguments: { env: 'prod' } });
    expect(approval.isError).toBe(true);
    expect(approval._meta?.['gait/verdict']).toBe('require_approval');
    expect(approval._meta?.['gait/reason_codes']).toEqual(expect.any(Array));
    expect(upstreamCalls(work.callLog)).toEqual([]);
  });

  it('refuses a tool that declares an outputSchema with a tool error the SDK client accepts', async () => {
    await start();
    // The client caches the tool's output schema from the list and checks results against it.
    await client.listTools();
    const refused = await client.callTool({ name: 'weather', arguments: { city: 'Oslo' } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/verdict=block/);
    expect(refused.structuredContent).toBeUndefined();
    expect(refused._meta?.['gait/verdict']).toBe('block');
    // A tool without one still gets the structured refusal.
    const blocked = await client.callTool({ name: 'delete_file', arguments: { path: 'x' } });
    expect(blocked.structuredContent).toMatchObject({ verdict: 'block', executed: false });
    expect(upstreamCalls(work.callLog)).toEqual([]);
  });

  it('writes one signed trace per call, verifiable with the proxy key', async () => {
    await start();
    await client.callTool({ name: 'echo', arguments: { text: 'a' } });
    await client.callTool({ name: 'delete_file', arguments: { path: 'x' } });
    const traces = readTraces(join(work.dir, 'traces'));
    expect(traces.map((t) => [t.tool_name, t.verdict]).sort()).toEqual([
      ['delete_file', 'block'],
      ['echo', 'allow'],
    ]);
    expect(allVerify(traces, proxy.gate.publicKey)).toBe(true);
    const tampered = { ...traces[0]!, verdict: traces[0]!.verdict === 'allow' ? 'block' : 'allow' };
    expect(allVerify([tampered], proxy.gate.publicKey)).toBe(false);
  });

  it('judges a meta-tool call by the tool it would really run', async () => {
    await start();
    const wrapped = await client.callTool({ name: 'call_tool', arguments: { name: 'delete_file', arguments: { path: 'x' } } });
    expect(wrapped.isError).toBe(true);
    expect(text(wrapped)).toContain('call_tool -> delete_file');
    // The policy allows echo, so the same meta-tool wrapping echo goes through.
    const allowed = await client.callTool({ name: 'call_tool', arguments: { name: 'echo', arguments: { text: 'x' } } });
    expect(allowed.isError).toBeFalsy();
    expect(upstreamCalls(work.callLog)).toEqual(['call_tool']);
    const traces = readTraces(join(work.dir, 'traces'));
    expect(traces.map((t) => t.tool_name).sort()).toEqual(['delete_file', 'echo']);
  });

  it('hides tools the policy can never allow when asked', async () => {
    await start({ hideBlockedTools: true });
    const { tools } = await client.listTools();
    // deploy only ever gets require_approval, which the proxy never forwards; a meta-tool can reach echo.
    expect(tools.map((t) => t.name).sort()).toEqual(['call_tool', 'echo']);
  });

  it('in async trace mode still leaves every trace on disk after close', async () => {
    await start({ traceMode: 'async' });
    await Promise.all(['a', 'b', 'c'].map((t) => client.callTool({ name: 'echo', arguments: { text: t } })));
    await client.close();
    await proxy.close();
    expect(readTraces(join(work.dir, 'traces'))).toHaveLength(3);
  });

  it('in async trace mode reports a failed write, refuses later calls, and close() rejects', async () => {
    // A file where the trace folder should be: every write fails.
    const blocked = join(work.dir, 'not-a-folder');
    writeFileSync(blocked, '');
    let reported!: (error: Error) => void;
    const failure = new Promise<Error>((resolve) => (reported = resolve));
    await start({ traceMode: 'async', traceDir: join(blocked, 'traces'), onTraceError: (e) => reported(e) });
    // The answer does not wait for the disk, so the first call has already gone through.
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'a' } }))).toBe('echo:a');
    expect((await failure).message).toContain('not-a-folder');
    const later = await client.callTool({ name: 'echo', arguments: { text: 'b' } });
    expect(later.isError).toBe(true);
    expect(later._meta?.['gait/reason_codes']).toEqual(['gate_evaluation_error']);
    expect(upstreamCalls(work.callLog)).toEqual(['echo']);
    await expect(proxy.close()).rejects.toBeInstanceOf(TraceWriteFailedError);
    proxy = undefined as never;
  });
});
