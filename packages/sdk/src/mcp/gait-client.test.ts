import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adapterGate, approvalFor, decisionFor, signedTraceOf } from '../adapter/test-fixtures.js';
import type { GateDecision } from '../types.js';
import { gaitMcpClient } from './index.js';

/** A real MCP server in-process, counting the tools/call requests that reach each tool. */
async function connectedClient() {
  const served: Record<string, number> = {};
  const server = new McpServer({ name: 'files', version: '1.0.0' });
  for (const name of ['read_file', 'delete_file', 'write_file']) {
    server.registerTool(name, { inputSchema: { path: z.string() } }, async ({ path }) => {
      served[name] = (served[name] ?? 0) + 1;
      return { content: [{ type: 'text', text: `${name} ${path}` }] };
    });
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'agent', version: '1.0.0' });
  await client.connect(clientTransport);
  return { client, served, close: () => client.close() };
}

describe('@gait/sdk/mcp: gaitMcpClient', () => {
  it('sends allowed calls, stops blocked ones before the request leaves, and signs both traces', async () => {
    const { gate } = adapterGate('mcp');
    const { client, served, close } = await connectedClient();
    const decisions: GateDecision[] = [];
    const gated = gaitMcpClient(client, gate, { onDecision: (d) => decisions.push(d) });
    // Inside a session's run, the client records every call in it.
    const session = gate.session('run_mcp_adapter');

    const allowed = await session.run(() => gated.callTool({ name: 'read_file', arguments: { path: '/tmp/a.txt' } }));
    expect(allowed.content).toEqual([{ type: 'text', text: 'read_file /tmp/a.txt' }]);
    const refused = await session.run(() => gated.callTool({ name: 'delete_file', arguments: { path: '/tmp/a.txt' } })).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'GaitBlockedError', verdict: 'block', reasonCodes: ['destructive_tool_blocked'], exitCode: 3 });
    expect((refused as Error).message).toBe('Tool call delete_file was blocked by policy (destructive_tool_blocked); it was not executed.');

    expect(served).toEqual({ read_file: 1 });
    expect(decisions.map((d) => [d.intent.tool_name, d.verdict])).toEqual([
      ['read_file', 'allow'],
      ['delete_file', 'block'],
    ]);
    for (const decision of decisions) expect(signedTraceOf(decision)).toMatchObject({ ok: true, verdict: decision.verdict });
    expect(session.attempts.map((a) => [a.toolName, a.executed, a.status])).toEqual([
      ['read_file', true, 'ok'],
      ['delete_file', false, 'block'],
    ]);
    // The rest of the client passes through to the real one.
    expect((await gated.listTools()).tools.map((t) => t.name).sort()).toEqual(['delete_file', 'read_file', 'write_file']);
    await close();
  });

  it("returns an MCP error result with onRefusal: 'result', and sends approved calls with a token", async () => {
    const { gate, decisions } = adapterGate('mcp-result');
    const { client, served, close } = await connectedClient();
    const asResult = gaitMcpClient(client, gate, { onRefusal: 'result' });

    const refused = await asResult.callTool({ name: 'write_file', arguments: { path: '/tmp/b.txt' } });
    expect(refused).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: expect.stringMatching(/^Tool call write_file requires approval/) }],
      _meta: { gait: { verdict: 'require_approval' } },
    });
    expect(served.write_file).toBeUndefined();

    const approving = gaitMcpClient(client, gate, { resolveApproval: ({ decision }) => approvalFor(decision) });
    const written = await approving.callTool({ name: 'write_file', arguments: { path: '/tmp/b.txt' } });
    expect(written.isError).toBeFalsy();
    expect(served.write_file).toBe(1);
    expect(decisionFor(decisions, 'write_file').map((d) => d.verdict)).toEqual(['require_approval', 'require_approval', 'allow']);
    await close();
  });

  it('fails closed when the gate throws: nothing reaches the server', async () => {
    const { client, served, close } = await connectedClient();
    const broken = { evaluate: async () => Promise.reject(new Error('policy engine down')) };
    const error = await gaitMcpClient(client, broken).callTool({ name: 'read_file', arguments: { path: '/x' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GaitGateFailureError', reasonCodes: ['gate_error'] });
    expect(served).toEqual({});
    await close();
  });
});
