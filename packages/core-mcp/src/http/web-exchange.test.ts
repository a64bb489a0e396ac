import { afterEach, describe, expect, it } from 'vitest';
import { RawClient, closeAll, deferred, startServer } from '../../test/raw-http.js';
import type { HttpRequest } from './http1-server.js';
import { sendWebResponse, toWebRequest } from './web-exchange.js';

afterEach(closeAll);

function request(target: string, headers: [string, string][] = [], method = 'POST'): HttpRequest {
  return { method, target, headers: new Map(headers), body: Buffer.from('{}') };
}

describe('toWebRequest', () => {
  const origin = 'http://127.0.0.1:8080';

  it('resolves a relative target against the origin and keeps the method', () => {
    const web = toWebRequest(request('/mcp?session=1'), origin);
    expect(web.url).toBe('http://127.0.0.1:8080/mcp?session=1');
    expect(web.method).toBe('POST');
    expect(web.body).toBeNull();
  });

  it('keeps an absolute target as it is', () => {
    expect(toWebRequest(request('http://proxy.example:9/mcp'), origin).url).toBe('http://proxy.example:9/mcp');
    expect(toWebRequest(request('HTTPS://proxy.example/mcp', [], 'GET'), origin).url).toBe('https://proxy.example/mcp');
  });

  it('puts a slash before a target without one', () => {
    expect(toWebRequest(request('mcp'), origin).url).toBe('http://127.0.0.1:8080/mcp');
  });

  it('carries the headers, repeated fields joined', () => {
    const web = toWebRequest(
      request('/mcp', [
        ['accept', 'application/json, text/event-stream'],
        ['mcp-session-id', 'abc'],
        ['x-forwarded-for', '10.0.0.1, 10.0.0.2'],
      ]),
      origin,
    );
    expect(web.headers.get('accept')).toBe('application/json, text/event-stream');
    expect(web.headers.get('mcp-session-id')).toBe('abc');
    expect(web.headers.get('x-forwarded-for')).toBe('10.0.0.1, 10.0.0.2');
  });

  it('carries fields a client repeated on the wire', async () => {
    const seen = deferred<Request>();
    const { port } = await startServer({
      handle: (req, reply) => {
        seen.resolve(toWebRequest(req, 'http://127.0.0.1'));
        reply.send(204, []);
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET /mcp HTTP/1.1\r\nhost: test\r\nAccept: application/json\r\naccept: text/event-stream\r\n\r\n');
    const web = await seen.promise;
    expect(web.headers.get('accept')).toBe('application/json, text/event-stream');
    expect(web.url).toBe('http://127.0.0.1/mcp');
  });
});

describe('sendWebResponse', () => {
  /** A server whose every request is answered by `respond()` through `sendWebResponse`. */
  async function serving(respond: (req: HttpRequest) => Response, finished: Promise<void>[] = []): Promise<RawClient> {
    const { port } = await startServer({
      handle: (req, reply) => {
        const sent = sendWebResponse(reply, respond(req));
        finished.push(sent);
        return sent;
      },
    });
    return RawClient.connect(port);
  }

  it('sends a bodiless response whole, with content-length 0', async () => {
    const client = await serving(() => new Response(null, { status: 202, headers: { 'mcp-session-id': 'abc' } }));
    await client.write('POST /mcp HTTP/1.1\r\nhost: test\r\ncontent-length: 0\r\n\r\n');
    const response = await client.response();
    expect(response.head).toBe('HTTP/1.1 202 Accepted\r\nmcp-session-id: abc\r\ncontent-length: 0\r\nkeep-alive: timeout=60\r\n\r\n');
  });

  it('streams a JSON body as a valid chunked body, and the connection goes on', async () => {
    const client = await serving((req) => Response.json({ jsonrpc: '2.0', id: 1, result: { target: req.target } }));
    await client.write('GET /one HTTP/1.1\r\nhost: test\r\n\r\nGET /two HTTP/1.1\r\nhost: test\r\n\r\n');
    for (const target of ['/one', '/two']) {
      const response = await client.response();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('transfer-encoding')).toBe('chunked');
      expect(response.complete).toBe(true);
      expect(JSON.parse(response.text)).toEqual({ jsonrpc: '2.0', id: 1, result: { target } });
    }
  });

  it('sends each piece of a streamed body as it comes', async () => {
    const next = deferred();
    const finished: Promise<void>[] = [];
    const client = await serving(() => {
      const encoder = new TextEncoder();
      let step = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          step++;
          if (step === 1) controller.enqueue(encoder.encode('event: message\ndata: 1\n\n'));
          else if (step === 2) {
            await next.promise;
            controller.enqueue(encoder.encode('data: ✓\n\n'));
          } else controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }, finished);
    await client.write('GET /mcp HTTP/1.1\r\nhost: test\r\n\r\n');
    // The first piece arrives while the second is still being produced.
    await client.untilText('data: 1\n\n');
    next.resolve();
    const response = await client.response();
    expect(response.complete).toBe(true);
    expect(response.chunks.map((c) => c.toString())).toEqual(['event: message\ndata: 1\n\n', 'data: ✓\n\n']);
    await finished[0];
  });

  it('drops the hop-by-hop fields of the Response and frames the body itself', async () => {
    const client = await serving(
      () =>
        new Response('hello', {
          headers: {
            connection: 'upgrade',
            'keep-alive': 'timeout=1',
            'transfer-encoding': 'gzip',
            'content-length': '99',
            upgrade: 'websocket',
            'x-kept': 'yes',
          },
        }),
    );
    await client.write('GET /mcp HTTP/1.1\r\nhost: test\r\n\r\n');
    const response = await client.response();
    expect(response.head).toBe('HTTP/1.1 200 OK\r\ncontent-type: text/plain;charset=UTF-8\r\nx-kept: yes\r\ntransfer-encoding: chunked\r\nkeep-alive: timeout=60\r\n\r\n');
    expect(response.text).toBe('hello');
  });

  it('sends no body to HEAD, and the next reply follows directly', async () => {
    const client = await serving(() => new Response('not for HEAD'));
    await client.write('HEAD /mcp HTTP/1.1\r\nhost: test\r\n\r\nGET /mcp HTTP/1.1\r\nhost: test\r\n\r\n');
    const head = await client.response({ head: true });
    expect(head.status).toBe(200);
    const get = await client.response();
    expect(get.text).toBe('not for HEAD');
    expect(client.unread).toBe('');
  });

  it('cuts the connection when the body stream errors, so the body does not look complete', async () => {
    const finished: Promise<void>[] = [];
    const client = await serving(() => {
      let step = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (step++ === 0) controller.enqueue(new TextEncoder().encode('partial'));
          else controller.error(new Error('producer failed'));
        },
      });
      return new Response(body);
    }, finished);
    await client.write('GET /mcp HTTP/1.1\r\nhost: test\r\n\r\n');
    const response = await client.response();
    expect(response.text).toBe('partial');
    expect(response.complete).toBe(false);
    await finished[0];
  });

  it('cancels the Response body when the client goes mid-stream', async () => {
    const cancelled = deferred<unknown>();
    const finished: Promise<void>[] = [];
    const client = await serving(() => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // One piece, then nothing more until cancelled (an SSE stream waiting for events).
          if (!sent) controller.enqueue(new TextEncoder().encode('data: first\n\n'));
          sent = true;
          return new Promise(() => undefined);
        },
        cancel(reason) {
          cancelled.resolve(reason);
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }, finished);
    await client.write('GET /mcp HTTP/1.1\r\nhost: test\r\n\r\n');
    await client.untilText('data: first');
    client.socket.destroy();
    await cancelled.promise;
    await finished[0];
  });

  it('cancels the Response body when the client went before the reply started', async () => {
    const cancelled = deferred<unknown>();
    const started = deferred();
    const respond = deferred();
    const { port, accepted } = await startServer({
      handle: async (_req, reply) => {
        started.resolve();
        // The client goes while the Response is being made (the SDK transport's handleRequest).
        await respond.promise;
        const body = new ReadableStream<Uint8Array>({
          // An SSE stream that waits for events which may never come.
          pull: () => new Promise(() => undefined),
          cancel: (reason) => cancelled.resolve(reason),
        });
        await sendWebResponse(reply, new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET /mcp HTTP/1.1\r\nhost: test\r\n\r\n');
    await started.promise;
    client.socket.destroy();
    await new Promise<void>((resolve) => (accepted[0]!.closed ? resolve() : accepted[0]!.once('close', () => resolve())));
    respond.resolve();
    await cancelled.promise;
  }, 5_000);
});
