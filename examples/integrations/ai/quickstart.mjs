#!/usr/bin/env node
// Gait + Vercel AI SDK: every tool call of a generateText agent loop goes through the policy gate.
// The model here is the AI SDK's own offline mock; swap in any real model and nothing else changes.
import { createGate } from '@gait/sdk';
import { gaitTools } from '@gait/sdk/ai';
import { generateText, stepCountIs, tool } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { z } from 'zod';
import { FILE_TOOLS, POLICY_PATH, SCENARIOS, isMain, outDirFor, runCli, scenarioRecorder } from '../scenarios.mjs';

const usage = { inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 0, text: 0, reasoning: 0 } };

/** A model that asks for one tool call, then answers. */
function scriptedModel({ toolName, args }) {
  return new MockLanguageModelV3({
    doGenerate: [
      { content: [{ type: 'tool-call', toolCallId: 'call_1', toolName, input: JSON.stringify(args) }], finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage, warnings: [] },
      { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] },
    ],
  });
}

export async function runScenario(scenario, { outDir = outDirFor('ai') } = {}) {
  // Dev key mode, as the reference quickstarts: traces are signed with a throwaway key.
  const gate = createGate({ policy: POLICY_PATH, outDir, traces: true });
  const recorder = scenarioRecorder('ai', scenario);
  const file = z.object({ path: z.string() });
  const schemas = { read_file: file, delete_file: file, write_file: file.extend({ content: z.string() }) };
  const tools = Object.fromEntries(
    Object.entries(FILE_TOOLS).map(([name, { description }]) => [
      name,
      tool({ description, inputSchema: schemas[name], execute: async (args) => recorder.runTool(name, args) }),
    ]),
  );
  const model = scriptedModel(SCENARIOS[scenario]);
  const result = await generateText({ model, tools: gaitTools(gate, tools, { onDecision: recorder.onDecision }), prompt: 'Tidy up my notes.', stopWhen: stepCountIs(3) });

  // What came back for the call: the tool's output, the refusal the model read, or an approval request.
  const approval = result.content.find((part) => part.type === 'tool-approval-request');
  const toolMessage = model.doGenerateCalls[1]?.prompt.find((m) => m.role === 'tool');
  return recorder.report(approval ? `approval requested for ${approval.toolCall.toolName}` : toolMessage?.content[0]?.output?.value);
}

if (isMain(import.meta)) await runCli(runScenario);
