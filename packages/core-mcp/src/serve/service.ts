/**
 * `gait mcp serve`: the reference's local HTTP decision service (surfaces.md §1.5). It decides and
 * records; it never executes a tool. Listens on loopback unless token auth is on; bodies are
 * size-limited; requests in flight are bounded (503 beyond, an addition to the reference). A
 * request whose `Origin` is not allowed gets 403 before anything else (also an addition: the
 * reference checks no Origin, so a page that rebinds its name to the loopback address could have
 * it decide calls and write traces; see `../http/origin.ts`).
 */
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute, join } from 'node:path';
import { exitCodeForError } from '@gait/core-errors';
import { BodyTooLargeError, checkBearer, closeServer, createBoundedServer, listenOn, readBody } from '../http/listen.js';
import { originCheck } from '../http/origin.js';
import type { ServeConfig } from './config.js';
import { evaluateRequest, type ServeResponse } from './evaluate-request.js';
import { RequestError, decodeEvaluateRequest } from './request.js';

export interface DecisionServiceOptions {
  config: ServeConfig;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  producerVersion?: string;
}

export interface DecisionService {
  /** `host:port` actually bound. */
  address: string;
  close(): Promise<void>;
}

type Route = 'json' | 'sse' | 'stream';
const ROUTES: Record<string, Route> = { '/v1/evaluate': 'json', '/v1/evaluate/sse': 'sse', '/v1/evaluate/stream': 'stream' };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: message });
}

/** Go's `json.Marshal` escapes these in the SSE route only. */
function htmlEscaped(text: string): string {
  return text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function statusFor(config: ServeConfig, verdict: string | undefined): number {
  if (!config.strictStatus) return 200;
  if (verdict === 'block') return 403;
  if (verdict === 'require_approval' || verdict === 'dry_run') return 409;
  return 200;
}

function contentTypeProblem(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const media = header.split(';')[0]!.trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(media)) return 'invalid content-type header';
  return media === 'application/json' ? undefined : 'content-type must be application/json';
}

export async function startDecisionService(options: DecisionServiceOptions): Promise<DecisionService> {
  const { config } = options;
  const cwd = options.cwd ?? process.cwd();
  const at = (dir: string) => (isAbsolute(dir) ? dir : join(cwd, dir));
  if (config.traceDir) mkdirSync(at(config.traceDir), { recursive: true, mode: 0o750 });
  if (config.sessionDir) mkdirSync(at(config.sessionDir), { recursive: true, mode: 0o750 });
  if (config.runpackDir) mkdirSync(at(config.runpackDir), { recursive: true, mode: 0o750 });
  const ctx = { config, cwd, env: options.env ?? process.env, producerVersion: options.producerVersion ?? '0.0.0-dev' };
  const checkOrigin = originCheck(config.allowOrigins);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // On every route, before the body is read: a page that is not allowed learns nothing.
    const forbidden = checkOrigin(req.headers.origin);
    if (forbidden !== undefined) return sendError(res, 403, forbidden);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      if (req.method !== 'GET') return sendError(res, 405, 'expected GET');
      return sendJson(res, 200, { ok: true, service: 'gait.mcp.serve' });
    }
    const route = ROUTES[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    if (req.method !== 'POST') return sendError(res, 405, 'expected POST');
    if (config.bearerToken !== undefined) {
      const auth = checkBearer(req.headers.authorization, config.bearerToken);
      if (auth !== 'ok') return sendError(res, 401, `${auth} bearer authorization`);
    }
    const typeProblem = contentTypeProblem(req.headers['content-type']);
    if (typeProblem) return sendError(res, 415, typeProblem);
    let body: Buffer;
    try {
      body = await readBody(req, config.maxRequestBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendError(res, 413, 'request body exceeds max-request-bytes');
      throw error;
    }
    let response: ServeResponse;
    try {
      response = await evaluateRequest(decodeEvaluateRequest(body.toString('utf8')), ctx);
    } catch (error) {
      // Every evaluation failure is the client's request (400), never a 5xx, as in the reference.
      const status = error instanceof RequestError ? error.status : 400;
      return sendError(res, status, (error as Error).message);
    }
    const status = statusFor(config, response.verdict);
    const text = JSON.stringify(response);
    if (route === 'json') {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(`${text}\n`);
    } else if (route === 'stream') {
      res.writeHead(status, { 'content-type': 'application/x-ndjson' });
      res.end(`${text}\n`);
    } else {
      res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.end(`event: evaluate\ndata: ${htmlEscaped(text)}\n\n`);
    }
  }

  const http = createBoundedServer({
    maxConcurrent: config.maxConcurrent,
    handle,
    busy: (res) => sendError(res, 503, 'server busy: too many requests in flight'),
    failed: (res, error) => sendError(res, exitCodeForError(error, 6) === 1 ? 500 : 400, (error as Error).message),
  });
  const address = await listenOn(http, config.listen);
  return { address, close: () => closeServer(http) };
}
