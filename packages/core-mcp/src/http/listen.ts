/** Listen addresses, loopback checks, request bodies and bearer tokens for the two HTTP fronts. */
import { timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type Server as NetServer, isIP } from 'node:net';
import { InvalidInputError } from '@gait/core-errors';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `host:port` (IPv6 in brackets). An empty host means every interface, as in Go. */
export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new InvalidInputError(`invalid --listen address: ${text}`, { code: 'usage' });
  return { host: m[1] ?? m[2] ?? '', port };
}

/** `localhost` (any case) or a loopback IP literal; any other name, or no host, is not loopback. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** The media type of a `Content-Type` value, lower-cased, without parameters (`''` when absent). */
export function mediaType(contentType: string | undefined): string {
  // The value nearly every MCP peer sends, answered without splitting and copying it.
  if (contentType === 'application/json') return contentType;
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export class BodyTooLargeError extends Error {}

/** The request body, refused past `limit` bytes without reading the rest into memory. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type BearerCheck = 'ok' | 'missing' | 'invalid';

/** `Authorization: Bearer <token>`, exact prefix, compared in constant time. */
export function checkBearer(header: string | undefined, token: string): BearerCheck {
  if (header === undefined || !header.startsWith('Bearer ')) return 'missing';
  const given = Buffer.from(header.slice('Bearer '.length).trim());
  const want = Buffer.from(token.trim());
  return given.length === want.length && timingSafeEqual(given, want) ? 'ok' : 'invalid';
}

export function listenOn(server: NetServer, address: ListenAddress): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host || undefined, () => {
      server.off('error', reject);
      const bound = server.address();
      if (bound && typeof bound === 'object') {
        const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
        resolve(`${host}:${bound.port}`);
      } else resolve(String(bound));
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface BoundedServerOptions {
  maxConcurrent: number;
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Answers a request refused because `maxConcurrent` are in flight. */
  busy: (res: ServerResponse) => void;
  /** Answers a request whose handler threw. */
  failed: (res: ServerResponse, error: unknown) => void;
}

/**
 * An HTTP server that refuses requests beyond `maxConcurrent` in flight, with the reference
 * server's timeouts (headers 5 s, request 30 s, idle 60 s).
 */
export function createBoundedServer(options: BoundedServerOptions): Server {
  let inFlight = 0;
  const server = createServer((req, res) => {
    if (inFlight >= options.maxConcurrent) {
      req.resume();
      options.busy(res);
      return;
    }
    inFlight += 1;
    res.on('close', () => (inFlight -= 1));
    options.handle(req, res).catch((error: unknown) => options.failed(res, error));
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 60_000;
  return server;
}
