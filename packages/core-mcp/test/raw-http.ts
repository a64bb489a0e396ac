/**
 * Raw-socket helpers for the tests of the proxy's own HTTP/1.1 server: a server on 127.0.0.1 with
 * plain-text answers for refusals, and a client that writes exact bytes and reads the replies
 * back byte for byte (each response parsed by its own framing, so a cut body shows as incomplete).
 */
import { type AddressInfo, type Socket, connect } from 'node:net';
import { type Http1Server, type Http1ServerOptions, createHttp1Server } from '../src/http/http1-server.js';

export interface TestServer {
  http: Http1Server;
  port: number;
  /** The errors `failed` was called with, in order. */
  failures: unknown[];
  /** `status message` of every refusal, in order. */
  refusals: string[];
  /** The server's side of each connection, in the order accepted. */
  accepted: Socket[];
}

const servers: Http1Server[] = [];
const clients: RawClient[] = [];

/** Closes every server and client the tests of a file opened (for `afterEach`). */
export async function closeAll(): Promise<void> {
  for (const client of clients.splice(0)) client.socket.destroy();
  await Promise.all(servers.splice(0).map((http) => http.close()));
}

/**
 * A listening server. Unless overridden, a refusal answers its status with the message as a
 * plain-text body, `busy` answers 503 and `failed` answers 500 (and records the error).
 */
export async function startServer(options: Partial<Http1ServerOptions> & Pick<Http1ServerOptions, 'handle'>): Promise<TestServer> {
  const failures: unknown[] = [];
  const refusals: string[] = [];
  const http = createHttp1Server({
    maxBodyBytes: 1024,
    maxConcurrent: 8,
    busy: (reply) => reply.send(503, ['content-type', 'text/plain'], 'busy'),
    refuse: (reply, status, message) => {
      refusals.push(`${status} ${message}`);
      reply.send(status, ['content-type', 'text/plain'], message);
    },
    ...options,
    failed: (reply, error) => {
      failures.push(error);
      if (options.failed) options.failed(reply, error);
      else reply.send(500, ['content-type', 'text/plain'], `failed: ${(error as Error).message}`);
    },
  });
  servers.push(http);
  const accepted: Socket[] = [];
  http.server.on('connection', (socket: Socket) => accepted.push(socket));
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  return { http, port: (http.server.address() as AddressInfo).port, failures, refusals, accepted };
}

export interface RawResponse {
  status: number;
  /** The head as sent, up to and including its blank line. */
  head: string;
  /** Names lower-cased; repeated fields joined with `, `. */
  headers: Map<string, string>;
  body: Buffer;
  /** The body as UTF-8. */
  text: string;
  /** For a chunked body: the chunks as framed on the wire. */
  chunks: Buffer[];
  /** False when the connection closed before the body's framing said it was whole. */
  complete: boolean;
}

/** A response's framing, or undefined while more bytes are needed. */
function parseResponse(buf: Buffer, closed: boolean, bodyless: boolean): { response: RawResponse; used: number } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) {
    if (closed) throw new Error(`connection closed inside a response head: ${JSON.stringify(buf.toString('latin1'))}`);
    return undefined;
  }
  const head = buf.toString('latin1', 0, end + 4);
  const [statusLine, ...lines] = head.slice(0, -4).split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine!);
  if (!status) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)!}, ${value}` : value);
  }
  const code = Number(status[1]);
  const make = (body: Buffer, chunks: Buffer[], complete: boolean, used: number) => ({
    response: { status: code, head, headers, body, text: body.toString('utf8'), chunks, complete },
    used,
  });
  const rest = buf.subarray(end + 4);
  if (bodyless || code < 200 || code === 204 || code === 304) return make(Buffer.alloc(0), [], true, end + 4);
  const length = headers.get('content-length');
  if (length !== undefined) {
    const n = Number(length);
    if (rest.length >= n) return make(rest.subarray(0, n), [], true, end + 4 + n);
    return closed ? make(rest, [], false, buf.length) : undefined;
  }
  if (headers.get('transfer-encoding') === 'chunked') {
    const chunks: Buffer[] = [];
    let at = 0;
    for (;;) {
      const eol = rest.indexOf('\r\n', at);
      if (eol < 0) break;
      const size = parseInt(rest.toString('latin1', at, eol), 16);
      if (Number.isNaN(size)) throw new Error(`bad chunk size line: ${JSON.stringify(rest.toString('latin1', at, eol))}`);
      if (size === 0) {
        if (rest.length < eol + 4) break;
        if (rest.toString('latin1', eol + 2, eol + 4) !== '\r\n') throw new Error('chunked body without its final CRLF');
        return make(Buffer.concat(chunks), chunks, true, end + 4 + eol + 4);
      }
      if (rest.length < eol + 2 + size + 2) break;
      if (rest.toString('latin1', eol + 2 + size, eol + 4 + size) !== '\r\n') throw new Error('chunk without its CRLF');
      chunks.push(rest.subarray(eol + 2, eol + 2 + size));
      at = eol + 4 + size;
    }
    return closed ? make(Buffer.concat(chunks), chunks, false, buf.length) : undefined;
  }
  // No framing: the body ends with the connection (an HTTP/1.0 stream).
  return closed ? make(rest, [], true, buf.length) : undefined;
}

/** A client socket that writes exact bytes and keeps everything it reads. */
export class RawClient {
  private bytes = Buffer.alloc(0);
  /** Reads not yet joined to `bytes` (joined when looked at, so a large body is not copied per read). */
  private pending: Buffer[] = [];
  /** How many bytes have been read in all. */
  length = 0;
  /** How much of `received` the responses read so far used. */
  private read = 0;
  closed = false;
  private waiters: (() => void)[] = [];
  /** Settles once the socket has closed. */
  readonly gone: Promise<void>;

  private constructor(readonly socket: Socket) {
    // A client still sending when the server closes gets EPIPE/ECONNRESET: the tests read what came.
    socket.on('error', () => undefined);
    socket.on('data', (data: Buffer) => {
      this.pending.push(data);
      this.length += data.length;
      this.wake();
    });
    this.gone = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        this.wake();
        resolve();
      }),
    );
  }

  /** Everything read so far. */
  get received(): Buffer {
    if (this.pending.length > 0) this.bytes = Buffer.concat([this.bytes, ...this.pending.splice(0)]);
    return this.bytes;
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const client = new RawClient(socket);
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return client;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Writes `data` (a string as latin1 bytes unless it is a Buffer) and waits until the socket took it. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve) => this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, () => resolve()));
  }

  /** Writes `data` one byte at a time, each write on its own turn of the event loop. */
  async trickle(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    for (let i = 0; i < bytes.length; i++) {
      await this.write(bytes.subarray(i, i + 1));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Resolves once `ready` holds for the bytes read so far (checked again on every read and at the close). */
  async until(ready: (received: Buffer, closed: boolean) => boolean): Promise<void> {
    while (!ready(this.received, this.closed)) {
      if (this.closed) throw new Error(`connection closed; received ${JSON.stringify(this.received.toString('latin1'))}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves once `bytes` bytes have been read in all (without looking at them: for large bodies). */
  async untilLength(bytes: number): Promise<void> {
    while (this.length < bytes) {
      if (this.closed) throw new Error(`connection closed after ${this.length} of ${bytes} bytes`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves once the bytes read so far contain `text` (latin1). */
  untilText(text: string): Promise<void> {
    return this.until((received) => received.toString('latin1').includes(text));
  }

  /** The next response (after those read before); `head: true` for the answer to a HEAD request. */
  async response(options: { head?: boolean } = {}): Promise<RawResponse> {
    for (;;) {
      const parsed = parseResponse(this.received.subarray(this.read), this.closed, options.head === true);
      if (parsed) {
        this.read += parsed.used;
        return parsed.response;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The bytes after the responses read so far (latin1). */
  get unread(): string {
    return this.received.toString('latin1', this.read);
  }
}

/** A POST of `body` (UTF-8) to `/mcp` with its Content-Length; `extra` are more header lines, each ending in CRLF. */
export function post(body: string, extra = ''): string {
  return `POST /mcp HTTP/1.1\r\nhost: test\r\n${extra}content-length: ${Buffer.byteLength(body)}\r\n\r\n${Buffer.from(body, 'utf8').toString('latin1')}`;
}

/** A deferred promise, for handlers parked until a test lets them go. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
