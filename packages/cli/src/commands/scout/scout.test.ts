import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCaptured } from '../../testing/run-captured.js';

let cwd: string;
const run = (argv: string[]) => runCaptured(argv, { cwd, env: {}, correlationId: 'c' });
const write = (path: string, text: string) => {
  mkdirSync(join(cwd, path, '..'), { recursive: true });
  writeFileSync(join(cwd, path), text);
};

// The first run loads the engines (and the TypeScript parser) from source; do it outside the test timeouts.
beforeAll(async () => {
  await import('@gait/core-scout');
  await import('@gait/core-gate');
}, 120_000);

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-scout-'));
  write('src/agent.ts', `import { tool } from '@openai/agents';\nexport const a = tool({ name: 'delete_user' });\nexport const b = tool({ name: 'search' });\n`);
  write('policy.yaml', 'schema_id: gait.gate.policy\nschema_version: 1.0.0\ndefault_verdict: block\nrules:\n  - name: allow-search\n    effect: allow\n    match:\n      tool_names: [search]\n');
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('gait scout snapshot', () => {
  it('writes the snapshot and coverage and names what to gate next', async () => {
    const { code, stdout } = await run(['scout', 'snapshot', '--policy', 'policy.yaml']);
    expect(code).toBe(0);
    const [first, second, third] = stdout.trimEnd().split('\n');
    expect(first).toMatch(/^scout snapshot ok: \.\/gait-out\/inventory_snapshot_snap_[0-9a-f]{12}\.json$/);
    expect(second).toBe('coverage: discovered=2 gated=1 high_risk_ungated=1 coverage_percent=50.00');
    expect(third).toBe('gate next: tool:framework:openai_agents:delete_user');
    const path = join(cwd, first!.replace('scout snapshot ok: ', ''));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { items: unknown[]; schema_id: string };
    expect(snapshot.schema_id).toBe('gait.scout.inventory_snapshot');
    expect(snapshot.items).toHaveLength(2);
  });

  it('prints sorted JSON with the items and coverage', async () => {
    const { code, stdout } = await run(['scout', 'snapshot', '--json', '--out', 'inv.json', '--policy', 'policy.yaml', '--coverage-out', 'cov.json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['correlation_id', 'coverage', 'coverage_path', 'items', 'ok', 'snapshot_id', 'snapshot_path']);
    expect(out).toMatchObject({ ok: true, snapshot_path: 'inv.json', coverage_path: 'cov.json', coverage: { coverage_percent: 50 } });
    expect(JSON.parse(readFileSync(join(cwd, 'cov.json'), 'utf8'))).toMatchObject({ gated_tool_names: ['search'] });
  });

  it('exits 6 for a root that is not a folder or an unreadable policy', async () => {
    expect((await run(['scout', 'snapshot', '--roots', 'nope'])).code).toBe(6);
    const bad = await run(['scout', 'snapshot', '--policy', 'missing.yaml', '--json']);
    expect(bad.code).toBe(6);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error_code: 'invalid_input' });
  });
});

describe('gait scout diff', () => {
  it('exits 0 for identical snapshots and 2 with counts when tools changed', async () => {
    await run(['scout', 'snapshot', '--out', 'a.json']);
    expect(await run(['scout', 'diff', 'a.json', 'a.json'])).toMatchObject({ code: 0, stdout: 'scout diff ok: a.json vs a.json\n' });
    write('src/more.ts', `import { tool } from '@openai/agents';\nexport const c = tool({ name: 'send_email' });\n`);
    await run(['scout', 'snapshot', '--out', 'b.json']);
    const changed = await run(['scout', 'diff', '--left', 'a.json', '--right', 'b.json', '--out', 'drift.json', '--json']);
    expect(changed.code).toBe(2);
    expect(JSON.parse(changed.stdout)).toMatchObject({ ok: false, output_path: 'drift.json', diff: { added_count: 1, removed_count: 0, changed_count: 0 } });
    expect(changed.stdout).not.toContain('error_code');
  });

  it('needs two snapshots', async () => {
    const { code, stdout } = await run(['scout', 'diff', 'a.json']);
    expect(code).toBe(6);
    expect(stdout).toBe('scout diff error: expected <left_snapshot.json> <right_snapshot.json>\n');
  });
});

describe('gait scout signal', () => {
  it('clusters the demo run and writes the report', async () => {
    expect((await run(['demo'])).code).toBe(0);
    const { code, stdout } = await run(['scout', 'signal', 'run_demo', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { report: { created_at: string }; run_count: number; output_path: string };
    expect(out).toMatchObject({ ok: true, run_count: 1, family_count: 1, top_issues: 1, output_path: './gait-out/scout_signal_report.json' });
    expect(JSON.parse(readFileSync(join(cwd, 'gait-out/scout_signal_report.json'), 'utf8'))).toMatchObject({ created_at: '1980-01-01T00:00:00Z' });
  });

  it('requires runs', async () => {
    expect(await run(['scout', 'signal'])).toMatchObject({ code: 6, stdout: 'scout signal error: missing required --runs <csv> or positional run sources\n' });
  });
});
