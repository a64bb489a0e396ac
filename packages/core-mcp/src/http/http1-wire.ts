/**
 * HTTP/1.1 message syntax shared by the proxy's own client (to the upstream) and its own server
 * (for the MCP client): header lines, header checks and chunked bodies. Both sides parse as
 * strictly as `node:http` does, and report a problem through a `fail` factory so each side names
 * its peer in the message (`upstream sent …`, `client sent …`).
 */

/** Builds the error for a syntax problem; `what` reads as the object of "sent" (`a malformed chunk size: "zz"`). */
export type SyntaxFail = (what: string) => Error;

/** Largest head (start line plus headers) accepted, and longest chunk line, as `node:http`'s default. */
export const MAX_HEAD_BYTES = 16 * 1024;

export const CRLF2 = Buffer.from('\r\n\r\n');
export const LF2 = Buffer.from('\n\n');
const CRLF = Buffer.from('\r\n');
/** What ends a head: its blank line, or (refused) a bare-LF blank line. */
export const HEAD_ENDS: readonly Buffer[] = [CRLF2, LF2];
const EMPTY = Buffer.alloc(0);

/** The characters of an RFC 9110 token (a method or a header name). */
export const TOKEN_CHARS = "!#$%&'*+.^_`|~0-9A-Za-z-";
const TOKEN = new RegExp(`^[${TOKEN_CHARS}]+$`);
/** 1 for the ASCII codes of token characters, by code. */
const IS_TOKEN = new Uint8Array(128);
for (let code = 0; code < 128; code++) IS_TOKEN[code] = TOKEN.test(String.fromCharCode(code)) ? 1 : 0;

/** Where the line starting at `at` ends (its CRLF, or the end of `text`). */
export function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\r\n', at);
  return end < 0 ? text.length : end;
}

/**
 * The header fields of a head (`text` without its final blank line) from offset `from`: names
 * lower-cased, repeated fields joined with `, `. A line that is not `token: value`, or that holds
 * a bare CR, LF or NUL, fails the whole head.
 */
export function parseHeaderFields(text: string, from: number, fail: SyntaxFail): Map<string, string> {
  const headers = new Map<string, string>();
  // A loop over character codes, not a regular expression per line: this runs for every request
  // and response, and cold (the proxy idles between calls) the loop takes a quarter less time.
  for (let at = from; at < text.length; ) {
    const end = lineEnd(text, at);
    const colon = text.indexOf(':', at);
    if (colon <= at || colon > end || !isToken(text, at, colon)) throw badLine(text, at, end, fail);
    // The value without surrounding blanks; inside it no control characters but HTAB (as `node:http`).
    let start = colon + 1;
    let stop = end;
    while (start < stop && isBlank(text.charCodeAt(start))) start++;
    while (stop > start && isBlank(text.charCodeAt(stop - 1))) stop--;
    for (let i = start; i < stop; i++) {
      const code = text.charCodeAt(i);
      if ((code < 0x20 && code !== 0x09) || code === 0x7f) throw badLine(text, at, end, fail);
    }
    const name = text.slice(at, colon).toLowerCase();
    const value = text.slice(start, stop);
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
    at = end + 2;
  }
  return headers;
}

const isBlank = (code: number) => code === 0x20 || code === 0x09;

function isToken(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f || IS_TOKEN[code] === 0) return false;
  }
  return true;
}

function badLine(text: string, at: number, end: number, fail: SyntaxFail): Error {
  const line = text.slice(at, end);
  // A bare CR or LF inside a line is a line end to some parsers: never guess which.
  if (/[\r\n\0]/.test(line)) return fail(`a header line with a bare CR, LF or NUL: ${JSON.stringify(line.slice(0, 100))}`);
  return fail(`a malformed header line: ${JSON.stringify(line.slice(0, 100))}`);
}

/** Throws unless `name: value` can go on the wire as one header line (the characters `node:http` allows). */
export function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) throw new TypeError(`invalid HTTP header name ${JSON.stringify(name)}`);
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new TypeError(`invalid value for HTTP header ${name}: only tab, printable ASCII and latin1 characters are allowed (no CR, LF, NUL or other controls)`);
  }
}

/** True when a `Transfer-Encoding` value ends in `chunked` (the only coding a body can be framed by). */
export function endsInChunked(coding: string): boolean {
  return /(?:^|,)\s*chunked\s*$/i.test(coding);
}

/** The value of a `Content-Length` field, or the failure for one that is not a plain decimal. */
export function contentLength(value: string, fail: SyntaxFail): number {
  if (!/^\d{1,15}$/.test(value)) throw fail(`an invalid Content-Length: ${JSON.stringify(value.slice(0, 40))}`);
  return Number(value);
}

/**
 * Bytes kept until the unit they start (a head, a chunk line) is complete. Held bytes are joined
 * once, when new bytes could complete the unit, never on every read: a peer sending a head a
 * byte at a time costs linear work, not quadratic.
 */
export class HeldBytes {
  private chunks: Buffer[] = [];
  size = 0;

  push(data: Buffer): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.size += data.length;
  }

  /** The held bytes followed by `data`, as one buffer; nothing is held afterwards. */
  take(data?: Buffer): Buffer {
    if (data) this.push(data);
    const all = this.chunks;
    this.chunks = [];
    this.size = 0;
    return all.length === 1 ? all[0]! : all.length === 0 ? EMPTY : Buffer.concat(all);
  }

  /**
   * True when one of `ends` occurs in the held bytes followed by `data`, given that none occurs
   * in the held bytes alone (the caller searched them). Every end holds an LF.
   */
  completedBy(data: Buffer, ends: readonly Buffer[]): boolean {
    if (!data.includes(0x0a)) return false;
    const reach = Math.max(...ends.map((end) => end.length)) - 1;
    const tail: Buffer[] = [];
    let need = reach;
    for (let i = this.chunks.length - 1; i >= 0 && need > 0; i--) {
      const chunk = this.chunks[i]!;
      tail.unshift(chunk.subarray(Math.max(0, chunk.length - need)));
      need -= Math.min(need, chunk.length);
    }
    const probe = tail.length > 0 ? Buffer.concat([...tail, data]) : data;
    return ends.some((end) => probe.includes(end));
  }
}

const enum ChunkState {
  Size,
  Data,
  DataEnd,
  Trailers,
}

/**
 * An incremental decoder of a chunked body (extensions and trailers are checked and ignored).
 * `push` passes each piece of body data to `data`, which returns false to stop decoding at once.
 */
export class ChunkedDecoder {
  private state = ChunkState.Size;
  private left = 0;
  /** Bytes of chunk extensions and trailers so far: framing, capped apart from the body's limit. */
  private framing = 0;
  /** A chunk-size, CRLF or trailer line not complete yet. */
  private readonly partial = new HeldBytes();

  constructor(private readonly fail: SyntaxFail) {}

  /**
   * Decodes `input`. Returns the bytes after the body once it has ended (maybe empty), or
   * undefined while it goes on or after `data` asked to stop.
   */
  push(input: Buffer, data: (chunk: Buffer) => boolean): Buffer | undefined {
    let buf = input;
    if (this.partial.size > 0) {
      if (!this.partial.completedBy(input, [CRLF])) {
        this.partial.push(input);
        if (this.partial.size > MAX_HEAD_BYTES) throw this.fail('an overlong chunk line');
        return undefined;
      }
      buf = this.partial.take(input);
    }
    while (buf.length > 0) {
      if (this.state === ChunkState.Data) {
        const take = Math.min(this.left, buf.length);
        this.left -= take;
        if (this.left === 0) this.state = ChunkState.DataEnd;
        if (!data(buf.subarray(0, take))) return undefined;
        buf = buf.subarray(take);
        continue;
      }
      const eol = buf.indexOf('\r\n');
      if ((eol < 0 ? buf.length : eol) > MAX_HEAD_BYTES) throw this.fail('an overlong chunk line');
      if (eol < 0) {
        this.partial.push(buf);
        return undefined;
      }
      const line = buf.toString('latin1', 0, eol);
      buf = buf.subarray(eol + 2);
      if (this.state === ChunkState.DataEnd) {
        if (line !== '') throw this.fail('a chunk without its closing CRLF');
        this.state = ChunkState.Size;
      } else if (this.state === ChunkState.Size) {
        // Blanks only before an extension's `;` (a bare `2 ` is refused, as `node:http` does).
        const size = /^([0-9A-Fa-f]{1,8})(?:[ \t]*;.*)?$/.exec(line);
        if (!size) throw this.fail(`a malformed chunk size: ${JSON.stringify(line.slice(0, 40))}`);
        this.countFraming(line.length - size[1]!.length);
        this.left = parseInt(size[1]!, 16);
        this.state = this.left === 0 ? ChunkState.Trailers : ChunkState.Data;
      } else if (line === '') {
        return buf;
      } else {
        // A trailer is dropped, but checked as a header line: a bare LF ending the body to one
        // parser and not to another would let bytes after it be read as a request of their own.
        parseHeaderFields(line, 0, this.fail);
        this.countFraming(line.length + 2);
      }
    }
    return undefined;
  }

  /** Extensions and trailers carry nothing the proxy uses: past 16 KiB in one body they are refused. */
  private countFraming(bytes: number): void {
    this.framing += bytes;
    if (this.framing > MAX_HEAD_BYTES) throw this.fail(`chunk extensions and trailers over ${MAX_HEAD_BYTES} bytes`);
  }
}
