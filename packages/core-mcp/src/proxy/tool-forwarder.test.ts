import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { scratch } from '../../test/support.js';
import { CallGate } from './call-gate.js';
import { type DecisionEvent, ToolForwarder } from './tool-forwarder.js';
import type { RpcOutcome, UpstreamLane } from './upstream-lane.js';

/** A lane that records, in one log with the decision events, when a request went out (and says it did, as lanes do: after `request` returns). */
function recordingLane(log: string[]): UpstreamLane {
  return {
    request(method, params, _signal, onSent) {
      log.push(`sent ${method} ${(params as { name: string }).name}`);
      const answer = Promise.resolve<RpcOutcome>({ result: { content: [{ type: 'text', text: 'ok' }] } });
      if (onSent) void answer.then(() => onSent(true));
      return answer;
    },
  };
}

/** A lane whose upstream is gone: every request is answered with the connection error, and told as not sent. */
const closedLane: UpstreamLane = {
  request(_method, _params, _signal, onSent) {
    const answer = Promise.resolve<RpcOutcome>({ error: { code: -32603, message: 'upstream connection closed' } });
    if (onSent) void answer.then(() => onSent(false));
    return answer;
  },
};

describe('ToolForwarder decision events', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function forwarder(log: string[], onDecision: (event: DecisionEvent) => void, lane = recordingLane(log), traceMode: 'sync' | 'async' = 'async'): ToolForwarder {
    const work = scratch();
    const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces', traceMode });
    cleanups.push(async () => {
      await gate.close();
      rmSync(work.dir, { recursive: true, force: true });
    });
    return new ToolForwarder(gate, lane, onDecision);
  }

  it.each(['sync', 'async'] as const)('tells an allowed call the lane could not send as not forwarded (%s trace mode)', async (traceMode) => {
    const log: string[] = [];
    const fwd = forwarder(log, (event) => log.push(`decided ${event.tool} ${event.verdict} forwarded=${event.forwarded}`), closedLane, traceMode);
    expect(await fwd.call({ name: 'echo', arguments: { text: 'hi' } })).toEqual({ error: { code: -32603, message: 'upstream connection closed' } });
    expect(log).toEqual(['decided echo allow forwarded=false']);
  });

  it('tells of an allowed call once it has gone to the upstream, and of a refused one without sending it', async () => {
    const log: string[] = [];
    const fwd = forwarder(log, (event) => log.push(`decided ${event.tool} ${event.verdict} forwarded=${event.forwarded}`));
    expect(await fwd.call({ name: 'echo', arguments: { text: 'hi' } })).toEqual({ result: { content: [{ type: 'text', text: 'ok' }] } });
    const refused = await fwd.call({ name: 'deploy', arguments: {} });
    expect('result' in refused && refused.result.isError).toBe(true);
    expect(log).toEqual(['sent tools/call echo', 'decided echo allow forwarded=true', 'decided deploy require_approval forwarded=false']);
  });

  it('keeps the call as it is when the listener throws', async () => {
    const log: string[] = [];
    const fwd = forwarder(log, () => {
      throw new Error('listener broke');
    });
    expect(await fwd.call({ name: 'echo', arguments: { text: 'hi' } })).toEqual({ result: { content: [{ type: 'text', text: 'ok' }] } });
    const refused = await fwd.call({ name: 'other', arguments: {} });
    expect('result' in refused && refused.result.structuredContent).toMatchObject({ verdict: 'block', executed: false });
    expect(log).toEqual(['sent tools/call echo']);
  });

  it('never sends a call whose args cannot be digested, first or repeated, and stays open', async () => {
    const log: string[] = [];
    const fwd = forwarder(log, (event) => log.push(`decided ${event.tool} ${event.verdict}`));
    const bad = [
      JSON.parse('{"n":1e400}'),
      // Keys that clash once their lone surrogates are repaired: only canonicalizing finds it.
      JSON.parse('{"text":"x","\\ud800":1,"\\udbff":2}'),
      // Nesting that the canonical JSON's recursion would not survive.
      { text: JSON.parse(`${'['.repeat(3000)}${']'.repeat(3000)}`) },
    ].map((args) => ({ name: 'echo', arguments: args }));
    // Each bad call comes first (a shape not judged yet) and again after a good call (a known shape).
    const refuseAll = async () => {
      for (const params of bad) {
        const refused = await fwd.call(params);
        expect('result' in refused && refused.result.structuredContent).toMatchObject({ verdict: 'block', reason_codes: ['gate_evaluation_error'], executed: false });
      }
    };
    await refuseAll();
    await fwd.call({ name: 'echo', arguments: { text: 'hi' } });
    await refuseAll();
    // The gate is still open: a good call goes through.
    await fwd.call({ name: 'echo', arguments: { text: 'again' } });
    expect(log).toEqual(['sent tools/call echo', 'decided echo allow', 'sent tools/call echo', 'decided echo allow']);
  });
});
