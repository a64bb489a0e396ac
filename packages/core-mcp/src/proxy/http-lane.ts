/**
 * The forwarding lane to a Streamable HTTP upstream, on `node:http` with kept-alive, no-delay
 * sockets. It reuses the session the SDK `Client` negotiated (session id, protocol version) and
 * takes the answer from a JSON body or an SSE stream; any other message in that stream
 * (notifications, server requests) goes on to the `Client` as if its own transport had read it.
 */
import { Agent as HttpAgent, type IncomingMessage, type ClientRequest, type OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { readSse } from './sse.js';
import { PendingRequests, type UpstreamLane } from './upstream-lane.js';

export interface HttpLaneOptions {
  url: URL;
  /** The SDK transport of the `Client` that initialised the session. */
  transport: StreamableHTTPClientTransport;
  headers?: Record<string, string>;
}

export interface HttpLane extends UpstreamLane {
  close(): void;
}

/** Headers the lane sets itself; a caller's value for one of them would be a second copy. */
const FIXED_HEADERS = new Set(['content-type', 'accept', 'content-length', 'mcp-session-id', 'mcp-protocol-version']);

export function httpLane(options: HttpLaneOptions): HttpLane {
  const { url, transport } = options;
  const secure = url.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const pending = new PendingRequests();
  const inFlight = new Map<string, ClientRequest>();

  /** Messages that are not the lane's answers go to the `Client`, as its own transport would. */
  const deliver = (message: Record<string, unknown>) => {
    if (!pending.answer(message)) transport.onmessage?.(message as JSONRPCMessage);
  };

  // Request options and headers built once per session (id, protocol version), not per call;
  // as an array of pairs, Node writes them without validating each one again.
  const target = urlToHttpOptions(url);
  const userHeaders = Object.entries(options.headers ?? {});
  const hasHost = userHeaders.some(([name]) => name.toLowerCase() === 'host');
  let sessionKey: string | undefined;
  let sessionHeaders: [string, string][] = [];
  function headersFor(length: number): [string, string][] {
    const key = `${transport.sessionId ?? ''}\n${transport.protocolVersion ?? ''}`;
    if (key !== sessionKey) {
      sessionKey = key;
      sessionHeaders = [
        ...(hasHost ? [] : [['host', url.host] as [string, string]]),
        ...userHeaders.filter(([name]) => !FIXED_HEADERS.has(name.toLowerCase())),
        ['content-type', 'application/json'],
        ['accept', 'application/json, text/event-stream'],
        ...(transport.sessionId ? [['mcp-session-id', transport.sessionId] as [string, string]] : []),
        ...(transport.protocolVersion ? [['mcp-protocol-version', transport.protocolVersion] as [string, string]] : []),
      ];
    }
    return [...sessionHeaders, ['content-length', String(length)]];
  }

  function post(body: string, id: string | undefined): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = send({ ...target, method: 'POST', agent, headers: headersFor(Buffer.byteLength(body)) as unknown as OutgoingHttpHeaders }, resolve);
      req.setNoDelay(true);
      req.once('error', reject);
      if (id !== undefined) {
        inFlight.set(id, req);
        req.once('close', () => inFlight.delete(id));
      }
      req.end(body);
    });
  }

  async function exchange(id: string, body: string): Promise<void> {
    const res = await post(body, id);
    const status = res.statusCode ?? 0;
    const type = (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (status >= 200 && status < 300 && type === 'text/event-stream') {
      for await (const data of readSse(res)) {
        deliver(JSON.parse(data) as Record<string, unknown>);
        if (!pending.has(id)) break;
      }
      res.destroy();
      pending.fail(id, 'upstream ended its event stream without answering');
      return;
    }
    const text = await readText(res);
    if (status < 200 || status >= 300) throw new Error(`upstream answered HTTP ${status}: ${text.slice(0, 500)}`);
    if (type !== 'application/json') throw new Error(`upstream answered with unexpected content type ${type || '(none)'}`);
    const parsed = JSON.parse(text) as Record<string, unknown> | Record<string, unknown>[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) deliver(message);
    pending.fail(id, 'upstream answered without a response to the request');
  }

  return {
    request(method, params, signal) {
      return pending.start(
        (id) => exchange(id, JSON.stringify({ jsonrpc: '2.0', id, method, params })),
        (id, reason) => {
          inFlight.get(id)?.destroy();
          const note = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } });
          post(note, undefined).then((res) => res.resume(), () => undefined);
        },
        signal,
      );
    },
    close() {
      pending.closeAll();
      for (const req of inFlight.values()) req.destroy();
      agent.destroy();
    },
  };
}

function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.once('error', reject);
  });
}
