/** The decision service over HTTP on 127.0.0.1: routes, errors, auth, sessions, retention. */
import { existsSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { stopJob, submitJob } from '@gait/core-jobs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratch } from '../../test/support.js';
import { type ServeFlags, resolveServeConfig } from './config.js';
import { type DecisionService, startDecisionService } from './service.js';

let work: ReturnType<typeof scratch>;
let service: DecisionService | undefined;

async function serve(flags: Partial<ServeFlags> = {}): Promise<string> {
  const config = resolveServeConfig({ policyPath: work.policyPath, listen: '127.0.0.1:0', ...flags });
  service = await startDecisionService({ config, cwd: work.dir, env: flags.env ?? {} });
  return `http://${service.address}`;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const openai = (name: string) => ({ type: 'function', function: { name, arguments: '{"text":"<b>"}' } });

beforeEach(() => {
  work = scratch();
});
afterEach(async () => {
  await service?.close();
  service = undefined;
  rmSync(work.dir, { recursive: true, force: true });
});

describe('mcp serve', () => {
  it('decides an OpenAI call: struct-ordered body, exit_code last, trace under the trace dir', async () => {
    const base = await serve();
    const res = await post(`${base}/v1/evaluate`, { adapter: 'openai', run_id: 'server case', call: openai('echo') });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    const order = ['ok', 'executed', 'adapter', 'run_id', 'tool_name', 'verdict', 'reason_codes', 'policy_digest', 'intent_digest', 'decision_latency_ms', 'trace_id', 'trace_path', 'warnings', 'matched_rule_ids', 'exit_code'];
    expect(Object.keys(body)).toEqual(order.filter((k) => k in body));
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['ok', 'executed', 'trace_id', 'trace_path', 'exit_code']));
    expect(body).toMatchObject({ ok: true, executed: false, adapter: 'openai', run_id: 'run_server_case', tool_name: 'echo', verdict: 'allow', exit_code: 0 });
    expect(Object.keys(body).at(-1)).toBe('exit_code');
    expect(body.trace_path).toMatch(/^gait-out\/mcp-serve\/traces\/trace_run_server_case_\d{8}T\d{6}\.\d{9}\.json$/);
    expect(existsSync(join(work.dir, body.trace_path))).toBe(true);
    // JSON route: no HTML escaping.
    expect(res.text.endsWith('\n')).toBe(true);
  });

  it('maps verdicts to status codes only in strict mode, and serves SSE and NDJSON', async () => {
    const base = await serve({ httpVerdictStatus: 'strict' });
    const blocked = await post(`${base}/v1/evaluate/stream`, { adapter: 'openai', call: openai('delete_file') });
    expect(blocked.status).toBe(403);
    expect(blocked.type).toBe('application/x-ndjson');
    expect(JSON.parse(blocked.text)).toMatchObject({ verdict: 'block', exit_code: 3 });
    const approval = await post(`${base}/v1/evaluate/sse`, { adapter: 'anthropic', call: { type: 'tool_use', name: 'deploy', input: { note: '<x>' } } });
    expect(approval.status).toBe(409);
    expect(approval.type).toBe('text/event-stream');
    expect(approval.text.startsWith('event: evaluate\ndata: {')).toBe(true);
    expect(approval.text.endsWith('\n\n')).toBe(true);
    expect(JSON.parse(approval.text.slice('event: evaluate\ndata: '.length))).toMatchObject({ verdict: 'require_approval', exit_code: 4 });
  });

  it('rejects bad requests with the reference messages', async () => {
    const base = await serve({ maxRequestBytes: 200 });
    const cases: [unknown, number, string, Record<string, string>?][] = [
      [{ adapter: 'openai' }, 400, 'request.call is required'],
      [{ call: {}, extra: 1 }, 400, 'decode request: json: unknown field "extra"'],
      ['{"call":{}} {}', 400, 'request body must contain a single JSON object'],
      [{ call: {}, trace_path: 'x.json' }, 400, 'request.trace_path is not allowed by server configuration'],
      [{ call: { name: 'echo' }, adapter: 'cobol' }, 400, 'unsupported adapter: cobol'],
      [{ call: { pad: 'x'.repeat(300) } }, 413, 'request body exceeds max-request-bytes'],
      [{ call: {} }, 415, 'content-type must be application/json', { 'content-type': 'text/plain' }],
    ];
    for (const [body, status, message, headers] of cases) {
      const res = await post(`${base}/v1/evaluate`, body, headers);
      expect([res.status, JSON.parse(res.text)]).toEqual([status, { ok: false, error: message }]);
    }
    expect((await fetch(`${base}/v1/evaluate`)).status).toBe(405);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, service: 'gait.mcp.serve' });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('requires the bearer token in token mode, but not for /healthz', async () => {
    const base = await serve({ authMode: 'token', authTokenEnv: 'TOKEN', env: { TOKEN: 'abc' } });
    expect(JSON.parse((await post(`${base}/v1/evaluate`, { call: { name: 'echo' } })).text).error).toBe('missing bearer authorization');
    expect(JSON.parse((await post(`${base}/v1/evaluate`, { call: { name: 'echo' } }, { authorization: 'Bearer abd' })).text).error).toBe('invalid bearer authorization');
    expect((await post(`${base}/v1/evaluate`, { call: { name: 'echo' } }, { authorization: 'Bearer abc' })).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('journals sessions, falls back to a per-run journal for a second run, and checkpoints', async () => {
    const base = await serve({ runpackDir: './runpacks' });
    const call = (name: string) => ({ name, context: { identity: 'agent', workspace: '/w', session_id: 'sess:1' } });
    const first = JSON.parse((await post(`${base}/v1/evaluate`, { call: call('echo'), run_id: 'r1', checkpoint_interval: 1 })).text);
    expect(first.warnings).toContain('session_journal=gait-out/mcp-serve/sessions/sess_1.journal.jsonl sequence=1');
    expect(first.warnings.some((w: string) => w.startsWith('session_checkpoint=runpacks/sess_1_cp_000001.zip'))).toBe(true);
    const second = JSON.parse((await post(`${base}/v1/evaluate`, { call: call('deploy') })).text);
    expect(second.warnings.some((w: string) => /sess_1_run_mcp_[0-9a-f]{12}\.journal\.jsonl sequence=1/.test(w))).toBe(true);
    const journal = readFileSync(join(work.dir, 'gait-out/mcp-serve/sessions/sess_1.journal.jsonl'), 'utf8');
    expect(journal).toContain('"tool_name":"echo"');
  });

  it('preempts calls of an emergency-stopped job under --job-root, and blocks calls of a job it cannot read', async () => {
    const root = join(work.dir, 'state', 'jobs');
    await submitJob({ jobId: 'job_live', root });
    await submitJob({ jobId: 'job_halt', root });
    await stopJob({ jobId: 'job_halt', root });
    const base = await serve({ jobRoot: 'state/jobs', httpVerdictStatus: 'strict' });
    const call = (jobId: string) => ({ call: { name: 'echo', context: { identity: 'agent', workspace: '/w', job_id: jobId } } });
    const halted = await post(`${base}/v1/evaluate`, call('job_halt'));
    expect(halted.status).toBe(403);
    const body = JSON.parse(halted.text);
    expect(body).toMatchObject({ verdict: 'block', job_id: 'job_halt', violations: ['emergency_stop_active'], exit_code: 3 });
    expect(body.reason_codes).toContain('emergency_stop_preempted');
    // `job_id` takes its place among the HEAD additions, before `matched_rule_ids`; `exit_code` stays last.
    expect(Object.keys(body).slice(-3)).toEqual(['job_id', 'matched_rule_ids', 'exit_code']);
    expect(JSON.parse(readFileSync(join(work.dir, body.trace_path), 'utf8'))).toMatchObject({ verdict: 'block', trace_id: body.trace_id });

    const live = JSON.parse((await post(`${base}/v1/evaluate`, call('job_live'))).text);
    expect(live).toMatchObject({ verdict: 'allow', job_id: 'job_live', exit_code: 0 });
    expect(live.reason_codes).toEqual(['matched_rule_allow_echo']);

    // The default root (./gait-out/jobs) does not hold these jobs: unreadable, so blocked.
    await service!.close();
    const fallback = await serve();
    const unknown = JSON.parse((await post(`${fallback}/v1/evaluate`, call('job_live'))).text);
    expect(unknown).toMatchObject({ verdict: 'block', exit_code: 3 });
    expect(unknown.reason_codes).toContain('emergency_stop_state_unavailable');
    expect(unknown.warnings).toContain('job_status_unavailable=job_not_found');
  });

  it('applies trace retention after each request', async () => {
    const base = await serve({ traceMaxCount: 2 });
    const traceDir = join(work.dir, 'gait-out/mcp-serve/traces');
    const old = join(traceDir, 'trace_old.json');
    writeFileSync(old, '{}');
    utimesSync(old, new Date(0), new Date(0));
    let last: { warnings?: string[] } = {};
    for (let i = 0; i < 3; i++) last = JSON.parse((await post(`${base}/v1/evaluate`, { call: { name: 'echo' }, run_id: `r${i}` })).text);
    expect(readdirSync(traceDir).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(existsSync(old)).toBe(false);
    expect(last.warnings).toContain('retention_trace_removed_age=0 removed_count=1');
  });

  it('answers 503 beyond --max-concurrent requests in flight, and serves again once they finish', async () => {
    const base = await serve({ maxConcurrent: 1 });
    const body = JSON.stringify({ call: { name: 'echo' } });
    // Hold one request open: headers sent, body not yet complete.
    const held = request(`${base}/v1/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } });
    const heldStatus = new Promise<number>((resolve) => held.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0))));
    held.write(body.slice(0, 5));
    // The server sees the held request once its headers arrive; probe until it does (bounded).
    let busy = await post(`${base}/v1/evaluate`, body);
    for (let i = 0; i < 200 && busy.status !== 503; i++) busy = await post(`${base}/v1/evaluate`, body);
    expect([busy.status, JSON.parse(busy.text)]).toEqual([503, { ok: false, error: 'server busy: too many requests in flight' }]);
    held.end(body.slice(5));
    expect(await heldStatus).toBe(200);
    expect((await post(`${base}/v1/evaluate`, body)).status).toBe(200);
  });

  it('refuses browser origins that are not allowed with 403 before deciding anything, on every route', async () => {
    const base = await serve();
    const traceDir = join(work.dir, 'gait-out/mcp-serve/traces');
    const forbidden = { ok: false, error: 'forbidden origin: "http://evil.example" is not allowed (loopback origins and --allow-origin only)' };
    for (const route of ['/v1/evaluate', '/v1/evaluate/sse', '/v1/evaluate/stream']) {
      const res = await post(`${base}${route}`, { call: { name: 'echo' } }, { origin: 'http://evil.example' });
      expect([res.status, res.type, JSON.parse(res.text)]).toEqual([403, 'application/json', forbidden]);
    }
    expect((await fetch(`${base}/healthz`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    const malformed = await post(`${base}/v1/evaluate`, { call: { name: 'echo' } }, { origin: 'null' });
    expect([malformed.status, JSON.parse(malformed.text).error]).toEqual([403, 'forbidden origin: "null" is not a valid origin']);
    expect(readdirSync(traceDir)).toEqual([]);
    // Loopback pages and clients without an Origin are served, and the refusals left it serving.
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1', 'http://[::1]:8080']) {
      expect((await post(`${base}/v1/evaluate`, { call: { name: 'echo' } }, { origin })).status, origin).toBe(200);
    }
    expect((await post(`${base}/v1/evaluate`, { call: { name: 'echo' } })).status).toBe(200);
    expect(readdirSync(traceDir)).toHaveLength(4);
  });

  it('admits the origins given with --allow-origin, or any with *', async () => {
    let base = await serve({ allowOrigins: ['https://app.example'] });
    expect((await post(`${base}/v1/evaluate`, { call: { name: 'echo' } }, { origin: 'https://app.example' })).status).toBe(200);
    expect((await post(`${base}/v1/evaluate`, { call: { name: 'echo' } }, { origin: 'https://other.example' })).status).toBe(403);
    await service!.close();
    base = await serve({ allowOrigins: ['*'] });
    for (const origin of ['https://other.example', 'null']) {
      expect((await post(`${base}/v1/evaluate`, { call: { name: 'echo' } }, { origin })).status, origin).toBe(200);
    }
  });

  it('refuses unsafe start-up settings', () => {
    const base = { policyPath: 'p.yaml' };
    expect(() => resolveServeConfig({ ...base, listen: '0.0.0.0:8787' })).toThrow('non-loopback --listen requires --auth-mode token');
    expect(() => resolveServeConfig({ ...base, listen: ':8787' })).toThrow('non-loopback --listen requires --auth-mode token');
    expect(() => resolveServeConfig({ ...base, authMode: 'token' })).toThrow('--auth-mode token requires --auth-token-env');
    expect(() => resolveServeConfig({ ...base, authMode: 'token', authTokenEnv: 'X', env: {} })).toThrow('--auth-token-env did not resolve to a non-empty value');
    expect(() => resolveServeConfig({ ...base, maxRequestBytes: 0 })).toThrow('--max-request-bytes must be > 0');
    expect(() => resolveServeConfig({ ...base, traceMaxAge: 'soon' })).toThrow(/^parse --trace-max-age/);
    expect(() => resolveServeConfig({ ...base, traceMaxCount: -1 })).toThrow('retention max-count values must be >= 0');
    expect(() => resolveServeConfig({ ...base, httpVerdictStatus: 'loose' })).toThrow('unsupported --http-verdict-status value (expected compat or strict)');
    expect(resolveServeConfig({ ...base, listen: 'LOCALHOST:1' }).listen).toEqual({ host: 'LOCALHOST', port: 1 });
    expect(() => resolveServeConfig({ ...base, allowOrigins: ['app.example'] })).toThrow(
      'invalid --allow-origin value: "app.example" (expected an origin such as https://app.example, or *)',
    );
  });
});
