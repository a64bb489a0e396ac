#!/usr/bin/env node
// Gait + LangChain.js: agent middleware (wrapToolCall) gates every tool call of a createAgent
// agent; a refused call comes back to the model as an error ToolMessage. The model here is
// LangChain's offline fakeModel.
import { createGate } from '@gait/sdk';
import { gaitMiddleware } from '@gait/sdk/langchain';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { z } from 'zod';
import { FILE_TOOLS, POLICY_PATH, SCENARIOS, isMain, outDirFor, runCli, scenarioRecorder } from '../scenarios.mjs';

export async function runScenario(scenario, { outDir = outDirFor('langchain') } = {}) {
  // Dev key mode, as the reference quickstarts: traces are signed with a throwaway key.
  const gate = createGate({ policy: POLICY_PATH, outDir, traces: true });
  const recorder = scenarioRecorder('langchain', scenario);
  const file = z.object({ path: z.string() });
  const schemas = { read_file: file, delete_file: file, write_file: file.extend({ content: z.string() }) };
  const tools = Object.entries(FILE_TOOLS).map(([name, { description }]) => tool(async (args) => recorder.runTool(name, args), { name, description, schema: schemas[name] }));
  const { toolName, args } = SCENARIOS[scenario];
  const model = fakeModel().respondWithTools([{ name: toolName, args, id: 'call_1' }]).respond(new AIMessage('done'));
  const agent = createAgent({ model, tools, middleware: [gaitMiddleware(gate, { onDecision: recorder.onDecision })] });
  await agent.invoke({ messages: [{ role: 'user', content: 'Tidy up my notes.' }] });

  // What the model read back for the call: the tool's output or the refusal.
  return recorder.report(model.calls[1]?.messages.find((m) => ToolMessage.isInstance(m))?.content);
}

if (isMain(import.meta)) await runCli(runScenario);
