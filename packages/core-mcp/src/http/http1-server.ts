/**
 * A small HTTP/1.1 server for the proxy's client-facing endpoint. `node:http`'s server builds an
 * incoming-message stream, a response stream and their listeners per request, and hands the body
 * over a tick later; on the proxy's hot path (a small JSON POST answered by a small JSON body)
 * that was a third of the proxy's own time. Here a request is parsed in place from the socket's
 * bytes, handed over whole (head and body), and a reply (`server-reply.ts`) leaves in one write.
 *
 * What it keeps of `node:http`'s server: requests on a connection are answered in order (a
 * pipelined request waits for the reply before it); heads over 16 KiB (431), bad syntax (400),
 * bodies over the limit (413), unknown expectations (417) and transfer codings other than
 * chunked (501) are refused before the handler; the reference's timeouts hold (the head within
 * 5 s, the whole request within 30 s: 408; an idle keep-alive connection closes after 60 s); a
 * refused request closes its connection after the reply, reading and dropping what the client
 * still sends for a moment so it can read the reply.
 */
import { type Server, type Socket, createServer } from 'node:net';
import {
  CRLF2,
  ChunkedDecoder,
  HEAD_ENDS,
  HeldBytes,
  LF2,
  MAX_HEAD_BYTES,
  TOKEN_CHARS,
  type SyntaxFail,
  contentLength,
  lineEnd,
  parseHeaderFields,
} from './http1-wire.js';
import { type Reply, type ReplyConnection, ServerReply } from './server-reply.js';

export type { Reply };

export interface RequestHead {
  readonly method: string;
  /** The request target as sent (`/mcp`, `/mcp?a=1`, or an absolute URL). */
  readonly target: string;
  /** Names lower-cased; repeated fields joined with `, `. */
  readonly headers: ReadonlyMap<string, string>;
}

export interface HttpRequest extends RequestHead {
  readonly body: Buffer;
}

export interface Http1ServerOptions {
  /** Answers a request; a returned promise settles once the reply is complete (or the client has gone). */
  handle(request: HttpRequest, reply: Reply): void | Promise<void>;
  /**
   * Looks at a request's head before its body is read: returns the answer for a request refused
   * there (wrong path, no credentials), whose body is then never read, or undefined to go on.
   */
  admit?(head: RequestHead): ((reply: Reply) => void) | undefined;
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes: number;
  /**
   * Requests at once, from the end of their head to the end of their reply (so at most this many
   * bodies are held); beyond it `busy` answers, before the body is read.
   */
  maxConcurrent: number;
  busy(reply: Reply): void;
  /** Answers a request whose handler threw (if it has not answered yet). */
  failed(reply: Reply, error: unknown): void;
  /** Answers a request refused before the handler (`status` 400, 408, 413, 417, 431 or 501). */
  refuse(reply: Reply, status: number, message: string): void;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  idleTimeoutMs?: number;
}

export interface Http1Server {
  readonly server: Server;
  /** Stops listening and closes every connection (replies in progress are cut). */
  close(): Promise<void>;
}

/** A request the server refuses before the handler sees it. */
class RefusedRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const badRequest: SyntaxFail = (what) => new RefusedRequest(400, `bad request: the client sent ${what}`);

/** `METHOD target HTTP/1.x` with its CRLF (or the end of the head). */
const REQUEST_LINE = new RegExp(`^([${TOKEN_CHARS}]+) ([\\x21-\\x7e]+) HTTP/1\\.([01])(?:\\r\\n|$)`);
/** How long a refused request's connection keeps reading (and dropping) before it is cut. */
const LINGER_MS = 2_000;
/** Bytes of pipelined requests held while a reply is in progress before the socket stops reading. */
const MAX_HELD_BYTES = 64 * 1024;
/** How often connections are checked for their deadlines. */
const SWEEP_MS = 500;
const EMPTY = Buffer.alloc(0);

const enum Phase {
  /** Between requests (or before the first): nothing read yet. */
  Idle,
  Head,
  Body,
  /** A request is with the handler; later bytes wait. */
  Handling,
  /** Refused or closing: bytes are dropped until the connection goes. */
  Closing,
}

interface Admission {
  /** Takes a slot for the request, or returns the answer refusing it. */
  admit(head: RequestHead): ((reply: Reply) => void) | undefined;
  release(): void;
}

interface Limits {
  headersMs: number;
  requestMs: number;
  idleMs: number;
  maxBodyBytes: number;
}

class ServerConnection implements ReplyConnection {
  private phase = Phase.Idle;
  /** When the current phase runs out (see `sweep`). */
  private deadline: number;
  private requestDeadline = 0;
  /** Bytes not parsed yet: part of a head, or a request that waits for the reply before it. */
  private readonly held = new HeldBytes();
  private current: ServerReply | undefined;
  // The request being read.
  private method = '';
  private target = '';
  private headers = new Map<string, string>();
  private keepAlive = true;
  private http10 = false;
  private left = 0;
  private decoder: ChunkedDecoder | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Whether the request in progress holds an admission slot. */
  private admitted = false;

  constructor(
    readonly socket: Socket,
    private readonly limits: Limits,
    private readonly admission: Admission,
    private readonly dispatch: (request: HttpRequest, reply: ServerReply) => void,
    private readonly refuse: (reply: Reply, status: number, message: string) => void,
  ) {
    this.deadline = performance.now() + limits.headersMs;
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.releaseSlot();
      this.current?.lost();
    });
  }

  private releaseSlot(): void {
    if (!this.admitted) return;
    this.admitted = false;
    this.admission.release();
  }

  get keepAliveSeconds(): number {
    return Math.floor(this.limits.idleMs / 1000);
  }

  private receive(data: Buffer): void {
    if (this.phase === Phase.Closing) return;
    if (this.phase === Phase.Handling) {
      this.hold(data);
      return;
    }
    try {
      // Part of a head is held until bytes come that could end it.
      if (this.phase === Phase.Head && this.held.size > 0 && !this.held.completedBy(data, HEAD_ENDS)) {
        this.held.push(data);
        if (this.held.size > MAX_HEAD_BYTES) throw new RefusedRequest(431, `request head exceeds ${MAX_HEAD_BYTES} bytes`);
        return;
      }
      this.parse(this.held.size > 0 ? this.held.take(data) : data);
    } catch (error) {
      if (!(error instanceof RefusedRequest)) throw error;
      this.refuseRequest(error.status, error.message);
    }
  }

  /** Keeps bytes of a request that must wait; stops reading past `MAX_HELD_BYTES`. */
  private hold(buf: Buffer): void {
    this.held.push(buf);
    if (this.held.size > MAX_HELD_BYTES) this.socket.pause();
  }

  /** Parses as much of the next request as `buf` holds, and hands it over once complete. */
  private parse(buf: Buffer): void {
    if (this.phase === Phase.Idle) {
      // A client may send a CRLF after a request body (RFC 9112 §2.2): skip empty lines (CRLF or
      // LF), and hold a CR that may be the first half of one; any other CR is the request's.
      let skip = 0;
      for (;;) {
        if (buf[skip] === 0x0a) skip += 1;
        else if (buf[skip] === 0x0d && buf[skip + 1] === 0x0a) skip += 2;
        else break;
      }
      buf = buf.subarray(skip);
      if (buf.length === 0) return;
      if (buf.length === 1 && buf[0] === 0x0d) {
        this.held.push(buf);
        return;
      }
      // A refusal before this request's line is read must not take the last request's method
      // (after a HEAD, the refusal's message would be left out).
      this.method = '';
      const now = performance.now();
      this.requestDeadline = now + this.limits.requestMs;
      this.deadline = Math.min(now + this.limits.headersMs, this.requestDeadline);
      this.phase = Phase.Head;
    }
    if (this.phase === Phase.Head) {
      const end = buf.indexOf(CRLF2);
      if ((end < 0 ? buf.length : end + 4) > MAX_HEAD_BYTES) throw new RefusedRequest(431, `request head exceeds ${MAX_HEAD_BYTES} bytes`);
      if (end < 0) {
        if (buf.includes(LF2)) throw badRequest('a request head without CRLF line ends');
        this.held.push(buf);
        return;
      }
      this.parseHead(buf.toString('latin1', 0, end));
      buf = buf.subarray(end + 4);
      // A request refused on its head is answered now. Its body is never read, so a connection
      // with a body on its way closes after the answer; one without goes on.
      const refusal = this.admission.admit({ method: this.method, target: this.target, headers: this.headers });
      if (refusal) return this.left === 0 && !this.decoder ? this.answer(refusal, buf) : this.answerAndClose(refusal);
      this.admitted = true;
      this.expectBody();
      this.phase = Phase.Body;
      this.deadline = this.requestDeadline;
      if (this.left === 0 && !this.decoder) return this.complete(buf);
    }
    if (this.decoder) {
      const rest = this.decoder.push(buf, (chunk) => this.take(chunk));
      if (rest !== undefined) this.complete(rest);
      return;
    }
    const take = Math.min(this.left, buf.length);
    if (take > 0) this.take(buf.subarray(0, take));
    this.left -= take;
    if (this.left === 0) this.complete(buf.subarray(take));
  }

  private take(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.limits.maxBodyBytes) throw new RefusedRequest(413, `request body exceeds ${this.limits.maxBodyBytes} bytes`);
    // A chunked body's pieces are copied: a view would hold on to the whole read it came from,
    // however much of it was chunk framing.
    this.chunks.push(this.decoder ? Buffer.from(chunk) : chunk);
    return true;
  }

  private parseHead(text: string): void {
    const line = REQUEST_LINE.exec(text);
    if (!line) throw badRequest(`a malformed request line: ${JSON.stringify(text.slice(0, Math.min(100, lineEnd(text, 0))))}`);
    this.method = line[1]!;
    this.target = line[2]!;
    this.http10 = line[3] === '0';
    const headers = parseHeaderFields(text, line[0].length, badRequest);
    this.headers = headers;
    const host = headers.get('host');
    if (!this.http10 && host === undefined) throw badRequest('no Host header');
    if (host?.includes(',')) throw badRequest('more than one Host header');
    const connection = (headers.get('connection') ?? '').toLowerCase();
    // HTTP/1.0 keep-alive is not offered: such a client gets one request per connection.
    this.keepAlive = !this.http10 && !connection.includes('close');
    this.left = 0;
    this.decoder = undefined;
    this.chunks = [];
    this.size = 0;
    const coding = headers.get('transfer-encoding');
    const length = headers.get('content-length');
    if (coding !== undefined) {
      if (this.http10) throw badRequest('Transfer-Encoding in an HTTP/1.0 request');
      // Compared as parsed (blanks around it are already gone): `chunked` and nothing else.
      if (coding.toLowerCase() !== 'chunked') throw new RefusedRequest(501, `transfer coding not supported: ${JSON.stringify(coding.slice(0, 40))}`);
      if (length !== undefined) throw badRequest('both Transfer-Encoding and Content-Length');
      this.decoder = new ChunkedDecoder(badRequest);
    } else if (length !== undefined) {
      this.left = contentLength(length, badRequest);
    }
    const expect = headers.get('expect');
    if (expect !== undefined && expect.toLowerCase() !== '100-continue') throw new RefusedRequest(417, `expectation not supported: ${JSON.stringify(expect.slice(0, 40))}`);
  }

  /** After admission: a body too large is refused, and one that waits for `100 Continue` is invited. */
  private expectBody(): void {
    if (this.left > this.limits.maxBodyBytes) throw new RefusedRequest(413, `request body exceeds ${this.limits.maxBodyBytes} bytes`);
    const invited = !this.http10 && (this.left > 0 || this.decoder) && this.headers.get('expect') !== undefined;
    if (invited) this.socket.write('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
  }

  /** The request is complete; `rest` is what followed it (a pipelined request). */
  private complete(rest: Buffer): void {
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [];
    const reply = this.nextReply(rest);
    this.dispatch({ method: this.method, target: this.target, headers: this.headers, body }, reply);
  }

  /** The reply for the request just read; `rest` (a pipelined request) waits for it. */
  private nextReply(rest: Buffer): ServerReply {
    this.phase = Phase.Handling;
    this.deadline = Infinity;
    this.hold(rest);
    const reply = new ServerReply(this, this.method, this.keepAlive, this.http10);
    this.current = reply;
    return reply;
  }

  /** Answers a bodiless request refused on its head, on a connection that goes on. */
  private answer(refusal: (reply: Reply) => void, rest: Buffer): void {
    const reply = this.nextReply(rest);
    refusal(reply);
    if (!reply.done) this.socket.destroy();
  }

  /** The current reply is on its way: the connection takes the next request, or closes. */
  replied(keepAlive: boolean): void {
    this.current = undefined;
    this.releaseSlot();
    if (!keepAlive) return this.closeAfterReply();
    this.phase = Phase.Idle;
    this.deadline = performance.now() + this.limits.idleMs;
    if (this.socket.isPaused()) this.socket.resume();
    // Held bytes (a pipelined request) are parsed once the handler that replied has returned, or
    // ahead of the next bytes read if those come first (a resumed socket reads on the next tick):
    // either way in order, and never inside that handler's call.
    if (this.held.size > 0) {
      queueMicrotask(() => {
        if (this.phase === Phase.Idle && this.held.size > 0) this.receive(EMPTY);
      });
    }
  }

  /** Refuses the request being read: the reply, then a lingering close. */
  private refuseRequest(status: number, message: string): void {
    this.answerAndClose((reply) => this.refuse(reply, status, message));
  }

  private answerAndClose(answer: (reply: Reply) => void): void {
    const reply = new ServerReply(this, this.method, false, this.http10);
    this.current = reply;
    this.phase = Phase.Closing;
    answer(reply);
    if (!reply.done) this.socket.destroy();
  }

  private closeAfterReply(): void {
    this.phase = Phase.Closing;
    this.held.take();
    // Keep reading (and dropping) for a moment, so a client still sending can read the reply.
    this.deadline = performance.now() + LINGER_MS;
    if (this.socket.isPaused()) this.socket.resume();
    this.socket.end();
  }

  /** Called by the server's sweep; acts once the phase's deadline has passed. */
  sweep(now: number): void {
    if (now < this.deadline) return;
    if (this.phase === Phase.Head || this.phase === Phase.Body) this.refuseRequest(408, 'request timeout: the request was not received in time');
    else this.socket.destroy();
  }
}

/** Starts nothing yet: `server` is a `net.Server` to hand to `listen`. */
export function createHttp1Server(options: Http1ServerOptions): Http1Server {
  const limits: Limits = {
    headersMs: options.headersTimeoutMs ?? 5_000,
    requestMs: options.requestTimeoutMs ?? 30_000,
    idleMs: options.idleTimeoutMs ?? 60_000,
    maxBodyBytes: options.maxBodyBytes,
  };
  const connections = new Set<ServerConnection>();
  let inFlight = 0;

  const admission: Admission = {
    admit(head) {
      const refusal = options.admit?.(head);
      if (refusal) return refusal;
      if (inFlight >= options.maxConcurrent) return options.busy;
      inFlight += 1;
      return undefined;
    },
    release() {
      inFlight -= 1;
    },
  };

  function dispatch(request: HttpRequest, reply: ServerReply): void {
    const settle = (error?: unknown) => {
      // A handler that ends without answering (or throws first) still gets its request answered.
      if (reply.done) return;
      options.failed(reply, error ?? new Error('the request was not answered'));
      // A streamed reply already under way cannot turn into an error: cut it.
      reply.abort();
    };
    let handled: void | Promise<void>;
    try {
      handled = options.handle(request, reply);
    } catch (error) {
      return settle(error);
    }
    if (handled instanceof Promise) handled.then(() => settle(), settle);
    else settle();
  }

  const server = createServer({ noDelay: true }, (socket) => {
    const conn = new ServerConnection(socket, limits, admission, dispatch, options.refuse);
    connections.add(conn);
    socket.on('close', () => connections.delete(conn));
  });
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const conn of connections) conn.sweep(now);
  }, SWEEP_MS);
  sweep.unref();
  server.on('close', () => clearInterval(sweep));

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweep);
        server.close(() => resolve());
        for (const conn of connections) conn.socket.destroy();
      }),
  };
}
