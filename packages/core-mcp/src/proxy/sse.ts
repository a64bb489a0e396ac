/**
 * Server-sent events, as Streamable HTTP uses them: the `data` of each `message` event, in order.
 * Bytes are pushed as they arrive; a line or a character split across pieces waits for the rest.
 */
import { StringDecoder } from 'node:string_decoder';

/** A line end: CRLF, CR or LF. */
const LINE_END = /\r\n|\r|\n/g;

export class SseDecoder {
  private readonly utf8 = new StringDecoder('utf8');
  private buffer = '';
  /** How far `buffer` is known to hold no line end, so each byte is scanned once. */
  private scanned = 0;
  private event = '';
  private data: string[] = [];

  /** Takes the next piece of the stream; returns the data of every event it completed. */
  push(bytes: Buffer): string[] {
    this.buffer += this.utf8.write(bytes);
    const out: string[] = [];
    let start = 0;
    LINE_END.lastIndex = this.scanned;
    for (let match = LINE_END.exec(this.buffer); match; match = LINE_END.exec(this.buffer)) {
      // A lone `\r` at the end may be the first half of `\r\n`: wait for more.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      this.line(this.buffer.slice(start, match.index), out);
      start = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(start);
    this.scanned = this.buffer.endsWith('\r') ? this.buffer.length - 1 : this.buffer.length;
    return out;
  }

  private line(line: string, out: string[]): void {
    if (line === '') {
      if (this.data.length > 0 && (this.event === '' || this.event === 'message')) out.push(this.data.join('\n'));
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}
