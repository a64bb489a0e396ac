import { generateText, stepCountIs, tool, type ModelMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adapterGate, approvalFor, decisionFor, signedTraceOf } from '../adapter/test-fixtures.js';
import { gaitTool, gaitTools } from './index.js';

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

function toolCalls(...calls: Array<[id: string, name: string, input: Record<string, unknown>]>) {
  return {
    content: calls.map(([toolCallId, toolName, input]) => ({ type: 'tool-call' as const, toolCallId, toolName, input: JSON.stringify(input) })),
    finishReason: { unified: 'tool-calls' as const, raw: 'tool_calls' },
    usage,
    warnings: [],
  };
}

const finalText = { content: [{ type: 'text' as const, text: 'done' }], finishReason: { unified: 'stop' as const, raw: 'stop' }, usage, warnings: [] };

function fileTools(counter: Record<string, number>) {
  const bump = (name: string) => {
    counter[name] = (counter[name] ?? 0) + 1;
  };
  return {
    read_file: tool({ inputSchema: z.object({ path: z.string() }), execute: async ({ path }) => (bump('read_file'), `contents of ${path}`) }),
    delete_file: tool({ inputSchema: z.object({ path: z.string() }), execute: async () => (bump('delete_file'), 'deleted') }),
    write_file: tool({ inputSchema: z.object({ path: z.string(), content: z.string() }), execute: async () => (bump('write_file'), 'written') }),
  };
}

/** The tool results the model was shown on a given call, by tool name. */
function toolResultsSeen(prompt: ModelMessage[] | unknown[]): Record<string, { type: string; value?: unknown }> {
  const out: Record<string, { type: string; value?: unknown }> = {};
  for (const message of prompt as Array<{ role: string; content: unknown }>) {
    if (message.role !== 'tool' || !Array.isArray(message.content)) continue;
    for (const part of message.content as Array<{ type: string; toolName: string; output: { type: string; value?: unknown } }>) {
      if (part.type === 'tool-result') out[part.toolName] = part.output;
    }
  }
  return out;
}

/** A gated tool's needsApproval is always the adapter's function. */
function askApproval(t: { needsApproval?: unknown }, input: unknown, toolCallId: string): Promise<boolean> {
  return (t.needsApproval as (input: unknown, options: { toolCallId: string; messages: [] }) => Promise<boolean>)(input, { toolCallId, messages: [] });
}

describe('@gait/sdk/ai: gaitTools in a generateText agent loop', () => {
  it('runs the allowed tool, never executes the blocked one, tells the model, and signs both traces', async () => {
    const { gate, decisions } = adapterGate('ai');
    const counter: Record<string, number> = {};
    const model = new MockLanguageModelV3({
      doGenerate: [toolCalls(['c1', 'read_file', { path: '/tmp/a.txt' }], ['c2', 'delete_file', { path: '/tmp/a.txt' }]), finalText],
    });

    const session = gate.session('run_ai_adapter');
    const result = await session.run(() => generateText({ model, tools: gaitTools(gate, fileTools(counter)), prompt: 'tidy up', stopWhen: stepCountIs(3) }));

    expect(result.text).toBe('done');
    expect(counter).toEqual({ read_file: 1 });
    expect(model.doGenerateCalls).toHaveLength(2);
    const seen = toolResultsSeen(model.doGenerateCalls[1]!.prompt);
    expect(seen.read_file).toMatchObject({ type: 'text', value: 'contents of /tmp/a.txt' });
    expect(seen.delete_file?.type).toBe('error-text');
    expect(seen.delete_file?.value).toBe('Tool call delete_file was blocked by policy (destructive_tool_blocked); it was not executed.');

    // One decision per call (needsApproval's decision is reused by execute), each with a signed trace.
    expect(decisions.map((d) => [d.intent.tool_name, d.verdict])).toEqual([
      ['read_file', 'allow'],
      ['delete_file', 'block'],
    ]);
    for (const decision of decisions) expect(signedTraceOf(decision)).toMatchObject({ ok: true, verdict: decision.verdict });
    // The run's session recorded what ran and what did not; its runpack verifies on close.
    // Recorded as each call ends; the two calls run in parallel.
    expect(session.attempts.map((a) => [a.toolName, a.executed, a.status]).sort()).toEqual([
      ['delete_file', false, 'block'],
      ['read_file', true, 'ok'],
    ]);
    expect((await session.close()).path).toMatch(/runpack_run_ai_adapter\.zip$/);
  });

  it('maps require_approval onto needsApproval and runs the call only with a Gait approval token', async () => {
    const { gate, decisions } = adapterGate('ai-approval');
    const counter: Record<string, number> = {};
    const requests: string[] = [];
    const tools = gaitTools(gate, fileTools(counter), {
      resolveApproval: ({ call, decision }) => (requests.push(call.toolName), approvalFor(decision)),
    });
    const model = new MockLanguageModelV3({
      doGenerate: [toolCalls(['w1', 'write_file', { path: '/tmp/b.txt', content: 'hi' }]), finalText],
    });

    const first = await generateText({ model, tools, prompt: 'write it', stopWhen: stepCountIs(3) });
    const approvalRequest = first.content.find((part) => part.type === 'tool-approval-request');
    expect(approvalRequest).toMatchObject({ toolCall: { toolName: 'write_file', toolCallId: 'w1' } });
    expect(counter.write_file).toBeUndefined();

    // The runtime's approval UI says yes; the AI SDK resumes and executes the approved call.
    const messages: ModelMessage[] = [
      { role: 'user', content: 'write it' },
      ...first.response.messages,
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: approvalRequest!.approvalId, approved: true }] },
    ];
    const second = await generateText({ model, tools, messages, stopWhen: stepCountIs(3) });

    expect(second.text).toBe('done');
    expect(counter.write_file).toBe(1);
    expect(requests).toEqual(['write_file']);
    const writes = decisionFor(decisions, 'write_file');
    expect(writes.map((d) => d.verdict)).toEqual(['require_approval', 'allow']);
    expect(writes[1]!.reasonCodes).toContain('approval_granted');
    for (const decision of writes) expect(signedTraceOf(decision).ok).toBe(true);
  });

  it('refuses an approved require_approval call when no Gait token is supplied', async () => {
    const { gate } = adapterGate('ai-no-token');
    const counter: Record<string, number> = {};
    const writeTool = gaitTool(gate, 'write_file', fileTools(counter).write_file);
    const error = await Promise.resolve(writeTool.execute!({ path: '/tmp/c.txt', content: 'x' }, { toolCallId: 'w2', messages: [] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GaitApprovalRequiredError', verdict: 'require_approval', reasonCodes: ['approval_token_missing', 'write_needs_approval'] });
    expect((error as Error).message).toBe('Tool call write_file requires approval before it can run (approval_token_missing, write_needs_approval); it was not executed.');
    expect(counter.write_file).toBeUndefined();
  });

  it('fails closed when the gate throws: the tool does not run and the error names the failure', async () => {
    const counter: Record<string, number> = {};
    const broken = { evaluate: async () => Promise.reject(Object.assign(new Error('policy engine down'), { code: 'engine_down' })) };
    const readTool = gaitTool(broken, 'read_file', fileTools(counter).read_file);
    expect(await askApproval(readTool, { path: '/x' }, 'r9')).toBe(false);
    const error = await Promise.resolve(readTool.execute!({ path: '/x' }, { toolCallId: 'r9', messages: [] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GaitGateFailureError', verdict: 'block', reasonCodes: ['gate_error'] });
    expect((error as Error & { cause: Error }).cause.message).toBe('policy engine down');
    expect(counter.read_file).toBeUndefined();
  });

  it('keeps a tool of its own needsApproval when the gate allows, and gates streaming tools', async () => {
    const { gate } = adapterGate('ai-stream');
    const streamed = tool({
      inputSchema: z.object({ path: z.string() }),
      needsApproval: true,
      async *execute({ path }) {
        yield `reading ${path}`;
        yield `read ${path}`;
      },
    });
    const gated = gaitTool(gate, 'read_file', streamed);
    expect(await askApproval(gated, { path: '/s' }, 's1')).toBe(true);
    const chunks: unknown[] = [];
    for await (const chunk of gated.execute!({ path: '/s' }, { toolCallId: 's1', messages: [] }) as AsyncIterable<unknown>) chunks.push(chunk);
    expect(chunks).toEqual(['reading /s', 'read /s']);

    const blocked = gaitTool(gate, 'delete_file', streamed);
    const iterator = (blocked.execute!({ path: '/s' }, { toolCallId: 's2', messages: [] }) as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ name: 'GaitBlockedError' });
  });

  it('rejects a tool without execute', () => {
    const { gate } = adapterGate('ai-invalid');
    const clientSide = tool({ inputSchema: z.object({}) });
    expect(() => gaitTool(gate, 'ask_user', clientSide)).toThrow(/has no execute function/);
  });
});
