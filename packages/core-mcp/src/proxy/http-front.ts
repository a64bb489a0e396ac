/**
 * The proxy's client-facing Streamable HTTP endpoint. Each MCP session gets its own gated server
 * and transport; every session shares the one upstream connection. Bodies are size-limited and
 * parsed here, so malformed JSON and oversized bodies get JSON-RPC errors before the SDK sees
 * them, and the number of requests in flight is bounded.
 *
 * A plain `tools/call` in a live session (the hot path) is answered here, as a JSON response,
 * straight from the forwarder: the SDK transport's conversion to web `Request`/`Response`
 * objects and its per-message schema parsing cost several times the gate itself. Any request
 * the fast path is not sure of goes to the SDK transport, which answers it as before.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server as McpServer } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { SUPPORTED_PROTOCOL_VERSIONS, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { CallCancel } from './cancel-signal.js';
import { plainToolCall } from './plain-tool-call.js';
import { type ToolCallParams, type ToolForwarder, cancelledRequestId, responseFor } from './tool-forwarder.js';
import { BodyTooLargeError, type ListenAddress, checkBearer, closeServer, createBoundedServer, listenOn, mediaType, readBody } from '../http/listen.js';

export interface HttpFrontOptions {
  listen: ListenAddress;
  /** URL path of the MCP endpoint; default `/mcp`. */
  path?: string;
  makeServer: () => McpServer;
  maxRequestBytes?: number;
  maxConcurrent?: number;
  bearerToken?: string;
  /** Takes plain `tools/call` requests on the fast path (see above). */
  forwarder?: ToolForwarder;
}

export interface HttpFront {
  /** `http://host:port/path` */
  url: string;
  sessions(): number;
  /** Sends `notifications/tools/list_changed` to every open session. */
  broadcastToolListChanged(): Promise<void>;
  close(): Promise<void>;
}

/** JSON-RPC error codes (the SDK's `ErrorCode` values). */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const SERVER_BUSY = -32000;

/** The SDK transport's own checks for a POST in a session, so the fast path refuses nothing it would take. */
function fastPathHeaders(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) return false;
  if (mediaType(req.headers['content-type']) !== 'application/json') return false;
  const version = req.headers['mcp-protocol-version'];
  return version === undefined || (typeof version === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(version));
}

/** Request ids `1` and `"1"` are different requests. */
const callKey = (sessionId: string, id: string | number) => `${sessionId}\n${typeof id}:${id}`;

function rpcError(res: ServerResponse, status: number, code: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

export async function startHttpFront(options: HttpFrontOptions): Promise<HttpFront> {
  const path = options.path ?? '/mcp';
  const limit = options.maxRequestBytes ?? 1_048_576;
  const maxConcurrent = options.maxConcurrent ?? 256;
  // The request target as clients send it is the path itself; only other forms need a URL parse.
  const onPath = (target: string) => target === path || target.startsWith(`${path}?`) || new URL(target, 'http://localhost').pathname === path;
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();
  /** Fast-path calls in flight, by session and request id, so a client's cancellation reaches them. */
  const inFlight = new Map<string, CallCancel>();

  async function fastToolCall(forwarder: ToolForwarder, sessionId: string, id: string | number, params: ToolCallParams, res: ServerResponse) {
    const key = callKey(sessionId, id);
    const cancel = new CallCancel();
    inFlight.set(key, cancel);
    const onClose = () => {
      if (!res.writableFinished) cancel.abort('client went away');
    };
    res.once('close', onClose);
    try {
      const outcome = await forwarder.call(params, { sessionId, signal: cancel });
      if (res.destroyed) return;
      const body = JSON.stringify(responseFor(id, outcome));
      res.writeHead(200, ['content-type', 'application/json', 'mcp-session-id', sessionId, 'content-length', String(Buffer.byteLength(body))]);
      res.end(body);
    } finally {
      inFlight.delete(key);
      res.off('close', onClose);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!onPath(req.url ?? '/')) return rpcError(res, 404, INVALID_REQUEST, `not found: use ${path}`);
    if (options.bearerToken !== undefined) {
      const auth = checkBearer(req.headers.authorization, options.bearerToken);
      if (auth !== 'ok') return rpcError(res, 401, INVALID_REQUEST, `${auth} bearer authorization`);
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (req.method !== 'POST') {
      // GET opens the server-to-client stream, DELETE ends a session: both need a live session.
      if (!existing) return rpcError(res, 404, INVALID_REQUEST, 'unknown or missing mcp-session-id');
      return existing.transport.handleRequest(req, res);
    }
    let body: unknown;
    try {
      const raw = await readBody(req, limit);
      body = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return rpcError(res, 413, INVALID_REQUEST, `request body exceeds ${limit} bytes`);
      return rpcError(res, 400, PARSE_ERROR, 'parse error: body is not valid JSON');
    }
    if (existing) {
      // Only calls the SDK's schema would take unchanged skip it; the rest reach the same forwarder through the SDK.
      const call = options.forwarder && fastPathHeaders(req) ? plainToolCall(body) : undefined;
      if (call) return fastToolCall(options.forwarder!, sessionId as string, call.id, call.params, res);
      const cancelled = cancelledRequestId(body);
      if (cancelled !== undefined) inFlight.get(callKey(sessionId as string, cancelled))?.abort('cancelled by the client');
      return existing.transport.handleRequest(req, res, body);
    }
    if (typeof sessionId === 'string') return rpcError(res, 404, INVALID_REQUEST, 'unknown mcp-session-id');
    if (!isInitializeRequest(body)) return rpcError(res, 400, INVALID_REQUEST, 'no session: the first request must be initialize');
    const server = options.makeServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return transport.handleRequest(req, res, body);
  }

  const http = createBoundedServer({
    maxConcurrent,
    handle,
    busy: (res) => rpcError(res, 503, SERVER_BUSY, 'server busy: too many requests in flight'),
    failed: (res, error) => rpcError(res, 500, SERVER_BUSY, `internal error: ${(error as Error).message}`),
  });
  const bound = await listenOn(http, options.listen);
  return {
    url: `http://${bound}${path}`,
    sessions: () => sessions.size,
    async broadcastToolListChanged() {
      await Promise.allSettled([...sessions.values()].map((s) => s.server.sendToolListChanged()));
    },
    async close() {
      await Promise.allSettled([...sessions.values()].map((s) => s.transport.close()));
      await closeServer(http);
    },
  };
}
