/**
 * The proxy's client-facing stdio transport: the SDK `StdioServerTransport`'s behaviour (reads
 * stdin, writes stdout, leaves stdin to other listeners on close) on a `JsonLineTransport`, so the
 * tool-call intercept can take plain calls without the schema pass.
 *
 * One addition: the MCP stdio shutdown. A client ends the session by closing the server's stdin;
 * the transport then stops reading, waits until every request it took has been answered, and only
 * then closes (`onclose`). Closing first would not do: the SDK's protocol layer drops the answers
 * of requests still being handled once its transport has closed.
 */
import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isObject } from '../tool-call/json.js';
import { JsonLineTransport, writeLine } from './stdio-lines.js';

type RequestId = string | number;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

export class StdioLineServerTransport extends JsonLineTransport {
  private started = false;
  private closed = false;
  /** Requests taken and not yet answered (or cancelled), counted by id: a client may reuse one. */
  private readonly unanswered = new Map<RequestId, number>();
  /** Called when the last unanswered request is answered, while `finish` waits for that. */
  private onAnswered: (() => void) | undefined;
  private finishing: Promise<void> | undefined;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    maxBufferBytes?: number,
  ) {
    super(maxBufferBytes);
  }

  private readonly onstreamerror = (error: Error): void => this.onerror?.(error);
  private readonly oninputend = (): void => void this.finish();

  async start(): Promise<void> {
    if (this.started) throw new Error('StdioLineServerTransport already started');
    this.started = true;
    this.input.on('data', this.ondata);
    this.input.on('error', this.onstreamerror);
    this.input.on('end', this.oninputend);
    this.input.on('close', this.oninputend);
    // A client that stops reading (EPIPE) is reported, not thrown: traces must still be flushed.
    // Kept after close, when answers to calls still in flight may be written.
    this.output.on('error', this.onstreamerror);
  }

  /**
   * Ends the session: stops reading (no new request is taken), waits until every request taken
   * has been answered, or the answer could not be written, then closes. Runs when stdin ends;
   * the proxy also calls it when its upstream has gone.
   */
  finish(): Promise<void> {
    this.finishing ??= (async () => {
      this.stopReading();
      if (this.unanswered.size > 0) await new Promise<void>((resolve) => (this.onAnswered = resolve));
      await this.close();
    })();
    return this.finishing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopReading();
    this.input.off('error', this.onstreamerror);
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    const written = writeLine(this.output, message);
    const id = (message as { id?: unknown }).id;
    // An answer counts once it is written or could not be: a client gone can no longer read it.
    if ((typeof id === 'string' || typeof id === 'number') && !('method' in message)) {
      written.then(
        () => this.answered(id),
        () => this.answered(id),
      );
    }
    return written;
  }

  protected override accepted(message: unknown): void {
    if (!isObject(message) || typeof message.method !== 'string') return;
    const { id } = message;
    if (typeof id === 'string' || typeof id === 'number') {
      this.unanswered.set(id, (this.unanswered.get(id) ?? 0) + 1);
    } else if (message.method === 'notifications/cancelled' && isObject(message.params)) {
      // A cancelled request gets no answer (the SDK's rule, and the intercept's).
      const cancelled = message.params.requestId;
      if (typeof cancelled === 'string' || typeof cancelled === 'number') this.answered(cancelled);
    }
  }

  /**
   * A line that is not JSON gets a parse error (-32700), one that is not a JSON-RPC message an
   * invalid-request error (-32600) with its id when it has a usable one (JSON-RPC 2.0 §5.1); a
   * malformed response is not answered. The SDK's stdio transport answers neither, and a client
   * would wait for an answer that never comes. Reading goes on either way.
   */
  protected override rejected(value: unknown, reason: 'parse' | 'invalid'): void {
    if (reason === 'invalid' && isObject(value) && !('method' in value) && ('result' in value || 'error' in value)) return;
    const id = isObject(value) && (typeof value.id === 'string' || typeof value.id === 'number') ? value.id : null;
    const error =
      reason === 'parse'
        ? { code: PARSE_ERROR, message: 'Parse error: the line is not JSON' }
        : { code: INVALID_REQUEST, message: 'Invalid Request: not a JSON-RPC 2.0 message MCP accepts' };
    // `id: null` is what JSON-RPC prescribes here, though the SDK's message type has no room for it.
    writeLine(this.output, { jsonrpc: '2.0', id, error } as unknown as JSONRPCMessage).catch(() => undefined);
  }

  private answered(id: RequestId): void {
    const count = this.unanswered.get(id);
    if (count === undefined) return;
    if (count > 1) this.unanswered.set(id, count - 1);
    else this.unanswered.delete(id);
    if (this.unanswered.size === 0) this.onAnswered?.();
  }

  private stopReading(): void {
    this.input.off('data', this.ondata);
    this.input.off('end', this.oninputend);
    this.input.off('close', this.oninputend);
    // Pausing is only ours to do when nobody else reads the stream.
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.clearBuffer();
  }
}
