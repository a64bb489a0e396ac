import { tool } from '@langchain/core/tools';
import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adapterGate, approvalFor, decisionFor, signedTraceOf } from '../adapter/test-fixtures.js';
import { gaitMiddleware, type GaitApprovalInterrupt } from './index.js';

function fileTools(counter: Record<string, number>) {
  const bump = (name: string) => {
    counter[name] = (counter[name] ?? 0) + 1;
  };
  return [
    tool(async ({ path }) => (bump('read_file'), `contents of ${path}`), { name: 'read_file', description: 'read a file', schema: z.object({ path: z.string() }) }),
    tool(async () => (bump('delete_file'), 'deleted'), { name: 'delete_file', description: 'delete a file', schema: z.object({ path: z.string() }) }),
    tool(async () => (bump('write_file'), 'written'), { name: 'write_file', description: 'write a file', schema: z.object({ path: z.string(), content: z.string() }) }),
  ];
}

/** Tool messages the model was sent on a call, by tool call id. */
function toolMessagesSeen(messages: BaseMessage[]): Record<string, ToolMessage> {
  const out: Record<string, ToolMessage> = {};
  for (const m of messages) if (ToolMessage.isInstance(m)) out[m.tool_call_id] = m;
  return out;
}

describe('@gait/sdk/langchain: gaitMiddleware in a createAgent loop', () => {
  it('runs the allowed tool, answers the blocked one with an error ToolMessage, and signs both traces', async () => {
    const { gate, decisions } = adapterGate('langchain');
    const counter: Record<string, number> = {};
    const model = fakeModel()
      .respondWithTools([
        { name: 'read_file', args: { path: '/tmp/a.txt' }, id: 'c1' },
        { name: 'delete_file', args: { path: '/tmp/a.txt' }, id: 'c2' },
      ])
      .respond(new AIMessage('done'));
    const agent = createAgent({ model, tools: fileTools(counter), middleware: [gaitMiddleware(gate)] });

    const session = gate.session('run_langchain_adapter');
    const result = await session.run(() => agent.invoke({ messages: [{ role: 'user', content: 'tidy up' }] }));

    expect(result.messages.at(-1)?.content).toBe('done');
    expect(counter).toEqual({ read_file: 1 });
    expect(model.calls).toHaveLength(2);
    const seen = toolMessagesSeen(model.calls[1]!.messages);
    expect(seen.c1?.content).toBe('contents of /tmp/a.txt');
    expect(seen.c2).toMatchObject({ status: 'error', content: 'Tool call delete_file was blocked by policy (destructive_tool_blocked); it was not executed.' });
    expect(seen.c2?.artifact).toMatchObject({ gait: { verdict: 'block', reasonCodes: ['destructive_tool_blocked'] } });
    expect(decisions.map((d) => [d.intent.tool_name, d.verdict]).sort()).toEqual([
      ['delete_file', 'block'],
      ['read_file', 'allow'],
    ]);
    for (const decision of decisions) expect(signedTraceOf(decision)).toMatchObject({ ok: true, verdict: decision.verdict });
    expect(session.attempts.map((a) => [a.toolName, a.executed, a.status]).sort()).toEqual([
      ['delete_file', false, 'block'],
      ['read_file', true, 'ok'],
    ]);
  });

  it('refuses require_approval by default, and runs it with a token from resolveApproval', async () => {
    const counter: Record<string, number> = {};
    const script = () =>
      fakeModel()
        .respondWithTools([{ name: 'write_file', args: { path: '/tmp/b.txt', content: 'hi' }, id: 'w1' }])
        .respond(new AIMessage('ok'));

    const refused = adapterGate('langchain-refuse');
    const refusedModel = script();
    await createAgent({ model: refusedModel, tools: fileTools(counter), middleware: [gaitMiddleware(refused.gate)] }).invoke({ messages: [{ role: 'user', content: 'write' }] });
    expect(counter.write_file).toBeUndefined();
    expect(toolMessagesSeen(refusedModel.calls[1]!.messages).w1?.content).toMatch(/^Tool call write_file requires approval before it can run/);

    const approved = adapterGate('langchain-token');
    const middleware = gaitMiddleware(approved.gate, { resolveApproval: ({ decision }) => approvalFor(decision) });
    await createAgent({ model: script(), tools: fileTools(counter), middleware: [middleware] }).invoke({ messages: [{ role: 'user', content: 'write' }] });
    expect(counter.write_file).toBe(1);
    expect(decisionFor(approved.decisions, 'write_file').map((d) => d.verdict)).toEqual(['require_approval', 'allow']);
  });

  it("with approval: 'interrupt' pauses the graph and resumes with the approval token", async () => {
    const { gate, decisions } = adapterGate('langchain-interrupt');
    const counter: Record<string, number> = {};
    const model = fakeModel()
      .respondWithTools([{ name: 'write_file', args: { path: '/tmp/c.txt', content: 'x' }, id: 'w2' }])
      .respond(new AIMessage('written'));
    const agent = createAgent({ model, tools: fileTools(counter), middleware: [gaitMiddleware(gate, { approval: 'interrupt' })], checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: 'thread-1' } };

    const paused = await agent.invoke({ messages: [{ role: 'user', content: 'write' }] }, config);
    const request = (paused as { __interrupt__?: Array<{ value: GaitApprovalInterrupt }> }).__interrupt__?.[0]?.value;
    expect(request).toMatchObject({ type: 'gait.approval_request', toolName: 'write_file', callId: 'w2', reasonCodes: ['approval_token_missing', 'write_needs_approval'] });
    expect(counter.write_file).toBeUndefined();

    const decision = decisionFor(decisions, 'write_file')[0]!;
    const resumed = await agent.invoke(new Command({ resume: { approvalToken: approvalFor(decision) } }), config);
    expect(resumed.messages.at(-1)?.content).toBe('written');
    expect(counter.write_file).toBe(1);
    expect(decisionFor(decisions, 'write_file').at(-1)?.verdict).toBe('allow');
    for (const d of decisions) expect(signedTraceOf(d).ok).toBe(true);
  });

  it('fails closed when the gate throws', async () => {
    const counter: Record<string, number> = {};
    const broken = { evaluate: async () => Promise.reject(new Error('policy engine down')) };
    const model = fakeModel().respondWithTools([{ name: 'read_file', args: { path: '/x' }, id: 'r1' }]).respond(new AIMessage('ok'));
    await createAgent({ model, tools: fileTools(counter), middleware: [gaitMiddleware(broken)] }).invoke({ messages: [{ role: 'user', content: 'read' }] });
    expect(counter.read_file).toBeUndefined();
    expect(toolMessagesSeen(model.calls[1]!.messages).r1).toMatchObject({ status: 'error', content: expect.stringMatching(/gate_error/) });
  });
});
