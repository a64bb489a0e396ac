/**
 * The client-facing MCP server of the forwarding proxy. It presents the upstream's tools, gates
 * every `tools/call` before it is forwarded, and answers anything but `allow` with a tool error
 * that carries the verdict and reason codes: the upstream never sees such a call. Prompts and
 * resources, when the upstream has them, pass through unchanged (they run no tool).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  GetPromptResultSchema,
  type JSONRPCMessage,
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
} from '@modelcontextprotocol/sdk/types.js';
import type { CallGate } from './call-gate.js';
import { CallCancel } from './cancel-signal.js';
import { plainToolCall } from './plain-tool-call.js';
import { passLaneAnswers } from './stdio-lane.js';
import { JsonLineTransport } from './stdio-lines.js';
import { type DecisionEvent, ToolForwarder, type ToolCallParams, cancelledRequestId, responseFor, toolCallRequest } from './tool-forwarder.js';
import { type UpstreamLane, transportLane } from './upstream-lane.js';

export { type DecisionEvent, META_REASON_CODES, META_TRACE_ID, META_VERDICT } from './tool-forwarder.js';

export interface GatedServerOptions {
  upstream: Client;
  gate: CallGate;
  /** Leave out of `tools/list` the tools the policy can never allow. */
  hideBlockedTools?: boolean;
  /** Called after each gated call (logging, metrics). */
  onDecision?: (event: DecisionEvent) => void;
  name?: string;
  version?: string;
  /** The gated call path shared by every session of one proxy (made from `upstream` if absent). */
  forwarder?: ToolForwarder;
}

/** One lane per upstream `Client`: the lane wraps the client's transport, which must happen once. */
const lanes = new WeakMap<Client, UpstreamLane>();

export function laneFor(upstream: Client): UpstreamLane {
  let lane = lanes.get(upstream);
  if (!lane) {
    const transport = upstream.transport;
    if (!transport) throw new Error('upstream MCP client is not connected');
    lane = transportLane(transport);
    if (transport instanceof JsonLineTransport) passLaneAnswers(transport);
    lanes.set(upstream, lane);
  }
  return lane;
}

export function createGatedServer(options: GatedServerOptions): Server {
  const { upstream } = options;
  const forwarder = options.forwarder ?? new ToolForwarder(options.gate, laneFor(upstream), options.onDecision);
  const gate = forwarder.gate;
  const upstreamCaps: ServerCapabilities = upstream.getServerCapabilities() ?? {};
  const capabilities: ServerCapabilities = { tools: { listChanged: true } };
  if (upstreamCaps.prompts) capabilities.prompts = {};
  if (upstreamCaps.resources) capabilities.resources = {};
  const server = new Server(
    { name: options.name ?? 'gait-mcp-proxy', version: options.version ?? '0.0.0-dev' },
    { capabilities, ...(upstream.getInstructions() ? { instructions: upstream.getInstructions()! } : {}) },
  );

  server.setRequestHandler(ListToolsRequestSchema, async (request) => {
    const listed = await upstream.request({ method: 'tools/list', params: request.params ?? {} }, ListToolsResultSchema);
    forwarder.rememberTools(listed.tools);
    if (!options.hideBlockedTools) return listed;
    return { ...listed, tools: listed.tools.filter((tool) => gate.canEverAllow(tool.name)) };
  });

  // Calls the fast paths do not take (odd shapes) still end in the same forwarder.
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const outcome = await forwarder.call(request.params as ToolCallParams, {
      ...(extra.sessionId ? { sessionId: extra.sessionId } : {}),
      signal: extra.signal,
    });
    if ('error' in outcome) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code, data: outcome.error.data });
    return outcome.result as never;
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

/**
 * Takes `tools/call` requests off a connected server transport before the SDK server parses them,
 * and answers them from the forwarder; everything else goes on to the server. A
 * `notifications/cancelled` for a call taken here aborts it (and still reaches the server). On a
 * line transport (stdio), plain calls are taken from its tap, as parsed: `plainToolCall` admits
 * only what the schema pass would let through unchanged, so they skip that pass; the rest are
 * validated by the transport and, if they are calls, taken after it.
 */
export function interceptToolCalls(transport: Transport, forwarder: ToolForwarder): void {
  const onmessage = transport.onmessage;
  const inFlight = new Map<string | number, CallCancel>();
  const take = (call: { id: string | number; params: ToolCallParams }) => {
    const cancel = new CallCancel();
    inFlight.set(call.id, cancel);
    const context = { ...(transport.sessionId ? { sessionId: transport.sessionId } : {}), signal: cancel };
    void forwarder.call(call.params, context).then((outcome) => {
      inFlight.delete(call.id);
      // A cancelled request gets no answer, as the SDK's protocol layer does it.
      if (!cancel.aborted) transport.send(responseFor(call.id, outcome) as JSONRPCMessage).catch((error: Error) => transport.onerror?.(error));
    });
  };
  transport.onmessage = (message, extra) => {
    const call = toolCallRequest(message);
    if (call) return take(call);
    const cancelled = cancelledRequestId(message);
    if (cancelled !== undefined) inFlight.get(cancelled)?.abort('cancelled by the client');
    onmessage?.call(transport, message, extra);
  };
  if (transport instanceof JsonLineTransport) {
    transport.tap = (message) => {
      const call = plainToolCall(message);
      if (call) take(call);
      return call !== undefined;
    };
  }
}
