/**
 * A small HTTP/1.1 client for the proxy's forwarding lane: kept-alive TCP (or TLS) sockets, one
 * request at a time on each, and a response parser for exactly what a Streamable HTTP server
 * sends (a status line, headers, and a body framed by Content-Length, chunked encoding, or the
 * end of the connection). `node:http`'s client builds a request object, an agent queue, an
 * incoming-message stream and a header object per call; on the proxy's hot path that was a
 * third of its own time, so the lane writes one precomputed head and parses the answer in place.
 *
 * It never retries: a request sent on a connection that then fails is reported as failed,
 * because a tool call is not safe to repeat. To avoid sending on a connection the server is
 * about to close, an idle connection is only reused within the server's keep-alive window.
 */
import { type Socket, connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { CRLF2, ChunkedDecoder, HEAD_ENDS, HeldBytes, LF2, MAX_HEAD_BYTES, type SyntaxFail, contentLength, endsInChunked, lineEnd, parseHeaderFields } from '../http/http1-wire.js';

export { checkHeader } from '../http/http1-wire.js';

/** What the lane learns of a response, in order: `head` once, `data` per body piece, then `end` or `fail`. */
export interface ResponseSink {
  /** Header names are lower-cased; repeated headers are joined with `, `. */
  head(status: number, headers: ReadonlyMap<string, string>): void;
  /** Body bytes, de-chunked. */
  data(chunk: Buffer): void;
  end(): void;
  fail(error: Error): void;
}

export interface PendingExchange {
  /** Drops the exchange: its connection is closed and the sink hears nothing more. */
  abort(): void;
}

/** A malformed response, or a connection that ended mid-response. */
export class UpstreamProtocolError extends Error {}

/** Reuse window for an idle connection when the server does not announce one (Node servers close at 5 s). */
const DEFAULT_IDLE_MS = 4_000;
/** At most this many idle connections are kept (as many as the proxy front serves at once by default). */
const MAX_IDLE = 256;

/** `HTTP/1.x NNN reason` up to and including its CRLF (or the end of the head). */
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n\0]*)?(?:\r\n|$)/;

const upstreamSent: SyntaxFail = (what) => new UpstreamProtocolError(`upstream sent ${what}`);

type BodyMode = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked'; decoder: ChunkedDecoder } | { kind: 'close' };

/**
 * One kept-alive socket. It calls its exchange's sink only while that sink is current, and lets
 * go of it before `end` or `fail`: so each sink hears `end` or `fail` once, and nothing after.
 */
class Connection {
  readonly socket: Socket;
  private sink: ResponseSink | undefined;
  idleSince = 0;
  /** Part of a response head, held until its end arrives. */
  private readonly pending = new HeldBytes();
  private inBody = false;
  private body: BodyMode = { kind: 'none' };
  private reusable = false;
  /** Set once the first response byte arrives: before that the request may not have been read. */
  private answered = false;

  /** How long this connection may sit idle and still be reused (from the server's `Keep-Alive`). */
  keepAliveMs = DEFAULT_IDLE_MS;

  constructor(
    socket: Socket,
    private readonly released: (conn: Connection, reusable: boolean) => void,
  ) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', (error: Error) => this.lost(error));
    // The server's FIN ends our side too (`allowHalfOpen` is off), so 'close' follows it.
    socket.on('close', () => this.lost(undefined));
  }

  send(head: string, body: Buffer | string, sink: ResponseSink): void {
    this.sink = sink;
    this.answered = false;
    this.inBody = false;
    this.pending.take();
    // Head (bytes as `node:http` writes them: latin1) and body (UTF-8) leave in one system call:
    // as one string when the body is ASCII (the usual JSON), else as two buffers.
    if (typeof body === 'string' && Buffer.byteLength(body) === body.length) {
      this.socket.write(head + body, 'latin1');
      return;
    }
    this.socket.cork();
    this.socket.write(head, 'latin1');
    this.socket.write(body, 'utf8');
    this.socket.uncork();
  }

  private receive(data: Buffer): void {
    const sink = this.sink;
    if (!sink) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.socket.destroy();
      return;
    }
    this.answered = true;
    try {
      // Part of a head is held until bytes come that could end it.
      if (this.pending.size > 0 && !this.pending.completedBy(data, HEAD_ENDS)) {
        this.pending.push(data);
        if (this.pending.size > MAX_HEAD_BYTES) throw this.headTooLong();
        return;
      }
      let buf = this.pending.size > 0 ? this.pending.take(data) : data;
      while (buf.length > 0 && this.sink === sink) {
        if (!this.inBody) {
          const end = buf.indexOf(CRLF2);
          // A head is too long whether or not its end arrived in the same read.
          if ((end < 0 ? buf.length : end + 4) > MAX_HEAD_BYTES) throw this.headTooLong();
          if (end < 0) {
            if (buf.includes(LF2)) throw upstreamSent('a response head without CRLF line ends');
            this.pending.push(buf);
            return;
          }
          const continued = this.parseHead(buf.toString('latin1', 0, end), sink);
          buf = buf.subarray(end + 4);
          if (continued) continue;
          if (this.body.kind === 'none') {
            this.finish(sink, buf);
            continue;
          }
          this.inBody = true;
          continue;
        }
        buf = this.parseBody(buf, sink);
      }
      if (buf.length > 0 && this.sink !== sink) this.socket.destroy();
    } catch (error) {
      this.sink = undefined;
      this.socket.destroy();
      sink.fail(error as Error);
    }
  }

  private headTooLong(): UpstreamProtocolError {
    return new UpstreamProtocolError(`upstream response head exceeds ${MAX_HEAD_BYTES} bytes`);
  }

  /** Parses a response head; true when it was an interim (1xx) response to skip. */
  private parseHead(text: string, sink: ResponseSink): boolean {
    const status = STATUS_LINE.exec(text);
    if (!status) throw upstreamSent(`a malformed status line: ${JSON.stringify(text.slice(0, Math.min(100, lineEnd(text, 0))))}`);
    const code = Number(status[2]);
    const headers = parseHeaderFields(text, status[0].length, upstreamSent);
    if (code >= 100 && code < 200) {
      if (code === 101) throw new UpstreamProtocolError('upstream switched protocols');
      return true;
    }
    const connection = (headers.get('connection') ?? '').toLowerCase();
    this.reusable = status[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    const timeout = /(?:^|[,\s])timeout=(\d+)/i.exec(headers.get('keep-alive') ?? '');
    if (timeout) this.keepAliveMs = Math.max(0, Math.min(DEFAULT_IDLE_MS, Number(timeout[1]) * 1000 - 1000));
    this.body = bodyMode(code, headers);
    if (this.body.kind === 'close') this.reusable = false;
    sink.head(code, headers);
    return false;
  }

  /** Consumes body bytes from `buf`; returns what is left after the body ended (or nothing). */
  private parseBody(buf: Buffer, sink: ResponseSink): Buffer {
    const body = this.body;
    if (body.kind === 'close') {
      sink.data(buf);
      return buf.subarray(buf.length);
    }
    if (body.kind === 'length') {
      const take = Math.min(body.left, buf.length);
      body.left -= take;
      if (take > 0) sink.data(buf.subarray(0, take));
      // The sink may have dropped the exchange (and the socket) on that data.
      if (this.sink !== sink) return buf.subarray(buf.length);
      if (body.left === 0) this.finish(sink, buf.subarray(take));
      return buf.subarray(take);
    }
    // (A body of kind `none` is never in progress: `receive` finishes the exchange at its head.)
    if (body.kind !== 'chunked') throw new Error('internal: no body in progress');
    // Chunked: the sink may drop the exchange (and the socket) on any piece of data.
    const rest = body.decoder.push(buf, (chunk) => {
      sink.data(chunk);
      return this.sink === sink;
    });
    if (rest === undefined) return buf.subarray(buf.length);
    this.finish(sink, rest);
    return rest;
  }

  /** The response is complete; `rest` is what came after it (a connection out of step unless empty). */
  private finish(sink: ResponseSink, rest: Buffer): void {
    this.sink = undefined;
    this.inBody = false;
    // Released before the sink hears of it, so a request it sends next can have this connection.
    this.released(this, this.reusable && rest.length === 0);
    sink.end();
  }

  /**
   * The connection is gone, with a socket `error` or a plain close: the exchange on it, if any,
   * ends here. Only a plain close ends a body delimited by the connection's end.
   */
  private lost(error: Error | undefined): void {
    const sink = this.sink;
    this.sink = undefined;
    this.released(this, false);
    if (!sink) return;
    if (!error && this.inBody && this.body.kind === 'close') return sink.end();
    if (this.answered) return sink.fail(new UpstreamProtocolError('upstream closed the connection in the middle of its answer'));
    sink.fail(error ?? new UpstreamProtocolError('upstream closed the connection before answering'));
  }

  /**
   * Drops the exchange of `sink` if it is still in progress: the socket goes, and with it anything
   * still in flight. An exchange already over leaves the connection (maybe serving another) alone.
   */
  drop(sink: ResponseSink): void {
    if (this.sink !== sink) return;
    this.sink = undefined;
    this.socket.destroy();
  }
}

function bodyMode(status: number, headers: ReadonlyMap<string, string>): BodyMode {
  if (status === 204 || status === 304) return { kind: 'none' };
  const coding = headers.get('transfer-encoding');
  if (coding !== undefined) {
    if (!endsInChunked(coding)) return { kind: 'close' };
    if (headers.has('content-length')) throw upstreamSent('both Transfer-Encoding and Content-Length');
    return { kind: 'chunked', decoder: new ChunkedDecoder(upstreamSent) };
  }
  const length = headers.get('content-length');
  if (length === undefined) return { kind: 'close' };
  const left = contentLength(length, upstreamSent);
  return left === 0 ? { kind: 'none' } : { kind: 'length', left };
}

/** Kept-alive connections to one origin (`http:` or `https:` URL). */
export class Http1Client {
  private readonly idle: Connection[] = [];
  private readonly busy = new Set<Connection>();
  private closed = false;

  constructor(private readonly url: URL) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported upstream URL scheme ${url.protocol}`);
  }

  /**
   * Sends one request (`head` ends with the blank line; a string body goes as UTF-8) and streams
   * its response into `sink`.
   */
  send(head: string, body: Buffer | string, sink: ResponseSink): PendingExchange {
    if (this.closed) {
      sink.fail(new UpstreamProtocolError('upstream client is closed'));
      return { abort() {} };
    }
    const conn = this.take();
    this.busy.add(conn);
    conn.send(head, body, sink);
    return { abort: () => conn.drop(sink) };
  }

  /** Closes every connection; exchanges in flight fail. */
  close(): void {
    this.closed = true;
    for (const conn of [...this.idle, ...this.busy]) conn.socket.destroy();
    this.idle.length = 0;
  }

  private take(): Connection {
    const now = performance.now();
    this.dropStale(now);
    // The most recently used connection first: the likeliest to be alive.
    for (let conn = this.idle.pop(); conn; conn = this.idle.pop()) {
      if (now - conn.idleSince < conn.keepAliveMs && !conn.socket.destroyed && conn.socket.readyState === 'open') {
        conn.socket.ref();
        return conn;
      }
      conn.socket.destroy();
    }
    return new Connection(this.open(), (c, reusable) => this.release(c, reusable));
  }

  /** Closes idle connections past their keep-alive window; `idle` is ordered by `idleSince`. */
  private dropStale(now: number): void {
    let stale = 0;
    while (stale < this.idle.length && now - this.idle[stale]!.idleSince >= this.idle[stale]!.keepAliveMs) stale++;
    for (const conn of this.idle.splice(0, stale)) conn.socket.destroy();
  }

  private release(conn: Connection, reusable: boolean): void {
    if (!this.busy.delete(conn)) {
      // Lost while idle: forget it.
      const at = this.idle.indexOf(conn);
      if (at >= 0) this.idle.splice(at, 1);
      return;
    }
    if (!reusable || this.closed || this.idle.length >= MAX_IDLE || conn.keepAliveMs <= 0) {
      conn.socket.destroy();
      return;
    }
    conn.idleSince = performance.now();
    // An idle connection does not hold the process open (as `node:http`'s agent does it).
    conn.socket.unref();
    this.idle.push(conn);
    this.dropStale(conn.idleSince);
  }

  private open(): Socket {
    const { hostname, port, protocol } = this.url;
    // `new URL('http://[::1]:1/').hostname` is `[::1]`; sockets want the bare address.
    const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    if (protocol === 'https:') {
      return tlsConnect({ host, port: Number(port || 443), ALPNProtocols: ['http/1.1'], ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }) });
    }
    return netConnect({ host, port: Number(port || 80) });
  }
}
