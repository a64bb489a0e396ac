/**
 * Newline-delimited JSON-RPC over streams, as the SDK's stdio transports speak it (one message
 * per line, a trailing CR dropped, at most 10 MiB waiting for its newline), with one addition: the
 * transport's owner can take a message as parsed, before the schema check. The proxy takes its hot
 * messages (plain `tools/call` requests, the lane's answers) that way, after its own cheaper check,
 * so they cost one `JSON.parse` and no zod; every other message is validated exactly as the SDK
 * transports do it (`JSONRPCMessageSchema.parse`) before `onmessage` sees it.
 */
import type { Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';

/** The SDK's limit on bytes buffered while waiting for a newline. */
export const MAX_LINE_BUFFER_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * Sees each parsed line before the schema check. Returning true takes the message: it is neither
 * validated nor given to `onmessage`, so a tap must itself check whatever it relies on.
 */
export type MessageTap = (message: unknown) => boolean;

export abstract class JsonLineTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onerror?: (error: Error) => void;
  onclose?: () => void;
  /** One owner: the proxy's tool-call intercept on the client-facing side, its lane on the upstream side. */
  tap: MessageTap | undefined;

  /** Bytes of a line not yet ended, in arrival order. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Bumped when the buffer is dropped, so a chunk being split stops there. */
  private generation = 0;

  constructor(private readonly maxBufferBytes: number = MAX_LINE_BUFFER_BYTES) {}

  abstract start(): Promise<void>;
  abstract close(): Promise<void>;
  abstract send(message: JSONRPCMessage): Promise<void>;

  /** Stream `data` handler. Too much data without a newline is reported and closes the transport, as in the SDK. */
  protected readonly ondata = (chunk: Buffer | string): void => {
    try {
      this.receive(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    } catch (error) {
      this.onerror?.(error as Error);
      this.close().catch(() => undefined);
    }
  };

  protected clearBuffer(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.generation++;
  }

  private receive(chunk: Buffer): void {
    if (this.partialBytes + chunk.length > this.maxBufferBytes) {
      this.clearBuffer();
      throw new Error(`stdio message buffer exceeded ${this.maxBufferBytes} bytes without a newline`);
    }
    let end = chunk.indexOf(NEWLINE);
    if (end === -1) return this.keep(chunk);
    const generation = this.generation;
    if (this.partialBytes > 0) {
      this.partial.push(chunk.subarray(0, end));
      const line = Buffer.concat(this.partial);
      this.partial = [];
      this.partialBytes = 0;
      this.line(line.toString('utf8'));
    } else {
      // The usual case: a whole message in one chunk, decoded straight from it.
      this.line(chunk.toString('utf8', 0, end));
    }
    let start = end + 1;
    while (this.generation === generation && (end = chunk.indexOf(NEWLINE, start)) !== -1) {
      this.line(chunk.toString('utf8', start, end));
      start = end + 1;
    }
    if (this.generation === generation && start < chunk.length) this.keep(chunk.subarray(start));
  }

  private keep(bytes: Buffer): void {
    this.partial.push(bytes);
    this.partialBytes += bytes.length;
  }

  /**
   * Sees each message taken: after the tap took it, or after the schema check and before
   * `onmessage`. Either way before any answer to it can be sent (answers are sent asynchronously).
   * Nothing by default; the client-facing side counts the requests it must answer.
   */
  protected accepted(_message: unknown): void {}

  /**
   * Sees each line that is not JSON (`parse`) or not a JSON-RPC message the schema takes
   * (`invalid`, with the parsed value), after it was reported to `onerror`. Nothing by default;
   * the client-facing side answers with a protocol error.
   */
  protected rejected(_value: unknown, _reason: 'parse' | 'invalid'): void {}

  /**
   * One line: a bad one is reported to `onerror` (as the SDK does) and reading goes on. A blank
   * line carries no message and is skipped.
   */
  private line(text: string): void {
    if (isBlank(text)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.charCodeAt(text.length - 1) === 0x0d ? text.slice(0, -1) : text);
    } catch (error) {
      this.onerror?.(error as Error);
      return this.rejected(undefined, 'parse');
    }
    try {
      if (this.tap?.(parsed)) return this.accepted(parsed);
    } catch (error) {
      return this.onerror?.(error as Error);
    }
    const checked = JSONRPCMessageSchema.safeParse(parsed);
    if (!checked.success) {
      this.onerror?.(checked.error);
      return this.rejected(parsed, 'invalid');
    }
    try {
      this.accepted(checked.data);
      this.onmessage?.(checked.data);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }
}

/**
 * Writes one message as a line in a single write. Resolves when the stream took it, or after
 * `drain` when it pushed back; rejects if the stream is gone before the line could be written.
 */
export function writeLine(stream: Writable, message: JSONRPCMessage): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.reject(new Error('Not connected: the stream is closed'));
  if (stream.write(`${JSON.stringify(message)}\n`)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const drained = () => {
      stream.off('close', closed);
      resolve();
    };
    const closed = () => {
      stream.off('drain', drained);
      reject(new Error('Not connected: the stream closed before the message was written'));
    };
    stream.once('drain', drained);
    stream.once('close', closed);
  });
}

/** Only spaces, tabs and CRs (a CRLF client's empty line), or nothing. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
