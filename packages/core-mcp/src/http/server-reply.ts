/**
 * The reply side of the proxy's own HTTP/1.1 server (`http1-server.ts`): one `ServerReply` per
 * request, writing a whole response in one write or a streamed one in chunks, and telling its
 * connection when it is complete so the next request on it can be read.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** `name, value, name, value, …`; names and values must be valid header text (see `checkHeader`). */
export type HeaderList = readonly string[];

/** The reply to one request. Exactly one of `send` or `start`…`end` answers it. */
export interface Reply {
  /** A whole response (the body as UTF-8), in one write. */
  send(status: number, headers: HeaderList, body?: string): void;
  /** Starts a streamed response (chunked; for an HTTP/1.0 client, ended by closing). */
  start(status: number, headers: HeaderList): void;
  /** Streams body bytes; false when the socket's buffer is full (see `drained`). */
  write(chunk: Uint8Array): boolean;
  /** Resolves once the socket can take more (at once if it can). */
  drained(): Promise<void>;
  end(): void;
  /** Cuts the connection: a streamed reply that cannot be completed must not look complete. */
  abort(): void;
  /** True once the reply is complete or its connection is gone. */
  readonly done: boolean;
  /**
   * Called once if the connection goes before the reply is complete; set on a reply whose
   * connection has already gone, it is called at once.
   */
  onclose: (() => void) | undefined;
}

/** What a reply needs of its connection. */
export interface ReplyConnection {
  readonly socket: Socket;
  /** The keep-alive window to announce, in whole seconds (0: none). */
  readonly keepAliveSeconds: number;
  /** The reply is complete; with `keepAlive` the connection takes its next request. */
  replied(keepAlive: boolean): void;
}

const CRLF = Buffer.from('\r\n');

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
}

function bodyless(status: number, method: string): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
}


/** The reply to one request; the connection takes its next request once this one is complete. */
export class ServerReply implements Reply {
  private streaming = false;
  /**
   * How a streamed body goes on the wire. `none` for a reply that has no body (HEAD, 204, 304):
   * its head has no transfer-encoding, so writing chunks or the last-chunk would put stray bytes
   * before the next response on the connection.
   */
  private framing: 'chunked' | 'raw' | 'none' = 'none';
  private replied = false;
  private gone = false;
  private closeListener: (() => void) | undefined;

  constructor(
    private readonly conn: ReplyConnection,
    private readonly method: string,
    private keepAlive: boolean,
    private readonly http10: boolean,
  ) {}

  get done(): boolean {
    return this.replied || this.gone;
  }

  get onclose(): (() => void) | undefined {
    return this.closeListener;
  }

  set onclose(listener: (() => void) | undefined) {
    if (this.gone && !this.replied) {
      listener?.();
      return;
    }
    this.closeListener = listener;
  }

  private endOfHead(): string {
    if (!this.keepAlive) return 'connection: close\r\n\r\n';
    const seconds = this.conn.keepAliveSeconds;
    // A window under a second cannot be announced (`timeout=0` reads as none to clients).
    return seconds > 0 ? `keep-alive: timeout=${seconds}\r\n\r\n` : '\r\n';
  }

  send(status: number, headers: HeaderList, body = ''): void {
    if (this.done || this.streaming) return;
    const { socket } = this.conn;
    let head = statusLine(status);
    for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    const length = Buffer.byteLength(body);
    if (!(status === 204 || status === 304 || status < 200)) head += `content-length: ${length}\r\n`;
    head += this.endOfHead();
    if (bodyless(status, this.method) || length === 0) socket.write(head, 'latin1');
    // An ASCII body (the usual JSON) goes with the head as one string.
    else if (length === body.length) socket.write(head + body, 'latin1');
    else {
      socket.cork();
      socket.write(head, 'latin1');
      socket.write(body, 'utf8');
      socket.uncork();
    }
    this.finish();
  }

  start(status: number, headers: HeaderList): void {
    if (this.done || this.streaming) return;
    let head = statusLine(status);
    for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    // An HTTP/1.0 client cannot read chunks: its body ends with the connection.
    if (this.http10) this.keepAlive = false;
    if (bodyless(status, this.method)) this.framing = 'none';
    else if (this.http10) this.framing = 'raw';
    else {
      this.framing = 'chunked';
      head += 'transfer-encoding: chunked\r\n';
    }
    head += this.endOfHead();
    this.conn.socket.write(head, 'latin1');
    this.streaming = true;
  }

  write(chunk: Uint8Array): boolean {
    if (this.done || !this.streaming) return !this.gone;
    if (chunk.length === 0 || this.framing === 'none') return true;
    const { socket } = this.conn;
    if (this.framing === 'raw') return socket.write(chunk);
    socket.cork();
    socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
    socket.write(chunk);
    const ok = socket.write(CRLF);
    socket.uncork();
    return ok;
  }

  drained(): Promise<void> {
    const { socket } = this.conn;
    if (this.gone || !socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const go = () => {
        socket.off('drain', go);
        socket.off('close', go);
        resolve();
      };
      socket.on('drain', go);
      socket.on('close', go);
    });
  }

  end(): void {
    if (this.done || !this.streaming) return;
    if (this.framing === 'chunked') this.conn.socket.write('0\r\n\r\n', 'latin1');
    this.finish();
  }

  abort(): void {
    if (this.done) return;
    this.gone = true;
    this.closeListener = undefined;
    this.conn.socket.destroy();
  }

  private finish(): void {
    this.replied = true;
    this.closeListener = undefined;
    this.conn.replied(this.keepAlive);
  }

  /** The connection went; tells the handler if the reply was not complete. */
  lost(): void {
    if (this.gone) return;
    this.gone = true;
    const listener = this.closeListener;
    this.closeListener = undefined;
    if (!this.replied) listener?.();
  }
}
