import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GaitError } from '@gait/core-errors';
import { bearerToken, isLoopbackHost, tokenMatches } from './access.js';
import { ExecRequestError, type ExecRunner, execArgv, runExec } from './exec.js';
import { UI_PAGE } from './page.js';
import { discoverPolicyInputs, intentText, listRuns, listTraces, regressView, runTimeline, testPolicy, uiState } from './views.js';

export interface UiServerOptions {
  /** Folder whose `gait-out/`, traces and regress results are shown; commands run here. */
  readonly workDir: string;
  readonly exec: ExecRunner;
  /** Required on every API call when set (`Authorization: Bearer <token>`). */
  readonly token?: string;
  /**
   * Accept any Host header. Off by default: on loopback only loopback Host names are served, so a
   * web page on another origin cannot reach the API through DNS rebinding.
   */
  readonly anyHost?: boolean;
}

const MAX_BODY = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(data);
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    // A JSON content type forces a CORS preflight, which this server never grants.
    throw new HttpError(415, 'content-type must be application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body exceeds 1 MiB');
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

function checkAccess(req: IncomingMessage, options: UiServerOptions): void {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (options.anyHost !== true && !isLoopbackHost(host)) throw new HttpError(403, `host not allowed: ${host}`);
  const origin = req.headers.origin;
  if (req.method !== 'GET' && origin !== undefined) {
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = '';
    }
    if (originHost !== req.headers.host) throw new HttpError(403, 'cross-origin request refused');
  }
  if (options.token !== undefined && (req.url ?? '').startsWith('/api/')) {
    const given = bearerToken(req.headers.authorization);
    if (given === undefined || !tokenMatches(given, options.token)) throw new HttpError(401, 'missing or wrong token');
  }
}

async function route(req: IncomingMessage, res: ServerResponse, options: UiServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://ui.local');
  const { workDir } = options;
  const get = req.method === 'GET';
  if (get && url.pathname === '/api/health') return send(res, 200, { ok: true, service: 'gait.ui' });
  if (get && url.pathname === '/api/state') return send(res, 200, await uiState(workDir));
  if (get && url.pathname === '/api/runs') return send(res, 200, { ok: true, runs: await listRuns(workDir) });
  if (get && url.pathname.startsWith('/api/runs/')) return send(res, 200, await runTimeline(workDir, decodeURIComponent(url.pathname.slice('/api/runs/'.length))));
  if (get && url.pathname === '/api/traces') return send(res, 200, { ok: true, traces: listTraces(workDir) });
  if (get && url.pathname === '/api/regress') return send(res, 200, regressView(workDir));
  if (get && url.pathname === '/api/intent') return send(res, 200, { ok: true, intent_text: intentText(workDir, url.searchParams.get('path') ?? '') });
  if (get && url.pathname === '/api/policies') return send(res, 200, { ok: true, ...discoverPolicyInputs(workDir) });
  if (req.method === 'POST' && url.pathname === '/api/policy-test') return send(res, 200, testPolicy(workDir, await readJsonBody(req)));
  if (req.method === 'POST' && url.pathname === '/api/exec') {
    const body = await readJsonBody(req);
    const command = typeof body.command === 'string' ? body.command : '';
    let argv: string[];
    try {
      argv = execArgv(command, (body.args ?? {}) as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof ExecRequestError)) throw error;
      return send(res, 400, { ok: false, command, argv: [], exit_code: 6, duration_ms: 0, stdout: '', stderr: '', error: error.message });
    }
    const { status, body: response } = await runExec(command, argv, options.exec);
    return send(res, status, response);
  }
  if (url.pathname.startsWith('/api/')) throw new HttpError(404, `no such route: ${req.method} ${url.pathname}`);
  if (!get) throw new HttpError(405, 'method not allowed');
  // Everything else is the single page (the reference's SPA fallback).
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:",
    'x-frame-options': 'DENY',
  });
  res.end(UI_PAGE);
}

/**
 * The `gait ui` HTTP server: the reference's health, state and allowlisted exec routes plus the
 * views (runs, a run's timeline, traces, regress results, policy tester). Not listening yet; the
 * caller chooses the address. Timeouts follow the reference (headers 5 s, request 20 s, idle 60 s).
 */
export function createUiServer(options: UiServerOptions): Server {
  const server = createServer((req, res) => {
    const handle = async () => {
      try {
        checkAccess(req, options);
        await route(req, res, options);
      } catch (error) {
        if (error instanceof HttpError) return send(res, error.status, { ok: false, error: error.message });
        if (error instanceof GaitError) return send(res, error.exitCode === 6 ? 400 : 500, { ok: false, error: error.message, error_code: error.code });
        return send(res, 500, { ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    };
    void handle();
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 20_000;
  server.keepAliveTimeout = 60_000;
  return server;
}
