/** Server-sent events, as Streamable HTTP uses them: the `data` of each `message` event, in order. */
import type { Readable } from 'node:stream';

export async function* readSse(stream: Readable): AsyncGenerator<string> {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  // Decoded by the stream, so a character split across chunks stays whole.
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    buffer += chunk as string;
    let end: number;
    while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, end);
      // A lone `\r` at the end of a chunk may be the first half of `\r\n`: wait for more.
      if (buffer[end] === '\r' && end === buffer.length - 1) break;
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (data.length > 0 && (event === '' || event === 'message')) yield data.join('\n');
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
    }
  }
}
