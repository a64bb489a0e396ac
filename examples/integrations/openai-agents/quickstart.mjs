#!/usr/bin/env node
// Gait + OpenAI Agents JS: a tool input guardrail gates every call, and require_approval becomes
// the runner's own approval interruption. The model here is the SDK's offline ScriptedModel.
import { createGate } from '@gait/sdk';
import { gaitTools } from '@gait/sdk/openai-agents';
import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import { ScriptedModel, assistantMessage, functionCall } from '@openai/agents/testing';
import { z } from 'zod';
import { FILE_TOOLS, POLICY_PATH, SCENARIOS, isMain, outDirFor, runCli, scenarioRecorder } from '../scenarios.mjs';

setTracingDisabled(true); // offline: no export of the SDK's own tracing

export async function runScenario(scenario, { outDir = outDirFor('openai-agents') } = {}) {
  // Dev key mode, as the reference quickstarts: traces are signed with a throwaway key.
  const gate = createGate({ policy: POLICY_PATH, outDir, traces: true });
  const recorder = scenarioRecorder('openai-agents', scenario);
  const file = z.object({ path: z.string() });
  const schemas = { read_file: file, delete_file: file, write_file: file.extend({ content: z.string() }) };
  const tools = Object.entries(FILE_TOOLS).map(([name, { description }]) =>
    tool({ name, description, parameters: schemas[name], execute: async (args) => recorder.runTool(name, args) }),
  );
  const { toolName, args } = SCENARIOS[scenario];
  const model = new ScriptedModel([[functionCall(toolName, args, { callId: 'call_1' })], [assistantMessage('done')]]);
  const agent = new Agent({ name: 'notes', instructions: 'Tidy up notes.', model, tools: gaitTools(gate, tools, { onDecision: recorder.onDecision }) });
  const result = await run(agent, 'Tidy up my notes.');

  // What came back for the call: the tool's output, the refusal the model read, or an interruption.
  const sent = model.calls[1]?.request.input;
  const output = Array.isArray(sent) ? sent.find((item) => item.type === 'function_call_result')?.output : undefined;
  const interruption = result.interruptions?.[0];
  return recorder.report(interruption ? `approval requested for ${interruption.name}` : typeof output === 'string' ? output : output?.text);
}

if (isMain(import.meta)) await runCli(runScenario);
