/**
 * The proxy's client-facing Streamable HTTP endpoint. Each MCP session gets its own gated server
 * and transport; every session shares the one upstream connection. Bodies are size-limited and
 * parsed here, so malformed JSON and oversized bodies get JSON-RPC errors before the SDK sees
 * them, and the number of requests in flight is bounded.
 *
 * The endpoint runs on the proxy's own HTTP/1.1 server (`http1-server.ts`). A plain `tools/call`
 * in a live session (the hot path) is answered here, as a JSON response, straight from the
 * forwarder: the SDK transport's web `Request`/`Response` objects and its per-message schema
 * parsing cost several times the gate itself. Any request the fast path is not sure of goes to
 * the SDK's web-standard transport, which answers it as the SDK's own HTTP endpoint would.
 *
 * A browser request from an origin that is not allowed (`../http/origin.ts`) is refused on its head
 * with 403, before its body is read or a session exists: the endpoint has no other defence against
 * a page that rebinds its name to this address.
 */
import { randomUUID } from 'node:crypto';
import type { Server as McpServer } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { SUPPORTED_PROTOCOL_VERSIONS, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { CallCancel } from './cancel-signal.js';
import { plainToolCall } from './plain-tool-call.js';
import { type ToolCallParams, type ToolForwarder, cancelledRequestId, responseFor } from './tool-forwarder.js';
import { type HttpRequest, type Reply, type RequestHead, createHttp1Server } from '../http/http1-server.js';
import { type ListenAddress, checkBearer, listenOn, mediaType } from '../http/listen.js';
import { originCheck } from '../http/origin.js';
import { sendWebResponse, toWebRequest } from '../http/web-exchange.js';

export interface HttpFrontOptions {
  listen: ListenAddress;
  /** URL path of the MCP endpoint; default `/mcp`. */
  path?: string;
  makeServer: () => McpServer;
  maxRequestBytes?: number;
  maxConcurrent?: number;
  bearerToken?: string;
  /**
   * Browser origins allowed besides loopback ones (`https://app.example`, or `*` for any); requests
   * with any other `Origin` get 403. Requests without the header are not browsers and pass.
   */
  allowOrigins?: readonly string[];
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
function fastPathHeaders(headers: ReadonlyMap<string, string>): boolean {
  const accept = headers.get('accept') ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) return false;
  if (mediaType(headers.get('content-type')) !== 'application/json') return false;
  const version = headers.get('mcp-protocol-version');
  return version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(version);
}

/** Request ids `1` and `"1"` are different requests. */
const callKey = (sessionId: string, id: string | number) => `${sessionId}\n${typeof id}:${id}`;

const JSON_TYPE = ['content-type', 'application/json'];

function rpcError(reply: Reply, status: number, code: number, message: string, extraHeaders: readonly string[] = []): void {
  reply.send(status, [...JSON_TYPE, ...extraHeaders], JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

/** The methods of the Streamable HTTP endpoint (as sent: methods are case-sensitive). */
const ALLOWED_METHODS = new Set(['POST', 'GET', 'DELETE']);

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
}

export async function startHttpFront(options: HttpFrontOptions): Promise<HttpFront> {
  const path = options.path ?? '/mcp';
  const limit = options.maxRequestBytes ?? 1_048_576;
  const maxConcurrent = options.maxConcurrent ?? 256;
  const checkOrigin = originCheck(options.allowOrigins);
  // The request target as clients send it is the path itself; only other forms need a URL parse.
  const onPath = (target: string) => target === path || target.startsWith(`${path}?`) || new URL(target, 'http://localhost').pathname === path;
  const sessions = new Map<string, Session>();
  /** Fast-path calls in flight, by session and request id, so a client's cancellation reaches them. */
  const inFlight = new Map<string, CallCancel>();
  let origin = 'http://localhost';

  async function fastToolCall(forwarder: ToolForwarder, sessionId: string, id: string | number, params: ToolCallParams, reply: Reply) {
    const key = callKey(sessionId, id);
    const cancel = new CallCancel();
    inFlight.set(key, cancel);
    reply.onclose = () => cancel.abort('client went away');
    try {
      const outcome = await forwarder.call(params, { sessionId, signal: cancel });
      reply.send(200, ['content-type', 'application/json', 'mcp-session-id', sessionId], JSON.stringify(responseFor(id, outcome)));
    } finally {
      inFlight.delete(key);
    }
  }

  /**
   * Any request the fast path does not take: the SDK's transport answers it. A client that goes
   * away stops the wait (the transport may never answer a request of a session closed meanwhile).
   */
  async function viaTransport(session: Session, request: HttpRequest, reply: Reply, body?: unknown): Promise<void> {
    const handled = session.transport.handleRequest(toWebRequest(request, origin), body === undefined ? undefined : { parsedBody: body });
    const gone = new Promise<undefined>((resolve) => {
      reply.onclose = () => resolve(undefined);
    });
    const response = await Promise.race([handled, gone]);
    if (!response) {
      handled.then((late) => late.body?.cancel(), () => undefined).catch(() => undefined);
      return;
    }
    await sendWebResponse(reply, response);
  }

  /** Origin, path and credentials are checked on the head, before a body is read. */
  function admit(head: RequestHead): ((reply: Reply) => void) | undefined {
    // First: a page that is not allowed learns nothing else about the endpoint.
    const forbidden = checkOrigin(head.headers.get('origin'));
    if (forbidden !== undefined) return (reply) => rpcError(reply, 403, INVALID_REQUEST, forbidden);
    if (!onPath(head.target)) return (reply) => rpcError(reply, 404, INVALID_REQUEST, `not found: use ${path}`);
    if (!ALLOWED_METHODS.has(head.method)) {
      return (reply) => rpcError(reply, 405, INVALID_REQUEST, `method not allowed: ${head.method} (use POST, GET or DELETE)`, ['allow', 'GET, POST, DELETE']);
    }
    if (options.bearerToken !== undefined) {
      const auth = checkBearer(head.headers.get('authorization'), options.bearerToken);
      if (auth !== 'ok') return (reply) => rpcError(reply, 401, INVALID_REQUEST, `${auth} bearer authorization`);
    }
    return undefined;
  }

  async function handle(request: HttpRequest, reply: Reply): Promise<void> {
    const { headers } = request;
    const sessionId = headers.get('mcp-session-id');
    const existing = sessionId !== undefined ? sessions.get(sessionId) : undefined;
    if (request.method !== 'POST') {
      // GET opens the server-to-client stream, DELETE ends a session: both need a live session.
      if (!existing) return rpcError(reply, 404, INVALID_REQUEST, 'unknown or missing mcp-session-id');
      return viaTransport(existing, request, reply);
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return rpcError(reply, 400, PARSE_ERROR, 'parse error: body is not valid JSON');
    }
    if (existing) {
      // Only calls the SDK's schema would take unchanged skip it; the rest reach the same forwarder through the SDK.
      const call = options.forwarder && fastPathHeaders(headers) ? plainToolCall(body) : undefined;
      if (call) return fastToolCall(options.forwarder!, sessionId!, call.id, call.params, reply);
      const cancelled = cancelledRequestId(body);
      if (cancelled !== undefined) inFlight.get(callKey(sessionId!, cancelled))?.abort('cancelled by the client');
      return viaTransport(existing, request, reply, body);
    }
    if (sessionId !== undefined) return rpcError(reply, 404, INVALID_REQUEST, 'unknown mcp-session-id');
    if (!isInitializeRequest(body)) return rpcError(reply, 400, INVALID_REQUEST, 'no session: the first request must be initialize');
    const server = options.makeServer();
    const session: Session = {
      server,
      transport: new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => {
          sessions.set(id, session);
        },
      }),
    };
    session.transport.onclose = () => {
      if (session.transport.sessionId) sessions.delete(session.transport.sessionId);
    };
    await server.connect(session.transport);
    return viaTransport(session, request, reply, body);
  }

  const http = createHttp1Server({
    maxBodyBytes: limit,
    maxConcurrent,
    admit,
    handle,
    busy: (reply) => rpcError(reply, 503, SERVER_BUSY, 'server busy: too many requests in flight'),
    failed: (reply, error) => rpcError(reply, 500, SERVER_BUSY, `internal error: ${(error as Error).message}`),
    refuse: (reply, status, message) => rpcError(reply, status, INVALID_REQUEST, message),
  });
  const bound = await listenOn(http.server, options.listen);
  origin = `http://${bound}`;
  return {
    url: `${origin}${path}`,
    sessions: () => sessions.size,
    async broadcastToolListChanged() {
      await Promise.allSettled([...sessions.values()].map((s) => s.server.sendToolListChanged()));
    },
    async close() {
      await Promise.allSettled([...sessions.values()].map((s) => s.transport.close()));
      await http.close();
    },
  };
}
