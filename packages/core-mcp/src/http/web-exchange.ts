/**
 * Web-standard `Request`/`Response` on the proxy's own HTTP/1.1 server, for the handlers written
 * against them (the MCP SDK's web-standard Streamable HTTP transport). Only requests off the hot
 * path come this way.
 */
import type { HttpRequest, Reply } from './http1-server.js';
import { checkHeader } from './http1-wire.js';

/** The request as a web `Request` (no body: the handler is given the parsed body). */
export function toWebRequest(request: HttpRequest, origin: string): Request {
  const url = /^https?:\/\//i.test(request.target) ? request.target : `${origin}${request.target.startsWith('/') ? '' : '/'}${request.target}`;
  const headers = new Headers();
  for (const [name, value] of request.headers) headers.append(name, value);
  return new Request(url, { method: request.method, headers });
}

/** Hop-by-hop fields the server frames itself. */
const FRAMING = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

/**
 * Writes `response` as the reply, streaming its body (an SSE stream may last as long as the
 * session). Resolves when the body has ended or the client has gone; a client that goes cancels
 * the body, so its producer stops.
 */
export async function sendWebResponse(reply: Reply, response: Response): Promise<void> {
  const headers: string[] = [];
  response.headers.forEach((value, name) => {
    if (FRAMING.has(name)) return;
    // The server writes header text as latin1 as it is given: nothing may split a line.
    checkHeader(name, value);
    headers.push(name, value);
  });
  if (!response.body) {
    reply.send(response.status, headers);
    return;
  }
  const reader = response.body.getReader();
  reply.start(response.status, headers);
  // Also called at once if the client has already gone: a read might otherwise wait for ever
  // (an SSE stream with no events), and the body's producer must stop.
  reply.onclose = () => {
    reader.cancel().catch(() => undefined);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || reply.done) break;
      if (!reply.write(value)) await reply.drained();
    }
    reply.end();
  } catch {
    // The body failed: the client must not take what it got for the whole of it.
    reply.abort();
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
