import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import { ScriptedModel, assistantMessage, functionCall } from '@openai/agents/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adapterGate, approvalFor, decisionFor, signedTraceOf } from '../adapter/test-fixtures.js';
import { gaitInputGuardrail, gaitTool, gaitTools } from './index.js';

beforeAll(() => setTracingDisabled(true));

function fileTools(counter: Record<string, number>) {
  const bump = (name: string) => {
    counter[name] = (counter[name] ?? 0) + 1;
  };
  return [
    tool({ name: 'read_file', description: 'read a file', parameters: z.object({ path: z.string() }), execute: async ({ path }) => (bump('read_file'), `contents of ${path}`) }),
    tool({ name: 'delete_file', description: 'delete a file', parameters: z.object({ path: z.string() }), execute: async () => (bump('delete_file'), 'deleted') }),
    tool({ name: 'write_file', description: 'write a file', parameters: z.object({ path: z.string(), content: z.string() }), execute: async () => (bump('write_file'), 'written') }),
  ];
}

/** The function-call outputs the model was sent on a call, by call id. */
function outputsSeen(model: ScriptedModel, callIndex: number): Record<string, string> {
  const input = model.calls[callIndex]!.request.input;
  const out: Record<string, string> = {};
  for (const item of Array.isArray(input) ? input : []) {
    const i = item as { type?: string; callId?: string; output?: unknown };
    if (i.type !== 'function_call_result' || !i.callId) continue;
    const output = i.output as { type?: string; text?: string } | string;
    out[i.callId] = typeof output === 'string' ? output : (output.text ?? JSON.stringify(output));
  }
  return out;
}

describe('@gait/sdk/openai-agents: a Runner loop with the Gait guardrail', () => {
  it('runs the allowed tool, rejects the blocked one before execute, tells the model, and signs both traces', async () => {
    const { gate, decisions } = adapterGate('agents');
    const counter: Record<string, number> = {};
    const model = new ScriptedModel([
      [functionCall('read_file', { path: '/tmp/a.txt' }, { callId: 'c1' }), functionCall('delete_file', { path: '/tmp/a.txt' }, { callId: 'c2' })],
      [assistantMessage('done')],
    ]);
    const agent = new Agent({ name: 'files', model, tools: gaitTools(gate, fileTools(counter)) });

    const session = gate.session('run_agents_adapter');
    const result = await session.run(() => run(agent, 'tidy up'));

    expect(result.finalOutput).toBe('done');
    expect(counter).toEqual({ read_file: 1 });
    const seen = outputsSeen(model, 1);
    expect(seen.c1).toBe('contents of /tmp/a.txt');
    expect(seen.c2).toBe('Tool call delete_file was blocked by policy (destructive_tool_blocked); it was not executed.');
    // The runner may decide the two calls in either order.
    expect(decisions.map((d) => [d.intent.tool_name, d.verdict]).sort()).toEqual([
      ['delete_file', 'block'],
      ['read_file', 'allow'],
    ]);
    for (const decision of decisions) expect(signedTraceOf(decision)).toMatchObject({ ok: true, verdict: decision.verdict });
    expect(session.attempts.map((a) => [a.toolName, a.executed]).sort()).toEqual([
      ['delete_file', false],
      ['read_file', true],
    ]);
  });

  it('maps require_approval onto needsApproval: the run interrupts, and an approved call runs with a Gait token', async () => {
    const { gate, decisions } = adapterGate('agents-approval');
    const counter: Record<string, number> = {};
    const model = new ScriptedModel([[functionCall('write_file', { path: '/tmp/b.txt', content: 'hi' }, { callId: 'w1' })], [assistantMessage('written')]]);
    const tools = gaitTools(gate, fileTools(counter), { resolveApproval: ({ decision }) => approvalFor(decision) });
    const agent = new Agent({ name: 'files', model, tools });

    const first = await run(agent, 'write it');
    expect(first.interruptions).toHaveLength(1);
    expect(first.interruptions[0]!.name).toBe('write_file');
    expect(counter.write_file).toBeUndefined();

    first.state.approve(first.interruptions[0]!);
    const second = await run(agent, first.state);

    expect(second.finalOutput).toBe('written');
    expect(counter.write_file).toBe(1);
    const writes = decisionFor(decisions, 'write_file');
    expect(writes.map((d) => d.verdict)).toEqual(['require_approval', 'allow']);
    for (const decision of writes) expect(signedTraceOf(decision).ok).toBe(true);
  });

  it('refuses an approved call when no Gait token is supplied, deciding it once', async () => {
    const { gate, decisions } = adapterGate('agents-no-token');
    const counter: Record<string, number> = {};
    const model = new ScriptedModel([[functionCall('write_file', { path: '/tmp/c.txt', content: 'x' }, { callId: 'w2' })], [assistantMessage('gave up')]]);
    const agent = new Agent({ name: 'files', model, tools: gaitTools(gate, fileTools(counter)) });

    const first = await run(agent, 'write it');
    first.state.approve(first.interruptions[0]!);
    await run(agent, first.state);

    expect(counter.write_file).toBeUndefined();
    expect(outputsSeen(model, 1).w2).toBe('Tool call write_file requires approval before it can run (approval_token_missing, write_needs_approval); it was not executed.');
    expect(decisions.map((d) => d.verdict)).toEqual(['require_approval']);
  });

  it('works as a standalone guardrail, and fails closed when the gate throws', async () => {
    const counter: Record<string, number> = {};
    const broken = { evaluate: async () => Promise.reject(new Error('policy engine down')) };
    const [read] = fileTools(counter);
    const guarded = tool({
      name: 'read_file',
      description: 'read',
      parameters: z.object({ path: z.string() }),
      inputGuardrails: [gaitInputGuardrail(broken)],
      execute: async () => (counter.read_file = 1, 'read'),
    });
    const model = new ScriptedModel([[functionCall('read_file', { path: '/x' }, { callId: 'r1' })], [assistantMessage('ok')]]);
    await run(new Agent({ name: 'files', model, tools: [guarded] }), 'read');
    expect(counter.read_file).toBeUndefined();
    expect(outputsSeen(model, 1).r1).toMatch(/^Tool call read_file was blocked by policy \(gate_error\)/);

    // gaitTool keeps the tool's own guardrails after Gait's.
    const wrapped = gaitTool(broken, { ...read!, inputGuardrails: [gaitInputGuardrail(broken, { name: 'mine' })] });
    expect(wrapped.inputGuardrails?.map((g) => g.name)).toEqual(['gait', 'mine']);
  });
});
