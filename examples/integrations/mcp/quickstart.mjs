#!/usr/bin/env node
// Gait + MCP: a gated Client decides each callTool before the request leaves, so a refused call
// never reaches the server. The server here is a real McpServer, connected in-process.
import { createGate } from '@gait/sdk';
import { gaitMcpClient } from '@gait/sdk/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { FILE_TOOLS, POLICY_PATH, SCENARIOS, isMain, outDirFor, runCli, scenarioRecorder } from '../scenarios.mjs';

/** A files server: its tools run only when a request reaches it. */
function filesServer(recorder) {
  const server = new McpServer({ name: 'files', version: '1.0.0' });
  for (const [name, { description }] of Object.entries(FILE_TOOLS)) {
    server.registerTool(name, { description, inputSchema: { path: z.string(), content: z.string().optional() } }, async (args) => ({
      content: [{ type: 'text', text: recorder.runTool(name, args) }],
    }));
  }
  return server;
}

export async function runScenario(scenario, { outDir = outDirFor('mcp') } = {}) {
  // Dev key mode, as the reference quickstarts: traces are signed with a throwaway key.
  const gate = createGate({ policy: POLICY_PATH, outDir, traces: true });
  const recorder = scenarioRecorder('mcp', scenario);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await filesServer(recorder).connect(serverTransport);
  const client = new Client({ name: 'quickstart', version: '1.0.0' });
  await client.connect(clientTransport);

  // onRefusal 'result': a refused call resolves to an MCP error result, as a model would read it.
  const gated = gaitMcpClient(client, gate, { onRefusal: 'result', onDecision: recorder.onDecision });
  const { toolName, args } = SCENARIOS[scenario];
  const result = await gated.callTool({ name: toolName, arguments: args });
  await client.close();
  return recorder.report(result.content[0]?.text);
}

if (isMain(import.meta)) await runCli(runScenario);
