/**
 * How a stdio proxy session ends, with a real upstream child process and the client's side on
 * in-memory streams: the client closing stdin (the MCP stdio shutdown), and the upstream dying.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY, alive, lineClient, readTraces, scratch, until, upstreamCalls, waitServer } from '../../test/support.js';
import { type RunningProxy, startProxy } from './start-proxy.js';
import type { DecisionEvent } from './tool-forwarder.js';

let work: ReturnType<typeof scratch>;
let proxy: RunningProxy | undefined;

beforeEach(() => {
  work = scratch(POLICY.replace('tool_names: [echo]', 'tool_names: [echo, wait, exit]'));
});
afterEach(async () => {
  await proxy?.close().catch(() => undefined);
  proxy = undefined;
  rmSync(work.dir, { recursive: true, force: true });
});

async function start(traceMode: 'sync' | 'async' = 'sync') {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const decisions: DecisionEvent[] = [];
  const pidFile = join(work.dir, 'upstream.pid');
  proxy = await startProxy({
    policyPath: work.policyPath,
    cwd: work.dir,
    traceDir: join(work.dir, 'traces'),
    traceMode,
    upstream: { kind: 'stdio', command: process.execPath, args: [waitServer], env: { CALL_LOG: work.callLog, PID_FILE: pidFile } },
    downstream: { kind: 'stdio', stdin, stdout },
    onDecision: (d) => decisions.push(d),
  });
  await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '');
  return { proxy, stdin, client: lineClient(stdin, stdout), decisions, upstreamPid: Number(readFileSync(pidFile, 'utf8')) };
}

describe('the client closing stdin', () => {
  it('ends the proxy once the calls in flight are answered; close() then stops the upstream and writes every trace', async () => {
    const s = await start('async');
    s.client.call(1, 'wait', { ms: 300 });
    s.client.call(2, 'echo', { text: 'a' });
    s.client.call(3, 'delete_file', { path: '/' });
    s.stdin.end();
    expect(await s.proxy.closed).toEqual({ cause: 'client' });
    // Answered before the proxy said it had stopped.
    expect(s.client.find(1)).toMatchObject({ result: { content: [{ text: 'waited:300' }] } });
    expect(s.client.find(2)).toMatchObject({ result: { content: [{ text: 'echo:a' }] } });
    expect(s.client.find(3)).toMatchObject({ result: { isError: true } });
    await s.proxy.close();
    expect(alive(s.upstreamPid)).toBe(false);
    expect(readTraces(join(work.dir, 'traces')).map((t) => t.verdict).sort()).toEqual(['allow', 'allow', 'block']);
  });
});

describe('the upstream dying', () => {
  it('ends the proxy saying how: the call in flight gets a JSON-RPC error, and no later call is taken', async () => {
    const s = await start();
    s.client.call(1, 'wait', { ms: 60_000 });
    await until(() => upstreamCalls(work.callLog).includes('wait'));
    process.kill(s.upstreamPid, 'SIGKILL');
    expect(await s.proxy.closed).toEqual({ cause: 'upstream', exit: { code: null, signal: 'SIGKILL' } });
    expect(s.client.find(1)).toMatchObject({ error: { code: -32603, message: 'upstream connection closed' } });
    // Not judged, not logged as forwarded, not answered: the proxy is on its way out.
    s.client.call(2, 'echo', { text: 'late' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.client.find(2)).toBeUndefined();
    expect(s.decisions.map((d) => [d.tool, d.forwarded])).toEqual([['wait', true]]);
    await s.proxy.close();
    expect(readTraces(join(work.dir, 'traces'))).toHaveLength(1);
  });

  it('gives the exit code of an upstream that exits by itself', async () => {
    const s = await start();
    s.client.call(1, 'exit', { code: 3 });
    expect(await s.proxy.closed).toEqual({ cause: 'upstream', exit: { code: 3, signal: null } });
    expect(s.client.find(1)).toMatchObject({ error: { code: -32603 } });
  });
});
