import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunpack } from '@gait/core-runpack';
import { validate } from '@gait/core-schema';
import { buildSignalReport, toolClassFor } from './signal.js';

let cwd: string;
const T = '2026-02-05T00:00:00Z';

async function record(runId: string, tools: string[], status: string): Promise<void> {
  await writeRunpack(join(cwd, `gait-out/runpack_${runId}.zip`), {
    run: { run_id: runId, created_at: T, env: { os: 'linux', arch: 'x64', runtime: 'node' }, timeline: [{ event: 'start', ts: T }] },
    intents: tools.map((tool, i) => ({ intent_id: `i${i}`, tool_name: tool, args: {} })),
    results: tools.map((_, i) => ({ intent_id: `i${i}`, status })),
    refs: { receipts: [{ ref_id: 'r1', source_type: 'database', source_locator: 'prod customer db', query_digest: 'a'.repeat(64), content_digest: 'b'.repeat(64), retrieved_at: T, redaction_mode: 'reference' }] },
  });
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-scout-signal-'));
  await record('run_a', ['tool.delete_user'], 'error');
  await record('run_b', ['tool.delete_user'], 'error');
  await record('run_c', ['tool.search'], 'ok');
  writeFileSync(join(cwd, 'trace_c.json'), JSON.stringify({ trace_id: 'x', correlation_id: 'run_c', verdict: 'block', violations: ['egress'] }));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('toolClassFor', () => {
  it('classes tools by name tokens', () => {
    expect(['tool.delete_user', 'file_write', 'search_docs', 'run_shell'].map(toolClassFor)).toEqual(['destructive', 'write', 'read', 'execute']);
  });
});

describe('buildSignalReport', () => {
  it('groups runs with the same fingerprint into families ranked by severity', async () => {
    const report = await buildSignalReport({ runs: ['run_a', 'run_b', 'gait-out/runpack_run_c.zip'], traces: ['trace_c.json'], cwd });
    const valid = validate('gait.scout.signal_report', report);
    expect(valid.ok ? [] : valid.errors).toEqual([]);
    expect(report).toMatchObject({ run_count: 3, family_count: 2, created_at: '1980-01-01T00:00:00Z' });
    const [worst, other] = report.families;
    expect(worst).toMatchObject({ count: 2, run_ids: ['run_a', 'run_b'], canonical_run_id: 'run_a', top_failure_reason: 'result_status_error', severity_level: 'critical' });
    expect(worst?.family_id).toBe(`fam_${worst?.fingerprint.slice(0, 12)}`);
    expect(worst?.drivers).toContain('tool_result_shape_change');
    expect(other?.run_ids).toEqual(['run_c']);
    expect(other?.drivers).toContain('policy_change');
    const fpC = report.fingerprints.find((fp) => fp.run_id === 'run_c');
    expect(fpC).toMatchObject({ reason_code_vector: ['trace_verdict_block', 'violation_egress'], target_systems: ['database:prod_customer_db'], trace_count: 1 });
    expect(report.top_issues.map((issue) => issue.rank)).toEqual([1, 2]);
    expect(report.top_issues[0]).not.toHaveProperty('run_ids');
  });

  it('is deterministic for the same inputs', async () => {
    const a = await buildSignalReport({ runs: ['run_b', 'run_a'], cwd });
    const b = await buildSignalReport({ runs: ['run_a', 'run_b'], cwd });
    expect(a).toEqual(b);
  });

  it('requires runs and reports a missing runpack as invalid input', async () => {
    await expect(buildSignalReport({ runs: [], cwd })).rejects.toThrow(/missing required --runs/);
    await expect(buildSignalReport({ runs: ['run_missing'], cwd })).rejects.toMatchObject({ exitCode: 6 });
  });
});
