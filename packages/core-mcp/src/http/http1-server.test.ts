import { type Socket, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient, type TestServer, closeAll, deferred, post, startServer } from '../../test/raw-http.js';
import type { Http1ServerOptions, HttpRequest, Reply } from './http1-server.js';

afterEach(closeAll);

/** A server that answers every request with `METHOD target body` as text, and records the requests. */
async function echoServer(options: Partial<Http1ServerOptions> = {}): Promise<TestServer & { requests: HttpRequest[] }> {
  const requests: HttpRequest[] = [];
  const server = await startServer({
    handle: (request, reply) => {
      requests.push(request);
      reply.send(200, ['content-type', 'text/plain'], `${request.method} ${request.target} ${request.body.toString('utf8')}`);
    },
    ...options,
  });
  return { ...server, requests };
}

/** Resolves once the server's side of `socket` has closed. */
function serverSideClosed(socket: Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

describe('whole replies (send)', () => {
  it('answers with its status line, the headers given, content-length, keep-alive and the body', async () => {
    const requests: HttpRequest[] = [];
    const { port } = await startServer({
      handle: (request, reply) => {
        requests.push(request);
        reply.send(200, ['content-type', 'application/json', 'x-trace', 'a'], '{"ok":true}');
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET /mcp?a=1 HTTP/1.1\r\nHost: test\r\nAccept: text/plain\r\naccept: application/json\r\nX-Pad:   spaced  \r\n\r\n');
    await client.untilText('{"ok":true}');
    expect(client.received.toString('latin1')).toBe(
      'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-trace: a\r\ncontent-length: 11\r\nkeep-alive: timeout=60\r\n\r\n{"ok":true}',
    );
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe('GET');
    expect(request!.target).toBe('/mcp?a=1');
    expect([...request!.headers]).toEqual([
      ['host', 'test'],
      ['accept', 'text/plain, application/json'],
      ['x-pad', 'spaced'],
    ]);
    expect(request!.body.length).toBe(0);
  });

  it('counts a non-ASCII body in UTF-8 bytes', async () => {
    const text = 'grüße ✓ 🚀';
    const { port } = await startServer({ handle: (_request, reply) => reply.send(200, ['content-type', 'text/plain; charset=utf-8'], text) });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
    const response = await client.response();
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(response.text).toBe(text);
  });

  it('sends no body to HEAD (but its length) and none, nor a length, with 204', async () => {
    const { port } = await startServer({
      handle: (request, reply) => reply.send(request.target === '/empty' ? 204 : 200, ['content-type', 'text/plain'], 'hello'),
    });
    const client = await RawClient.connect(port);
    // The second request's reply must follow the first's head directly: no body bytes in between.
    await client.write('HEAD /x HTTP/1.1\r\nhost: test\r\n\r\nGET /empty HTTP/1.1\r\nhost: test\r\n\r\nGET /x HTTP/1.1\r\nhost: test\r\n\r\n');
    const head = await client.response({ head: true });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('5');
    const empty = await client.response();
    expect(empty.head).toBe('HTTP/1.1 204 No Content\r\ncontent-type: text/plain\r\nkeep-alive: timeout=60\r\n\r\n');
    const get = await client.response();
    expect(get.text).toBe('hello');
    expect(client.unread).toBe('');
  });
});

describe('connections', () => {
  it('answers several requests in sequence on one connection', async () => {
    const { port, accepted } = await echoServer();
    const client = await RawClient.connect(port);
    for (const body of ['one', 'two', 'three']) {
      await client.write(post(body));
      const response = await client.response();
      expect(response.status).toBe(200);
      expect(response.text).toBe(`POST /mcp ${body}`);
    }
    expect(accepted).toHaveLength(1);
    expect(client.closed).toBe(false);
  });

  it('answers two pipelined requests in order, the second handled only after the first reply', async () => {
    const events: string[] = [];
    const first = deferred();
    const { port } = await startServer({
      handle: async (request, reply) => {
        const body = request.body.toString();
        events.push(`handle ${body}`);
        if (body === 'first') await first.promise;
        events.push(`reply ${body}`);
        reply.send(200, [], body);
      },
    });
    const client = await RawClient.connect(port);
    await client.write(post('first') + post('second'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['handle first']);
    expect(client.received.length).toBe(0);
    first.resolve();
    expect((await client.response()).text).toBe('first');
    expect((await client.response()).text).toBe('second');
    expect(events).toEqual(['handle first', 'reply first', 'handle second', 'reply second']);
  });

  it('parses requests sent one byte at a time', async () => {
    const { port, requests } = await echoServer();
    const client = await RawClient.connect(port);
    await client.trickle(`${post('héllo')}GET /next HTTP/1.1\r\nhost: test\r\n\r\n`);
    expect((await client.response()).text).toBe('POST /mcp héllo');
    expect((await client.response()).text).toBe('GET /next ');
    expect(requests.map((r) => r.target)).toEqual(['/mcp', '/next']);
  });

  it('holds many pipelined requests (beyond what it buffers before pausing) until their turn', async () => {
    const first = deferred();
    const { port } = await startServer({
      handle: async (request, reply) => {
        if (request.target === '/first') await first.promise;
        reply.send(200, [], request.target);
      },
    });
    const client = await RawClient.connect(port);
    const count = 120;
    const body = 'z'.repeat(1000);
    let pipelined = 'GET /first HTTP/1.1\r\nhost: test\r\n\r\n';
    for (let i = 0; i < count; i++) pipelined += `POST /${i} HTTP/1.1\r\nhost: test\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
    await client.write(pipelined);
    first.resolve();
    expect((await client.response()).text).toBe('/first');
    for (let i = 0; i < count; i++) expect((await client.response()).text).toBe(`/${i}`);
  });

  it('skips a blank line between requests', async () => {
    const { port } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write(`${post('a')}\r\n${post('b')}`);
    expect((await client.response()).text).toBe('POST /mcp a');
    expect((await client.response()).text).toBe('POST /mcp b');
  });

  it('skips an empty line whose CR and LF arrive in separate reads', async () => {
    const { port } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write(post('a'));
    expect((await client.response()).text).toBe('POST /mcp a');
    await client.trickle(`\r\n${post('b')}`);
    expect((await client.response()).text).toBe('POST /mcp b');
  });

  it('closes after the reply when the client asks with Connection: close, ignoring what follows', async () => {
    const { port, requests } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write(post('bye', 'Connection: close\r\n') + post('ignored'));
    const response = await client.response();
    expect(response.headers.get('connection')).toBe('close');
    expect(response.headers.has('keep-alive')).toBe(false);
    expect(response.text).toBe('POST /mcp bye');
    await client.gone;
    expect(client.unread).toBe('');
    expect(requests).toHaveLength(1);
  });

  it('answers HTTP/1.0 (no Host needed) with connection: close, then closes', async () => {
    const { port } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write('GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const response = await client.response();
    expect(response.headers.get('connection')).toBe('close');
    expect(response.text).toBe('GET /old ');
    await client.gone;
  });

  it('announces the keep-alive window in whole seconds, and none under a second', async () => {
    for (const [idleTimeoutMs, header] of [[60_000, 'keep-alive: timeout=60\r\n'], [2_500, 'keep-alive: timeout=2\r\n'], [800, undefined]] as const) {
      const { port } = await echoServer({ idleTimeoutMs });
      const client = await RawClient.connect(port);
      await client.write(post('x'));
      const { head } = await client.response();
      if (header) expect(head).toContain(header);
      else expect(head).not.toMatch(/keep-alive|connection:/i);
    }
  });

  it('closes an idle keep-alive connection after idleTimeoutMs', async () => {
    const { port } = await echoServer({ idleTimeoutMs: 50 });
    const client = await RawClient.connect(port);
    await client.write(post('x'));
    expect((await client.response()).status).toBe(200);
    await client.gone;
    expect(client.unread).toBe('');
  });
});

describe('request bodies', () => {
  it('reads a Content-Length body split across writes', async () => {
    const { port, requests } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write('POST /mcp HTTP/1.1\r\nhost: test\r\ncontent-length: 11\r\n\r\nhel');
    await new Promise((resolve) => setImmediate(resolve));
    await client.write('lo wo');
    await new Promise((resolve) => setImmediate(resolve));
    await client.write('rld');
    expect((await client.response()).text).toBe('POST /mcp hello world');
    expect(requests).toHaveLength(1);
  });

  const chunked =
    'POST /mcp HTTP/1.1\r\nhost: test\r\nTransfer-Encoding: chunked\r\n\r\n' +
    '5;name=value\r\nhello\r\n' +
    '1 ; ext\r\n \r\n' +
    'A\r\nchunked!!!\r\n' +
    '0\r\nx-trailer: one\r\nx-other: two\r\n\r\n';

  it.each([
    ['in one write', 'write'],
    ['split at every byte', 'trickle'],
  ] as const)('decodes a chunked body with extensions and trailers sent %s', async (_how, send) => {
    const { port } = await echoServer();
    const client = await RawClient.connect(port);
    await client[send](chunked + post('after'));
    expect((await client.response()).text).toBe('POST /mcp hello chunked!!!');
    expect((await client.response()).text).toBe('POST /mcp after');
  });

  it('sends 100 Continue before the body of a request that expects it', async () => {
    const { port, requests } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write('POST /mcp HTTP/1.1\r\nhost: test\r\nexpect: 100-continue\r\ncontent-length: 4\r\n\r\n');
    await client.untilText('\r\n\r\n');
    expect(client.received.toString('latin1')).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    expect(requests).toHaveLength(0);
    await client.write('body');
    expect((await client.response()).status).toBe(100);
    expect((await client.response()).text).toBe('POST /mcp body');
  });
});

describe('refusals', () => {
  const big = 'x'.repeat(17 * 1024);
  /** What is refused, the bytes sent, the status and words of the message, and server options (small timeouts). */
  const cases: [string, string, number, string, Partial<Http1ServerOptions>?][] = [
    ['a malformed request line', 'GET /mcp HTTP/2.0\r\nhost: test\r\n\r\n', 400, 'malformed request line: "GET /mcp HTTP/2.0"'],
    ['a request line with two spaces', 'GET  /mcp HTTP/1.1\r\nhost: test\r\n\r\n', 400, 'malformed request line'],
    ['a malformed header line', 'GET / HTTP/1.1\r\nhost: test\r\nno colon here\r\n\r\n', 400, 'malformed header line: "no colon here"'],
    ['a space before a header colon', 'GET / HTTP/1.1\r\nhost : test\r\n\r\n', 400, 'malformed header line'],
    ['a bare LF inside a header line', 'GET / HTTP/1.1\r\nhost: test\nx-a: b\r\n\r\n', 400, 'bare CR, LF or NUL'],
    ['a head with bare LF line ends', 'GET / HTTP/1.1\nhost: test\n\n', 400, 'without CRLF line ends'],
    ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\naccept: */*\r\n\r\n', 400, 'no Host header'],
    ['both Transfer-Encoding and Content-Length', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n0\r\n\r\n', 400, 'both Transfer-Encoding and Content-Length'],
    ['an invalid Content-Length', 'POST / HTTP/1.1\r\nhost: test\r\ncontent-length: 3x\r\n\r\nabc', 400, 'invalid Content-Length: "3x"'],
    ['a negative Content-Length', 'POST / HTTP/1.1\r\nhost: test\r\ncontent-length: -1\r\n\r\n', 400, 'invalid Content-Length'],
    ['two Content-Length values', 'POST / HTTP/1.1\r\nhost: test\r\ncontent-length: 1\r\ncontent-length: 1\r\n\r\na', 400, 'invalid Content-Length'],
    ['Transfer-Encoding in HTTP/1.0', 'POST / HTTP/1.0\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'Transfer-Encoding in an HTTP/1.0 request'],
    ['a malformed chunk size', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', 400, 'malformed chunk size: "zz"'],
    ['a trailer line with a bare LF', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\nGET /smuggled HTTP/1.1\r\nhost: test\r\n\r\n', 400, 'bare CR, LF or NUL'],
    ['a malformed trailer line', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n\r\n0\r\nnot a field\r\n\r\n', 400, 'malformed header line: "not a field"'],
    ['a chunk without its CRLF', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabX\r\n', 400, 'chunk without its closing CRLF'],
    ['a Content-Length over the limit', 'POST / HTTP/1.1\r\nhost: test\r\ncontent-length: 1025\r\n\r\n', 413, 'request body exceeds 1024 bytes'],
    ['a chunked body growing over the limit', `POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n\r\n200\r\n${'a'.repeat(512)}\r\n200\r\n${'b'.repeat(512)}\r\n1\r\nc\r\n0\r\n\r\n`, 413, 'request body exceeds 1024 bytes'],
    ['a head over 16 KiB in one write', `GET / HTTP/1.1\r\nhost: test\r\nx-big: ${big}\r\n\r\n`, 431, 'request head exceeds 16384 bytes'],
    ['a transfer coding other than chunked', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: gzip\r\n\r\n', 501, 'transfer coding not supported: "gzip"'],
    ['gzip then chunked', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: gzip, chunked\r\n\r\n0\r\n\r\n', 501, 'transfer coding not supported'],
    ['an expectation other than 100-continue', 'POST /mcp HTTP/1.1\r\nhost: test\r\nexpect: teapot\r\ncontent-length: 4\r\n\r\nbody', 417, 'expectation not supported: "teapot"'],
    ['chunk extensions over 16 KiB in one body', `POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n\r\n${`1;${'e'.repeat(4000)}\r\na\r\n`.repeat(5)}0\r\n\r\n`, 400, 'chunk extensions and trailers over 16384 bytes'],
    ['a Transfer-Encoding with a vertical tab', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: \x0bchunked\r\n\r\n0\r\n\r\n', 400, 'malformed header line'],
    ['a Transfer-Encoding with a no-break space', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\xa0\r\n\r\n0\r\n\r\n', 501, 'transfer coding not supported'],
    ['a control character in a header value', 'GET / HTTP/1.1\r\nhost: test\r\nx-a: a\x01b\r\n\r\n', 400, 'malformed header line'],
    ['two Host headers', 'GET / HTTP/1.1\r\nhost: a\r\nhost: b\r\n\r\n', 400, 'more than one Host header'],
    ['a chunk size with a trailing blank', 'POST / HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n\r\n2 \r\nab\r\n0\r\n\r\n', 400, 'malformed chunk size: "2 "'],
    ['a bare CR before the request line', '\rGET / HTTP/1.1\r\nhost: test\r\n\r\n', 400, 'malformed request line'],
    ['a head that does not arrive in time', 'POST /mcp HTTP/1.1\r\nhost: te', 408, 'request timeout', { headersTimeoutMs: 50 }],
    ['a body that does not arrive in time', 'POST /mcp HTTP/1.1\r\nhost: test\r\ncontent-length: 10\r\n\r\nabc', 408, 'request timeout', { requestTimeoutMs: 80 }],
  ];

  it.each(cases)('refuses %s, then closes', async (_what, request, status, message, options) => {
    const { port, requests, refusals } = await echoServer(options);
    const client = await RawClient.connect(port);
    await client.write(request);
    const response = await client.response();
    expect(response.status).toBe(status);
    expect(response.text).toContain(message);
    expect(response.headers.get('connection')).toBe('close');
    await client.gone;
    expect(requests).toHaveLength(0);
    expect(refusals).toHaveLength(1);
  });

  it('refuses a head growing over 16 KiB across writes before its end arrives', async () => {
    const { port } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n');
    for (let i = 0; i < 20; i++) {
      if (client.received.length > 0) break;
      await client.write(`x-h${i}: ${'y'.repeat(1000)}\r\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const response = await client.response();
    expect(response.status).toBe(431);
    await client.gone;
  });

  it('lets a client still sending its body read the refusal', async () => {
    const { port } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write('POST / HTTP/1.1\r\nhost: test\r\ncontent-length: 100000000\r\n\r\n');
    const piece = Buffer.alloc(64 * 1024, 0x61);
    // Keep sending (2 MiB) while the refusal is on its way and after, as a client uploading a large body would.
    for (let i = 0; i < 32 && !client.closed; i++) await client.write(piece);
    const response = await client.response();
    expect(response.status).toBe(413);
    expect(response.text).toContain('exceeds 1024 bytes');
    await client.gone;
  });

  it('refuses a refused request after a HEAD on the same connection with its message body', async () => {
    const { port } = await echoServer();
    const client = await RawClient.connect(port);
    await client.write('HEAD / HTTP/1.1\r\nhost: test\r\n\r\n');
    expect((await client.response({ head: true })).status).toBe(200);
    await client.write('BAD\r\n\r\n');
    const response = await client.response();
    expect(response.status).toBe(400);
    expect(response.text).toContain('malformed request line');
  });
});

describe('maxConcurrent', () => {
  it('frees a slot when the reply is complete, so pipelined requests are not refused', async () => {
    const { port } = await echoServer({ maxConcurrent: 1 });
    const client = await RawClient.connect(port);
    await client.write('GET /a HTTP/1.1\r\nhost: test\r\n\r\nGET /b HTTP/1.1\r\nhost: test\r\n\r\nGET /c HTTP/1.1\r\nhost: test\r\n\r\n');
    const texts = [(await client.response()).text, (await client.response()).text, (await client.response()).text];
    expect(texts).toEqual(['GET /a ', 'GET /b ', 'GET /c ']);
  });

  it('frees the slot of a client that went away while its handler still runs', async () => {
    const started = deferred();
    const { port, accepted } = await startServer({
      maxConcurrent: 1,
      handle: async (request, reply) => {
        if (request.target === '/hang') {
          started.resolve();
          await new Promise(() => undefined);
        }
        reply.send(200, [], request.target);
      },
    });
    const first = await RawClient.connect(port);
    await first.write('GET /hang HTTP/1.1\r\nhost: test\r\n\r\n');
    await started.promise;
    first.socket.destroy();
    await serverSideClosed(accepted[0]!);
    const second = await RawClient.connect(port);
    await second.write('GET /now HTTP/1.1\r\nhost: test\r\n\r\n');
    expect((await second.response()).text).toBe('/now');
  });

  it('answers busy on the head, before the body, and closes a connection whose body was not read', async () => {
    const parked = deferred();
    const started = deferred();
    const { port } = await startServer({
      maxConcurrent: 1,
      handle: async (request, reply) => {
        if (request.target === '/park') {
          started.resolve();
          await parked.promise;
        }
        reply.send(200, [], request.target);
      },
    });
    const a = await RawClient.connect(port);
    await a.write('GET /park HTTP/1.1\r\nhost: test\r\n\r\n');
    await started.promise;
    const b = await RawClient.connect(port);
    // The head promises a body that is never sent: the answer must not wait for it.
    await b.write('POST /now HTTP/1.1\r\nhost: test\r\ncontent-length: 100\r\n\r\n');
    const busy = await b.response();
    expect(busy.status).toBe(503);
    expect(busy.headers.get('connection')).toBe('close');
    await b.gone;
    parked.resolve();
    expect((await a.response()).text).toBe('/park');
  });

  it('answers busy beyond the limit, and serves again once a handler finishes', async () => {
    const parked: (() => void)[] = [];
    const bothParked = deferred();
    const { port } = await startServer({
      maxConcurrent: 2,
      handle: async (request, reply) => {
        if (request.target === '/park') {
          await new Promise<void>((resolve) => {
            if (parked.push(resolve) === 2) bothParked.resolve();
          });
        }
        reply.send(200, [], request.target);
      },
    });
    const a = await RawClient.connect(port);
    const b = await RawClient.connect(port);
    await a.write('GET /park HTTP/1.1\r\nhost: test\r\n\r\n');
    await b.write('GET /park HTTP/1.1\r\nhost: test\r\n\r\n');
    await bothParked.promise;
    const c = await RawClient.connect(port);
    await c.write('GET /now HTTP/1.1\r\nhost: test\r\n\r\n');
    const busy = await c.response();
    expect(busy.status).toBe(503);
    expect(busy.text).toBe('busy');
    parked[0]!();
    expect((await a.response()).text).toBe('/park');
    // The busy connection (its request had no body) stays open and is served now.
    await c.write('GET /now HTTP/1.1\r\nhost: test\r\n\r\n');
    expect((await c.response()).text).toBe('/now');
    parked[1]!();
    expect((await b.response()).text).toBe('/park');
  });
});

describe('handlers that fail', () => {
  const failing: [string, (reply: Reply) => void | Promise<void>, string][] = [
    [
      'throws',
      () => {
        throw new Error('thrown');
      },
      'thrown',
    ],
    [
      'rejects',
      async () => {
        await Promise.resolve();
        throw new Error('rejected');
      },
      'rejected',
    ],
    ['returns without replying', () => undefined, 'the request was not answered'],
    ['resolves without replying', async () => undefined, 'the request was not answered'],
  ];

  it.each(failing)('answers with failed (once) when the handler %s, and the connection goes on', async (_what, handle, message) => {
    const { port, failures } = await startServer({
      handle: (request, reply) => (request.target === '/ok' ? reply.send(200, [], 'ok') : handle(reply)),
    });
    const client = await RawClient.connect(port);
    await client.write('GET /fail HTTP/1.1\r\nhost: test\r\n\r\n');
    const response = await client.response();
    expect(response.status).toBe(500);
    expect(response.text).toBe(`failed: ${message}`);
    await client.write('GET /ok HTTP/1.1\r\nhost: test\r\n\r\n');
    expect((await client.response()).text).toBe('ok');
    expect(failures.map((e) => (e as Error).message)).toEqual([message]);
  });

  it('does not call failed for a handler that throws after it replied', async () => {
    const { port, failures } = await startServer({
      handle: (_request, reply) => {
        reply.send(200, [], 'answered');
        throw new Error('after the reply');
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\nGET / HTTP/1.1\r\nhost: test\r\n\r\n');
    expect((await client.response()).text).toBe('answered');
    expect((await client.response()).text).toBe('answered');
    expect(failures).toHaveLength(0);
  });

  it('cuts the connection when the handler throws after start (no valid end of body)', async () => {
    const { port, failures } = await startServer({
      handle: (_request, reply) => {
        reply.start(200, ['content-type', 'text/plain']);
        reply.write(Buffer.from('partial'));
        throw new Error('mid-stream');
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
    const response = await client.response();
    expect(response.status).toBe(200);
    expect(response.text).toBe('partial');
    expect(response.complete).toBe(false);
    expect(failures).toHaveLength(1);
  });
});

describe('streamed replies', () => {
  it('frames start/write/end as a valid chunked body, and the connection goes on', async () => {
    const { port } = await startServer({
      handle: (request, reply) => {
        if (request.target === '/next') return reply.send(200, [], 'next');
        reply.start(200, ['content-type', 'text/event-stream']);
        reply.write(Buffer.from('data: 1\n\n'));
        reply.write(new Uint8Array(0));
        reply.write(Buffer.from('data: ✓\n\n'));
        reply.end();
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET /sse HTTP/1.1\r\nhost: test\r\n\r\nGET /next HTTP/1.1\r\nhost: test\r\n\r\n');
    const response = await client.response();
    expect(response.head).toBe('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nkeep-alive: timeout=60\r\n\r\n');
    expect(response.complete).toBe(true);
    expect(response.chunks.map((c) => c.toString())).toEqual(['data: 1\n\n', 'data: ✓\n\n']);
    expect((await client.response()).text).toBe('next');
  });

  it('ends an HTTP/1.0 stream by closing the connection', async () => {
    const { port } = await startServer({
      handle: (_request, reply) => {
        reply.start(200, ['content-type', 'text/plain']);
        reply.write(Buffer.from('one '));
        reply.write(Buffer.from('two'));
        reply.end();
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.0\r\n\r\n');
    const response = await client.response();
    expect(response.headers.get('connection')).toBe('close');
    expect(response.headers.has('transfer-encoding')).toBe(false);
    expect(response.text).toBe('one two');
    expect(client.closed).toBe(true);
  });

  it('ends a streamed 204 without body framing, so the next reply is read right', async () => {
    const { port } = await startServer({
      handle: (request, reply) => {
        if (request.target === '/next') return reply.send(200, [], 'next');
        reply.start(204, []);
        reply.end();
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\nGET /next HTTP/1.1\r\nhost: test\r\n\r\n');
    expect((await client.response()).status).toBe(204);
    const next = await client.response();
    expect(next.status).toBe(200);
    expect(next.text).toBe('next');
  });

  it('calls onclose when the client goes before the reply is complete', async () => {
    const closed = deferred();
    const started = deferred();
    let reply: Reply | undefined;
    const { port } = await startServer({
      handle: (_request, r) => {
        reply = r;
        r.start(200, []);
        r.write(Buffer.from('first'));
        r.onclose = () => closed.resolve();
        started.resolve();
        return closed.promise;
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
    await started.promise;
    await client.untilText('first');
    client.socket.destroy();
    await closed.promise;
    expect(reply!.done).toBe(true);
    expect(reply!.write(Buffer.from('late'))).toBe(false);
  });

  it('calls onclose at once when it is set after the client has gone', async () => {
    const gone = deferred();
    let calls = 0;
    const { port, accepted } = await startServer({
      handle: async (_request, reply) => {
        await gone.promise;
        reply.onclose = () => calls++;
        expect(reply.done).toBe(true);
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
    while (accepted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    client.socket.destroy();
    await serverSideClosed(accepted[0]!);
    gone.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
  });

  it('does not call onclose when the client goes after a complete reply', async () => {
    let calls = 0;
    const { port, accepted } = await startServer({
      handle: (_request, reply) => {
        reply.onclose = () => calls++;
        reply.start(200, []);
        reply.end();
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
    expect((await client.response()).complete).toBe(true);
    client.socket.destroy();
    await serverSideClosed(accepted[0]!);
    expect(calls).toBe(0);
  });

  it('resolves drained once a full socket buffer empties', async () => {
    const big = Buffer.alloc(32 * 1024 * 1024, 0x62);
    const wrote = deferred<{ ok: boolean; reply: Reply }>();
    // More than the loopback socket buffers hold: it drains only once the client reads.
    let resumed = false;
    let drainedAfterResume = false;
    const { port } = await startServer({
      handle: async (_request, reply) => {
        reply.start(200, []);
        wrote.resolve({ ok: reply.write(big), reply });
        await reply.drained();
        drainedAfterResume = resumed;
        reply.write(Buffer.from('tail'));
        reply.end();
      },
    });
    const client = await RawClient.connect(port);
    client.socket.pause();
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
    const { ok, reply } = await wrote.promise;
    expect(ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    resumed = true;
    client.socket.resume();
    await client.untilLength(big.length + 4);
    const response = await client.response();
    expect(response.complete).toBe(true);
    expect(response.body.length).toBe(big.length + 4);
    expect(response.body.subarray(-4).toString()).toBe('tail');
    expect(drainedAfterResume).toBe(true);
    // Nothing waits any more: drained resolves at once.
    await reply.drained();
  });

  it('cuts the connection on abort, without onclose', async () => {
    let calls = 0;
    const { port } = await startServer({
      handle: (_request, reply) => {
        reply.onclose = () => calls++;
        reply.start(200, []);
        reply.write(Buffer.from('some'));
        reply.abort();
        expect(reply.done).toBe(true);
      },
    });
    const client = await RawClient.connect(port);
    await client.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
    const response = await client.response();
    expect(response.text).toBe('some');
    expect(response.complete).toBe(false);
    expect(calls).toBe(0);
  });
});

describe('close()', () => {
  it('stops listening and closes open connections, cutting a reply in progress', async () => {
    const cut = deferred();
    const { http, port } = await startServer({
      handle: (request, reply) => {
        if (request.target === '/quick') return reply.send(200, [], 'quick');
        reply.start(200, []);
        reply.write(Buffer.from('streaming'));
        reply.onclose = () => cut.resolve();
        return cut.promise;
      },
    });
    const idle = await RawClient.connect(port);
    await idle.write('GET /quick HTTP/1.1\r\nhost: test\r\n\r\n');
    expect((await idle.response()).text).toBe('quick');
    const streaming = await RawClient.connect(port);
    await streaming.write('GET /stream HTTP/1.1\r\nhost: test\r\n\r\n');
    await streaming.untilText('streaming');
    await http.close();
    await Promise.all([idle.gone, streaming.gone, cut.promise]);
    expect((await streaming.response()).complete).toBe(false);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
