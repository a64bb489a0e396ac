/**
 * The client-facing MCP server of the forwarding proxy. It presents the upstream's tools, gates
 * every `tools/call` before it is forwarded, and answers anything but `allow` with a tool error
 * that carries the verdict and reason codes: the upstream never sees such a call. Prompts and
 * resources, when the upstream has them, pass through unchanged (they run no tool).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  type CallToolResult,
  CallToolRequestSchema,
  CallToolResultSchema,
  GetPromptRequestSchema,
  GetPromptResultSchema,
  ListPromptsRequestSchema,
  ListPromptsResultSchema,
  ListResourceTemplatesRequestSchema,
  ListResourceTemplatesResultSchema,
  ListResourcesRequestSchema,
  ListResourcesResultSchema,
  ListToolsRequestSchema,
  ListToolsResultSchema,
  ReadResourceRequestSchema,
  ReadResourceResultSchema,
  type ServerCapabilities,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallGate, GateCheck } from './call-gate.js';

export interface GatedServerOptions {
  upstream: Client;
  gate: CallGate;
  /** Leave out of `tools/list` the tools the policy can never allow. */
  hideBlockedTools?: boolean;
  /** Called after each gated call (logging, metrics). */
  onDecision?: (event: DecisionEvent) => void;
  name?: string;
  version?: string;
}

export interface DecisionEvent {
  tool: string;
  target: string;
  verdict: string;
  reasonCodes: string[];
  traceId: string;
  tracePath: string;
  forwarded: boolean;
}

/** Namespaced keys in `_meta` of a refused call's result, for clients that read them. */
export const META_VERDICT = 'gait/verdict';
export const META_REASON_CODES = 'gait/reason_codes';
export const META_TRACE_ID = 'gait/trace_id';

export function createGatedServer(options: GatedServerOptions): Server {
  const { upstream, gate } = options;
  const upstreamCaps: ServerCapabilities = upstream.getServerCapabilities() ?? {};
  const capabilities: ServerCapabilities = { tools: { listChanged: true } };
  if (upstreamCaps.prompts) capabilities.prompts = {};
  if (upstreamCaps.resources) capabilities.resources = {};
  const server = new Server(
    { name: options.name ?? 'gait-mcp-proxy', version: options.version ?? '0.0.0-dev' },
    { capabilities, ...(upstream.getInstructions() ? { instructions: upstream.getInstructions()! } : {}) },
  );
  const annotations = new Map<string, Tool['annotations']>();

  server.setRequestHandler(ListToolsRequestSchema, async (request) => {
    const listed = await upstream.request({ method: 'tools/list', params: request.params ?? {} }, ListToolsResultSchema);
    for (const tool of listed.tools) annotations.set(tool.name, tool.annotations);
    if (!options.hideBlockedTools) return listed;
    return { ...listed, tools: listed.tools.filter((tool) => gate.canEverAllow(tool.name)) };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    let check: GateCheck;
    try {
      const toolAnnotations = annotations.get(name);
      check = await gate.check({
        name,
        args,
        ...(extra.sessionId ? { sessionId: extra.sessionId } : {}),
        ...(toolAnnotations ? { annotations: toolAnnotations } : {}),
      });
    } catch (error) {
      // Fail closed: a call the gate could not judge is not forwarded.
      return refusal('block', ['gate_evaluation_error'], '', `gait: call not evaluated: ${(error as Error).message}`);
    }
    const { decision } = check;
    const forwarded = decision.verdict === 'allow';
    options.onDecision?.({
      tool: name,
      target: check.target,
      verdict: decision.verdict,
      reasonCodes: decision.reasonCodes,
      traceId: decision.traceId,
      tracePath: check.tracePath,
      forwarded,
    });
    if (!forwarded) {
      const reasons = decision.reasonCodes.length > 0 ? decision.reasonCodes.join(',') : 'none';
      const subject = check.via.length > 0 ? `${name} -> ${check.target}` : name;
      return refusal(
        decision.verdict,
        decision.reasonCodes,
        decision.traceId,
        `gait: tool call ${subject} not executed: verdict=${decision.verdict} reason_codes=${reasons} trace_id=${decision.traceId}`,
      );
    }
    const [result] = await Promise.all([
      upstream.request({ method: 'tools/call', params: request.params }, CallToolResultSchema, { signal: extra.signal }),
      check.written,
    ]);
    return result;
  });

  if (upstreamCaps.prompts) {
    server.setRequestHandler(ListPromptsRequestSchema, (r) => upstream.request({ method: 'prompts/list', params: r.params ?? {} }, ListPromptsResultSchema));
    server.setRequestHandler(GetPromptRequestSchema, (r) => upstream.request({ method: 'prompts/get', params: r.params }, GetPromptResultSchema));
  }
  if (upstreamCaps.resources) {
    server.setRequestHandler(ListResourcesRequestSchema, (r) => upstream.request({ method: 'resources/list', params: r.params ?? {} }, ListResourcesResultSchema));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, (r) =>
      upstream.request({ method: 'resources/templates/list', params: r.params ?? {} }, ListResourceTemplatesResultSchema),
    );
    server.setRequestHandler(ReadResourceRequestSchema, (r) => upstream.request({ method: 'resources/read', params: r.params }, ReadResourceResultSchema));
  }
  return server;
}

function refusal(verdict: string, reasonCodes: string[], traceId: string, text: string): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text }],
    structuredContent: { verdict, reason_codes: reasonCodes, trace_id: traceId, executed: false },
    _meta: { [META_VERDICT]: verdict, [META_REASON_CODES]: reasonCodes, [META_TRACE_ID]: traceId },
  };
}
