/**
 * The forwarding lane to a Streamable HTTP upstream, on the proxy's own kept-alive connections
 * (`Http1Client`). It reuses the session the SDK `Client` negotiated (session id, protocol
 * version) and takes the answer from a JSON body or an SSE stream; any other message in that
 * stream (notifications, server requests) goes on to the `Client` as if its own transport had
 * read it.
 */
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { mediaType } from '../http/listen.js';
import { Http1Client, type PendingExchange, checkHeader } from './http1-client.js';
import { SseDecoder } from './sse.js';
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
const FIXED_HEADERS = new Set(['content-type', 'accept', 'content-length', 'mcp-session-id', 'mcp-protocol-version', 'transfer-encoding', 'connection']);
/** After its answer, an event stream that has not ended within this time is closed (its connection is not reused). */
const STREAM_GRACE_MS = 5_000;
/** An answer larger than this is refused (the proxy holds a whole answer in memory to relay it). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * True when a request's connection could not be opened (refused, unreachable, name not found), so
 * no byte of the request left. (A closed lane refuses before it gets here; a failed TLS handshake
 * is not told apart, and counts as sent.)
 */
function neverSent(error: Error): boolean {
  const { syscall } = error as NodeJS.ErrnoException;
  return syscall === 'connect' || syscall === 'getaddrinfo';
}

export function httpLane(options: HttpLaneOptions): HttpLane {
  const { url, transport } = options;
  const client = new Http1Client(url);
  const pending = new PendingRequests();
  const inFlight = new Map<string, PendingExchange>();

  /** Messages that are not the lane's answers go to the `Client`, as its own transport would. */
  const deliver = (message: Record<string, unknown>) => {
    if (!pending.answer(message)) transport.onmessage?.(message as JSONRPCMessage);
  };

  // The request head up to its length, built once per session (id, protocol version), not per call.
  const userHeaders = Object.entries(options.headers ?? {}).filter(([name]) => !FIXED_HEADERS.has(name.toLowerCase()));
  for (const [name, value] of userHeaders) checkHeader(name, value);
  const hasHost = userHeaders.some(([name]) => name.toLowerCase() === 'host');
  let sessionKey: string | undefined;
  let headPrefix = '';
  function headFor(length: number): string {
    const key = `${transport.sessionId ?? ''}\n${transport.protocolVersion ?? ''}`;
    if (key !== sessionKey) {
      const session: [string, string][] = [
        ...(transport.sessionId ? [['mcp-session-id', transport.sessionId] as [string, string]] : []),
        ...(transport.protocolVersion ? [['mcp-protocol-version', transport.protocolVersion] as [string, string]] : []),
      ];
      // The user's headers were checked once above; the session's come from the upstream.
      for (const [name, value] of session) checkHeader(name, value);
      const lines: [string, string][] = [
        ...(hasHost ? [] : [['host', url.host] as [string, string]]),
        ...userHeaders,
        ['content-type', 'application/json'],
        ['accept', 'application/json, text/event-stream'],
        ...session,
      ];
      headPrefix = `POST ${url.pathname}${url.search} HTTP/1.1\r\n${lines.map(([n, v]) => `${n}: ${v}\r\n`).join('')}`;
      sessionKey = key;
    }
    return `${headPrefix}content-length: ${length}\r\n\r\n`;
  }

  function send(body: string, sink: Parameters<Http1Client['send']>[2]): PendingExchange {
    return client.send(headFor(Buffer.byteLength(body, 'utf8')), body, sink);
  }

  /**
   * Sends request `id` and resolves once its exchange is over (the answer went to `pending`).
   * Messages before the answer go on as the SDK transport would pass them; once the answer is in,
   * the rest of an event stream is only read to its end (so its connection can be reused), as
   * the `Client` would not read past it either.
   *
   * `written` hears whether the request reached the upstream once the exchange shows it: a
   * response head says yes; a connection that could not be opened says no (see `neverSent`); any
   * other failure, or the exchange dropped first (cancelled, timed out), says yes, since the
   * request was on an open connection or may have been. The client does not report its socket
   * writes, so an answer is the first sure sign.
   */
  function exchange(id: string, body: string, written: (sent: boolean) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let status = 0;
      let type = '';
      let stream: SseDecoder | undefined;
      let grace: NodeJS.Timeout | undefined;
      let size = 0;
      let settled = false;
      const chunks: Buffer[] = [];
      const done = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(grace);
        inFlight.delete(id);
        if (error) reject(error);
        else resolve();
      };
      const sent = send(body, {
        head(code, headers) {
          written(true);
          status = code;
          type = mediaType(headers.get('content-type'));
          if (code >= 200 && code < 300 && type === 'text/event-stream') stream = new SseDecoder();
        },
        data(chunk) {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES && pending.has(id)) {
            sent.abort();
            return done(new Error(`upstream answer exceeds ${MAX_ANSWER_BYTES} bytes`));
          }
          if (!stream) {
            chunks.push(chunk);
            return;
          }
          if (!pending.has(id)) return;
          try {
            for (const data of stream.push(chunk)) {
              deliver(JSON.parse(data) as Record<string, unknown>);
              if (!pending.has(id)) break;
            }
          } catch (error) {
            sent.abort();
            return done(error as Error);
          }
          if (!pending.has(id) && grace === undefined) {
            grace = setTimeout(() => (sent.abort(), done()), STREAM_GRACE_MS);
            grace.unref();
          }
        },
        end() {
          if (stream) {
            pending.fail(id, 'upstream ended its event stream without answering');
            return done();
          }
          const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
          if (status < 200 || status >= 300) return done(new Error(`upstream answered HTTP ${status}: ${text.slice(0, 500)}`));
          if (type !== 'application/json') return done(new Error(`upstream answered with unexpected content type ${type || '(none)'}`));
          try {
            const parsed = JSON.parse(text) as Record<string, unknown> | Record<string, unknown>[];
            for (const message of Array.isArray(parsed) ? parsed : [parsed]) deliver(message);
          } catch (error) {
            return done(error as Error);
          }
          pending.fail(id, 'upstream answered without a response to the request');
          done();
        },
        fail: (error) => {
          written(!neverSent(error));
          done(error);
        },
      });
      // A client already closed fails the exchange at once, before this line.
      if (!settled) {
        inFlight.set(id, {
          abort() {
            written(true);
            sent.abort();
          },
        });
      }
    });
  }

  /** A message whose answer nobody waits for (a cancellation notice); it runs from timers, so it never throws. */
  function notify(body: string): void {
    const ignore = () => undefined;
    try {
      send(body, { head: ignore, data: ignore, end: ignore, fail: ignore });
    } catch {
      // Nothing to tell: the request it cancels failed the same way.
    }
  }

  return {
    request(method, params, signal, onSent) {
      return pending.start(
        (id, written) => exchange(id, JSON.stringify({ jsonrpc: '2.0', id, method, params }), written),
        (id, reason) => {
          const sent = inFlight.get(id);
          inFlight.delete(id);
          sent?.abort();
          notify(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } }));
        },
        signal,
        onSent,
      );
    },
    close() {
      pending.closeAll();
      client.close();
    },
  };
}
