/**
 * Server-sent events, as Streamable HTTP uses them: the `data` of each `message` event, in order.
 * Bytes are pushed as they arrive; a line or a character split across pieces waits for the rest.
 */
import { StringDecoder } from 'node:string_decoder';

export class SseDecoder {
  private readonly utf8 = new StringDecoder('utf8');
  private buffer = '';
  private event = '';
  private data: string[] = [];

  /** Takes the next piece of the stream; returns the data of every event it completed. */
  push(bytes: Buffer): string[] {
    this.buffer += this.utf8.write(bytes);
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const cr = this.buffer.indexOf('\r', start);
      const lf = this.buffer.indexOf('\n', start);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) break;
      // A lone `\r` at the end may be the first half of `\r\n`: wait for more.
      if (end === cr && end === this.buffer.length - 1) break;
      const line = this.buffer.slice(start, end);
      start = end + (end === cr && this.buffer[end + 1] === '\n' ? 2 : 1);
      this.line(line, out);
    }
    this.buffer = this.buffer.slice(start);
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
