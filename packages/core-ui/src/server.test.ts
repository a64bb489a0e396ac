import type { AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOf, isLoopbackHost } from './access.js';
import { execArgv } from './exec.js';
import { createUiServer } from './server.js';

let workDir: string;
const calls: string[][] = [];
const servers: Server[] = [];

async function serve(options: { token?: string; anyHost?: boolean } = {}): Promise<string> {
  const server = createUiServer({
    workDir,
    ...options,
    exec: async (argv) => {
      calls.push([...argv]);
      if (argv[0] === 'explode') throw new Error('boom');
      return { exitCode: argv[0] === 'verify' ? 2 : 0, stdout: '{"ok":true,"run_id":"run_demo"}\n', stderr: '' };
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'gait-ui-'));
  mkdirSync(join(workDir, 'policies'));
  mkdirSync(join(workDir, 'intents'));
  writeFileSync(join(workDir, 'policies/p.yaml'), 'schema_id: gait.gate.policy\nschema_version: 1.0.0\ndefault_verdict: block\nrules:\n  - name: allow-read\n    effect: allow\n    match:\n      tool_names: [tool.read]\n');
  writeFileSync(join(workDir, 'gait.yaml'), 'fixtures: []\n');
  writeFileSync(join(workDir, 'intents/read.json'), JSON.stringify({ tool_name: 'tool.read', args: {}, context: { identity: 'a', workspace: '/w', risk_class: 'low' } }));
});
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(workDir, { recursive: true, force: true });
});

const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the UI server', () => {
  it('answers health and state like the reference', async () => {
    const base = await serve();
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ ok: true, service: 'gait.ui' });
    const state = (await (await fetch(`${base}/api/state`)).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ ok: true, gait_config_exists: true, default_policy_path: 'examples/policy/base_high_risk.yaml' });
    expect(state.artifacts).toEqual([
      { key: 'runpack', path: 'gait-out/runpack_run_demo.zip', exists: false },
      { key: 'regress_result', path: 'regress_result.json', exists: false },
      { key: 'junit', path: 'gait-out/junit.xml', exists: false },
    ]);
    const page = await fetch(`${base}/anything/else`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>Gait</title>');
  });

  it('runs only allowlisted commands and reports their result', async () => {
    const base = await serve();
    const ok = (await (await post(base, '/api/exec', { command: 'demo' })).json()) as Record<string, unknown>;
    expect(ok).toMatchObject({ ok: true, command: 'demo', argv: ['gait', 'demo', '--json'], exit_code: 0, json: { ok: true, run_id: 'run_demo' } });
    const failed = (await (await post(base, '/api/exec', { command: 'verify_demo' })).json()) as Record<string, unknown>;
    expect(failed).toMatchObject({ ok: false, exit_code: 2 });
    const refused = await post(base, '/api/exec', { command: 'rm -rf /' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ ok: false, exit_code: 6, error: 'unsupported command: rm -rf /' });
    const badArg = await post(base, '/api/exec', { command: 'regress_init', args: { run_id: 'x; rm' } });
    expect(badArg.status).toBe(400);
    expect(calls.some((argv) => argv.includes('x; rm'))).toBe(false);
  });

  it('refuses non-JSON posts, cross-origin posts and foreign Host headers', async () => {
    const base = await serve();
    const plain = await fetch(`${base}/api/exec`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"command":"demo"}' });
    expect(plain.status).toBe(415);
    expect((await post(base, '/api/exec', { command: 'demo' }, { origin: 'https://evil.example' })).status).toBe(403);
    // fetch may not set Host, so ask with node:http as a rebinding browser would arrive.
    const status = await new Promise<number>((resolve, reject) => {
      request(`${base}/api/health`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    expect(status).toBe(403);
  });

  it('requires the token on every API call when one is set', async () => {
    const base = await serve({ token: 'secret-token', anyHost: true });
    expect((await fetch(`${base}/api/state`)).status).toBe(401);
    expect((await fetch(`${base}/api/state`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/api/state`, { headers: { authorization: 'Bearer secret-token' } })).status).toBe(200);
  });

  it('tests listed policies against listed or inline intents only', async () => {
    const base = await serve();
    expect(await (await fetch(`${base}/api/policies`)).json()).toEqual({ ok: true, policies: ['policies/p.yaml'], intents: ['intents/read.json'] });
    const allowed = (await (await post(base, '/api/policy-test', { policy_path: 'policies/p.yaml', intent_path: 'intents/read.json' })).json()) as Record<string, unknown>;
    expect(allowed).toMatchObject({ verdict: 'allow', matched_rule: 'allow-read' });
    const inline = (await (await post(base, '/api/policy-test', { policy_path: 'policies/p.yaml', intent: '{"tool_name":"tool.write","args":{},"context":{"identity":"a","workspace":"/w","risk_class":"low"}}' })).json()) as Record<string, unknown>;
    expect(inline, JSON.stringify(inline)).toMatchObject({ verdict: 'block', reason_codes: ['default_block'] });
    const outside = await post(base, '/api/policy-test', { policy_path: '/etc/passwd', intent_path: 'intents/read.json' });
    expect(outside.status).toBe(400);
    const missingContext = await post(base, '/api/policy-test', { policy_path: 'policies/p.yaml', intent: '{"tool_name":"x"}' });
    expect(await missingContext.json()).toMatchObject({ ok: false, error: 'normalize intent: context.identity is required' });
    expect((await fetch(`${base}/api/intent?path=${encodeURIComponent('../../etc/passwd')}`)).status).toBe(400);
  });
});

describe('access helpers', () => {
  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.8.9.1', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '', '10.0.0.1', 'example.com', '::'].some(isLoopbackHost)).toBe(false);
    expect(hostOf('[::1]:7980')).toBe('::1');
    expect(hostOf(':7980')).toBe('');
  });

  it('maps exec commands to fixed argv', () => {
    expect(execArgv('regress_init', { run_id: 'run_42' })).toEqual(['regress', 'init', '--from', 'run_42', '--json']);
    expect(execArgv('policy_block_test', {})).toEqual(['policy', 'test', 'examples/policy/base_high_risk.yaml', 'examples/policy/intents/intent_delete.json', '--json']);
    expect(() => execArgv('policy_block_test', { policy_path: '/etc/passwd' })).toThrow(/not an allowed example policy/);
  });
});
