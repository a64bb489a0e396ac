/** `gait mcp proxy --call` and `gait mcp verify` through `runCli` (the forwarding modes are tested in @gait/core-mcp). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopJob, submitJob } from '@gait/core-jobs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCaptured } from '../../testing/run-captured.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-mcp-'));
  writeFileSync(join(cwd, 'policy.yaml'), 'default_verdict: block\nrules:\n  - name: allow-search\n    effect: allow\n    match:\n      tool_names: [tool.search]\n');
  writeFileSync(join(cwd, 'openai.json'), '{"type":"function","function":{"name":"tool.search","arguments":"{\\"query\\":\\"gait\\"}"}}');
  writeFileSync(join(cwd, 'block.json'), '{"name":"tool.delete","args":{"path":"/"}}');
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const run = (args: string[]) => runCaptured(args, { cwd, env: {} });

describe('gait mcp proxy --call', () => {
  it('decides an OpenAI payload and writes the trace in the cwd', async () => {
    const { code, stdout } = await run(['mcp', 'proxy', '--policy', 'policy.yaml', '--call', 'openai.json', '--adapter', 'openai', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ ok: true, executed: false, adapter: 'openai', tool_name: 'tool.search', verdict: 'allow' });
    expect(Object.keys(out)).toEqual([...Object.keys(out)].sort());
    expect(JSON.parse(readFileSync(join(cwd, out.trace_path), 'utf8')).verdict).toBe('allow');
  });

  it('exits 3 for block, accepts the positional form, and bridge is the same command', async () => {
    const text = await run(['mcp', 'bridge', 'policy.yaml', 'block.json']);
    expect(text.code).toBe(3);
    expect(text.stdout.split('\n')[0]).toBe('mcp proxy: verdict=block');
    const usage = await run(['mcp', 'proxy', '--policy', 'policy.yaml']);
    expect([usage.code, usage.stdout]).toEqual([6, 'mcp proxy error: expected --policy <policy.yaml> and --call <tool_call.json|->\n']);
    expect((await run(['mcp', 'proxy', '--call', 'block.json'])).code).toBe(6);
  });
});

describe('gait mcp proxy --call with context.job_id (emergency stop)', () => {
  const callFor = (jobId: string) => JSON.stringify({ name: 'tool.search', args: { query: 'q' }, context: { identity: 'a', workspace: '/w', session_id: 's', job_id: jobId } });

  it('exits 3 for a call whose job is emergency-stopped under --job-root, and 0 for a running job', async () => {
    await submitJob({ jobId: 'job_halt', root: join(cwd, 'jobs') });
    await stopJob({ jobId: 'job_halt', root: join(cwd, 'jobs') });
    await submitJob({ jobId: 'job_live', root: join(cwd, 'jobs') });
    writeFileSync(join(cwd, 'halt.json'), callFor('job_halt'));
    writeFileSync(join(cwd, 'live.json'), callFor('job_live'));
    const halted = await run(['mcp', 'proxy', '--policy', 'policy.yaml', '--call', 'halt.json', '--job-root', 'jobs', '--json']);
    expect(halted.code).toBe(3);
    const out = JSON.parse(halted.stdout);
    expect(out).toMatchObject({ ok: true, verdict: 'block', job_id: 'job_halt', violations: ['emergency_stop_active'] });
    expect(out.reason_codes).toContain('emergency_stop_preempted');
    expect(JSON.parse(readFileSync(join(cwd, out.trace_path), 'utf8')).verdict).toBe('block');
    const text = await run(['mcp', 'proxy', '--policy', 'policy.yaml', '--call', 'halt.json', '--job-root', 'jobs']);
    expect([text.code, text.stdout.split('\n')[0]]).toEqual([3, 'mcp proxy: verdict=block']);
    const live = await run(['mcp', 'proxy', '--policy', 'policy.yaml', '--call', 'live.json', '--job-root', 'jobs', '--json']);
    expect(live.code).toBe(0);
    expect(JSON.parse(live.stdout)).toMatchObject({ verdict: 'allow', job_id: 'job_live' });
    // One-shot calls name their job themselves; --job-id is the forwarding proxy's.
    const both = await run(['mcp', 'proxy', '--policy', 'policy.yaml', '--call', 'live.json', '--job-id', 'job_live']);
    expect([both.code, both.stdout]).toEqual([6, 'mcp proxy error: --job-id applies to the forwarding proxy; a one-shot call names its job in context.job_id\n']);
  });

  it('exits 3 when the job cannot be read: the default root ./gait-out/jobs does not hold it', async () => {
    await submitJob({ jobId: 'job_live', root: join(cwd, 'jobs') });
    writeFileSync(join(cwd, 'live.json'), callFor('job_live'));
    const r = await run(['mcp', 'proxy', '--policy', 'policy.yaml', '--call', 'live.json', '--json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.reason_codes).toContain('emergency_stop_state_unavailable');
    expect(out.warnings).toContain('job_status_unavailable=job_not_found');
  });
});

describe('gait mcp verify', () => {
  it('allows when the policy has no trust block and blocks an unknown server when enforced', async () => {
    writeFileSync(join(cwd, 'server.json'), '{"server_id":"acme-files"}');
    const open = await run(['mcp', 'verify', '--policy', 'policy.yaml', '--server', 'server.json']);
    expect([open.code, open.stdout]).toEqual([0, 'mcp verify: verdict=allow\n']);
    writeFileSync(join(cwd, 'snapshot.json'), '{"entries":[]}');
    writeFileSync(join(cwd, 'trust.yaml'), 'default_verdict: block\nmcp_trust:\n  snapshot: snapshot.json\n');
    const enforced = await run(['mcp', 'verify', '--policy', 'trust.yaml', '--server', 'server.json', '--json']);
    expect(enforced.code).toBe(3);
    expect(JSON.parse(enforced.stdout)).toMatchObject({ ok: false, verdict: 'block', reason_codes: ['mcp_trust_server_unknown'], violations: ['mcp_trust_policy'] });
    expect((await run(['mcp', 'verify', '--policy', 'policy.yaml'])).stdout).toContain('expected --policy <policy.yaml> and --server <server.json>');
  });
});

describe('gait mcp', () => {
  it('alone prints the family usage with the decision service endpoints and exits 6', async () => {
    for (const args of [['mcp'], ['mcp', 'nope']]) {
      const r = await run(args);
      expect(r.code).toBe(6);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe('Usage:');
      expect(lines.some((l) => l.startsWith('  gait mcp serve '))).toBe(true);
      expect(lines).toContain('  serve endpoints: POST /v1/evaluate, POST /v1/evaluate/sse, POST /v1/evaluate/stream');
    }
  });
});
