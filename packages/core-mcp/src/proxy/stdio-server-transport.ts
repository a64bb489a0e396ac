/**
 * The proxy's client-facing stdio transport: the SDK `StdioServerTransport`'s behaviour (reads
 * stdin, writes stdout, leaves stdin to other listeners on close) on a `JsonLineTransport`, so the
 * tool-call intercept can take plain calls without the schema pass.
 */
import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { JsonLineTransport, writeLine } from './stdio-lines.js';

export class StdioLineServerTransport extends JsonLineTransport {
  private started = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    maxBufferBytes?: number,
  ) {
    super(maxBufferBytes);
  }

  private readonly onstreamerror = (error: Error): void => this.onerror?.(error);

  async start(): Promise<void> {
    if (this.started) throw new Error('StdioLineServerTransport already started');
    this.started = true;
    this.input.on('data', this.ondata);
    this.input.on('error', this.onstreamerror);
  }

  async close(): Promise<void> {
    this.input.off('data', this.ondata);
    this.input.off('error', this.onstreamerror);
    // Pausing is only ours to do when nobody else reads the stream.
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.clearBuffer();
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return writeLine(this.output, message);
  }
}
