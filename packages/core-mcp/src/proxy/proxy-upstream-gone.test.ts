/**
 * Decision events when the upstream is gone: a proxy serving Streamable HTTP in front of a real
 * stdio child keeps taking calls after the child has exited (until its owner closes it). Those
 * calls get the lane's connection error, and their events must not say they were forwarded.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY, readTraces, scratch, upstreamCalls, waitServer } from '../../test/support.js';
import { type RunningProxy, startProxy } from './start-proxy.js';
import type { DecisionEvent } from './tool-forwarder.js';

let work: ReturnType<typeof scratch>;
let proxy: RunningProxy | undefined;
let client: Client | undefined;

beforeEach(() => {
  work = scratch(POLICY.replace('tool_names: [echo]', 'tool_names: [echo, exit]'));
});
afterEach(async () => {
  await client?.close().catch(() => undefined);
  await proxy?.close().catch(() => undefined);
  client = undefined;
  proxy = undefined;
  rmSync(work.dir, { recursive: true, force: true });
});

/** A tools/call's JSON-RPC outcome, as the client sees it: the result, or the error's code and message. */
async function call(name: string, args: Record<string, unknown>): Promise<unknown> {
  try {
    return { result: await client!.callTool({ name, arguments: args }) };
  } catch (error) {
    const { code, message } = error as { code: number; message: string };
    return { error: { code, message } };
  }
}

describe.each(['sync', 'async'] as const)('an upstream that has exited (%s trace mode)', (traceMode) => {
  it('answers later calls with a connection error and tells their decisions as not forwarded', async () => {
    const decisions: DecisionEvent[] = [];
    proxy = await startProxy({
      policyPath: work.policyPath,
      cwd: work.dir,
      traceDir: join(work.dir, 'traces'),
      traceMode,
      upstream: { kind: 'stdio', command: process.execPath, args: [waitServer], env: { CALL_LOG: work.callLog } },
      downstream: { kind: 'http', listen: { host: '127.0.0.1', port: 0 } },
      onDecision: (d) => decisions.push(d),
    });
    client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxy.url!)));

    expect(await call('echo', { text: 'before' })).toEqual({ result: { content: [{ type: 'text', text: 'echo:before' }] } });
    // The upstream reads this call and exits: it was forwarded, and never answered.
    expect(await call('exit', { code: 3 })).toEqual({ error: { code: -32603, message: expect.stringContaining('upstream connection closed') } });
    expect(await proxy.closed).toEqual({ cause: 'upstream', exit: { code: 3, signal: null } });

    // The HTTP front still takes calls until the owner closes the proxy; the upstream is gone.
    expect(await call('echo', { text: 'after' })).toEqual({ error: { code: -32603, message: expect.stringContaining('upstream connection closed') } });
    const refused = await call('deploy', { env: 'prod' });
    expect(refused).toMatchObject({ result: { isError: true, structuredContent: { verdict: 'require_approval' } } });

    expect(decisions.map((d) => [d.tool, d.verdict, d.forwarded])).toEqual([
      ['echo', 'allow', true],
      ['exit', 'allow', true],
      ['echo', 'allow', false],
      ['deploy', 'require_approval', false],
    ]);
    expect(upstreamCalls(work.callLog)).toEqual(['echo', 'exit']);
    // Every decision has its trace, the call that could not go included.
    await proxy.close();
    expect(readTraces(join(work.dir, 'traces')).map((t) => t.tool_name).sort()).toEqual(['deploy', 'echo', 'echo', 'exit']);
  });
});
