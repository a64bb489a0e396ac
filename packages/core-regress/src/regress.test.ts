import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@gait/core-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_STEPS, runInput, tempDir, writeRun, type StepSpec } from './test-support/runs.js';
import { bootstrapRegress, describeFailure, initFixture, runRegress } from './index.js';

let workDir: string;
beforeEach(() => {
  workDir = tempDir();
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

const readJson = (path: string) => JSON.parse(readFileSync(join(workDir, path), 'utf8')) as Record<string, any>;
const grader = (result: Record<string, any>, name: string) => result.graders.find((g: Record<string, any>) => g.name === name);

/** Records run A as the fixture and run B as its candidate. */
async function fixtureWithCandidate(candidateSteps: StepSpec[], fixtureExtra: Record<string, unknown> = {}) {
  const a = writeRun(join(workDir, 'runs'), 'run_a.zip', runInput('run_incident'));
  await initFixture({ from: a, workDir, name: 'incident' });
  writeRun(join(workDir, 'fixtures/incident'), 'candidate.zip', runInput('run_incident', candidateSteps));
  const file = join(workDir, 'fixtures/incident/fixture.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), candidate_runpack: 'candidate.zip', ...fixtureExtra }));
}

describe('initFixture', () => {
  it('copies the runpack, records its trajectory and regenerates gait.yaml from the fixture folders', async () => {
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('Run: Incident #7'));
    const out = await initFixture({ from: a, workDir });
    expect(out).toMatchObject({ fixture_name: 'run-incident-7', runpack_path: 'fixtures/run-incident-7/runpack.zip', config_path: 'gait.yaml' });
    expect(readFileSync(join(workDir, out.runpack_path))).toEqual(readFileSync(a));
    expect(statSync(join(workDir, out.runpack_path)).mode & 0o777).toBe(0o600);
    expect(readJson('fixtures/run-incident-7/fixture.json')).toEqual({
      schema_id: 'gait.regress.fixture',
      schema_version: '1.0.0',
      name: 'run-incident-7',
      run_id: 'Run: Incident #7',
      runpack: 'runpack.zip',
      expected_replay_exit_code: 0,
      expected_tool_sequence: ['fetch_url', 'file.write', 'email.send'],
      expected_verdict_sequence: ['allow', 'allow', 'allow'],
    });

    const b = writeRun(join(workDir, 'runs'), 'b.zip', runInput('run_b'));
    await initFixture({ from: b, workDir, name: 'alpha' });
    expect(readJson('gait.yaml').fixtures.map((f: Record<string, any>) => f.name)).toEqual(['alpha', 'run-incident-7']);
    expect(readdirSync(join(workDir, 'fixtures/alpha')).sort()).toEqual(['fixture.json', 'runpack.zip']); // no temp files
  });

  it('expects exit 2 from a run whose replay has a missing result, and records context evidence', async () => {
    const steps: StepSpec[] = [...BASE_STEPS.slice(0, 2), { tool: 'email.send', noResult: true }];
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_ctx', steps, { contextSetDigest: 'A'.repeat(64) }));
    await initFixture({ from: a, workDir });
    expect(readJson('fixtures/run_ctx/fixture.json')).toMatchObject({
      expected_replay_exit_code: 2,
      expected_verdict_sequence: ['allow', 'allow', 'missing_result'],
      context_conformance: 'required',
      expected_context_set_digest: 'a'.repeat(64),
    });
  });

  it('refuses bad names, unknown runs and tampered runpacks with exit 6, leaving no fixture', async () => {
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_a'));
    await expect(initFixture({ from: a, workDir, name: '../escape' })).rejects.toMatchObject({ exitCode: 6, message: expect.stringMatching(/invalid fixture name/) });
    await expect(initFixture({ from: 'run_nope', workDir, home: workDir })).rejects.toMatchObject({ exitCode: 6, message: 'runpack not found for run_id: run_nope' });
    await expect(initFixture({ from: '', workDir })).rejects.toThrow('missing required --from <run_id|path>');
    const bytes = readFileSync(a);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff; // inside a deflated member
    writeFileSync(join(workDir, 'runs/bad.zip'), bytes);
    await expect(initFixture({ from: join(workDir, 'runs/bad.zip'), workDir })).rejects.toMatchObject({ exitCode: 6 });
    expect(existsSync(join(workDir, 'fixtures'))).toBe(false);
  });

  it('finds a run id in ./gait-out', async () => {
    writeRun(join(workDir, 'gait-out'), 'runpack_run_local.zip', runInput('run_local'));
    const out = await initFixture({ from: 'run_local', workDir });
    expect(out.run_id).toBe('run_local');
  });
});

describe('runRegress', () => {
  it('passes a fixture against itself and writes a schema-valid result', async () => {
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_a'));
    await initFixture({ from: a, workDir });
    const report = await runRegress({ workDir, producerVersion: '9.9.9' });
    expect(report).toMatchObject({ ok: true, status: 'pass', graders: 4, failed: 0, artifact_paths: ['regress_result.json'] });
    const result = readJson('regress_result.json');
    expect(validate('gait.regress.result', result).ok).toBe(true);
    expect(result).toMatchObject({ created_at: '2026-03-01T12:00:00Z', producer_version: '9.9.9', status: 'pass' });
    expect(result.graders.map((g: Record<string, any>) => g.name)).toEqual(['run_a/diff', 'run_a/expected_exit_code', 'run_a/schema_validation', 'run_a/trajectory']);
    expect(grader(result, 'run_a/schema_validation').details).toEqual({
      fixture: 'run_a',
      hash_mismatches: 0,
      intent_records: 3,
      missing_files: null,
      reference_receipts: 1,
      result_records: 3,
      run_id: 'run_a',
    });
    expect(existsSync(join(workDir, 'junit.xml'))).toBe(false);
  });

  it('detects drift: run B changes step 2, and the failure names that step', async () => {
    const changed = BASE_STEPS.map((s, i) => (i === 1 ? { ...s, status: 'error', resultDigest: '9'.repeat(64) } : s));
    await fixtureWithCandidate(changed);
    const report = await runRegress({ workDir, junitPath: 'out/junit.xml' });
    expect(report).toMatchObject({
      ok: false,
      status: 'fail',
      failed: 2,
      top_failure_reason: 'unexpected_diff',
      next_command: 'gait regress run --json',
      artifact_paths: ['regress_result.json', 'out/junit.xml'],
    });
    const result = readJson('regress_result.json');
    const diff = grader(result, 'incident/diff');
    expect(diff).toMatchObject({ status: 'fail', reason_codes: ['unexpected_diff'] });
    expect(diff.details).toMatchObject({ changed_files: ['results.jsonl'], unexpected_files: ['results.jsonl'], candidate_runpack: 'fixtures/incident/candidate.zip' });
    expect(diff.details.changed_steps).toEqual([
      {
        step: 2,
        intent_id: 'intent_2',
        tool_name: 'file.write',
        change: 'changed',
        fields: [
          { field: 'result.status', expected: 'ok', actual: 'error' },
          { field: 'result_digest', expected: 'b'.repeat(64), actual: '9'.repeat(64) },
        ],
      },
    ]);
    expect(grader(result, 'incident/trajectory')).toMatchObject({
      status: 'fail',
      reason_codes: ['unexpected_verdict_sequence'],
      details: { verdict_sequence_mismatch_index: 1, verdict_sequence_expected_at_mismatch: 'allow', verdict_sequence_actual_at_mismatch: 'error' },
    });
    expect(report.failures.map((f) => f.summary)).toContain(
      'unexpected changes in results.jsonl (candidate fixtures/incident/candidate.zip); step 2 intent_2 (file.write): ' +
        `result.status "ok" -> "error", result_digest "${'b'.repeat(64)}" -> "${'9'.repeat(64)}"`,
    );
    const junit = readFileSync(join(workDir, 'out/junit.xml'), 'utf8');
    expect(junit).toContain('step 2 intent_2 (file.write)');
    expect(junit).toContain('verdict sequence differs at step 2: expected &#34;allow&#34;, got &#34;error&#34;');
  });

  it('names a replaced tool in the trajectory and an added step in the diff', async () => {
    await fixtureWithCandidate([BASE_STEPS[0]!, { ...BASE_STEPS[1]!, tool: 'shell.exec' }, BASE_STEPS[2]!, { tool: 'email.send' }]);
    const result = (await runRegress({ workDir })).result as unknown as Record<string, any>;
    expect(grader(result, 'incident/trajectory').details).toMatchObject({
      tool_sequence_mismatch_index: 1,
      tool_sequence_expected_at_mismatch: 'file.write',
      tool_sequence_actual_at_mismatch: 'shell.exec',
    });
    const steps = grader(result, 'incident/diff').details.changed_steps;
    expect(steps.map((s: Record<string, any>) => [s.step, s.intent_id, s.change])).toEqual([
      [2, 'intent_2', 'changed'],
      [4, 'intent_4', 'added'],
    ]);
  });

  it('keeps the one-line summary short when many steps changed, and lists them all in the report', async () => {
    const many: StepSpec[] = Array.from({ length: 8 }, (_, i) => ({ tool: `tool_${i}`, status: 'ok', resultDigest: String(i).repeat(64) }));
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_many', many));
    await initFixture({ from: a, workDir, name: 'many' });
    writeRun(join(workDir, 'fixtures/many'), 'candidate.zip', runInput('run_many', many.map((s) => ({ ...s, status: 'error' }))));
    const file = join(workDir, 'fixtures/many/fixture.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), candidate_runpack: 'candidate.zip' }));
    const report = await runRegress({ workDir, junitPath: 'junit.xml' });
    const diff = report.failures.find((f) => f.name === 'many/diff')!;
    expect(diff.summary).toMatch(/step 3 intent_3 \(tool_2\).*; and 5 more$/);
    expect(grader(report.result as never, 'many/diff').details.changed_steps).toHaveLength(8);
    expect(readFileSync(join(workDir, 'junit.xml'), 'utf8')).toContain('step 8 intent_8 (tool_7)');
  });

  it('lets a fixture allow a file to change', async () => {
    await fixtureWithCandidate(
      BASE_STEPS.map((s) => ({ ...s, resultDigest: '7'.repeat(64) })),
      { diff_allow_changed_files: ['results.jsonl'] },
    );
    const report = await runRegress({ workDir });
    expect(report.status).toBe('pass');
    expect(grader(report.result as never, 'incident/diff').details).toMatchObject({ changed_files: ['results.jsonl'], allowed_files: ['results.jsonl'] });
  });

  it('fails expected_exit_code when the replay outcome differs from the recorded one', async () => {
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_a'));
    await initFixture({ from: a, workDir });
    const file = join(workDir, 'fixtures/run_a/fixture.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), expected_replay_exit_code: 2 }));
    const report = await runRegress({ workDir });
    expect(report).toMatchObject({ status: 'fail', failed: 1, top_failure_reason: 'unexpected_exit_code' });
    expect(report.failures[0]).toMatchObject({ name: 'run_a/expected_exit_code', summary: 'stub replay exit code 0, expected 2' });
  });

  it('reports a damaged fixture runpack through schema_validation, not as a crash', async () => {
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_a'), 'raw');
    await initFixture({ from: a, workDir });
    const zip = join(workDir, 'fixtures/run_a/runpack.zip');
    const bytes = readFileSync(zip);
    bytes[Math.floor(bytes.length / 3)]! ^= 0x01;
    writeFileSync(zip, bytes);
    const report = await runRegress({ workDir, junitPath: 'junit.xml' });
    expect(report.status).toBe('fail');
    const schema = grader(report.result as never, 'run_a/schema_validation');
    expect(schema.status).toBe('fail');
    expect(schema.reason_codes.some((c: string) => ['schema_validation_error', 'hash_mismatch', 'runpack_parse_error'].includes(c))).toBe(true);
  });

  it('refuses a candidate path outside the fixture folder', async () => {
    await fixtureWithCandidate(BASE_STEPS, { candidate_runpack: '../../runs/run_a.zip' });
    const result = (await runRegress({ workDir })).result as unknown as Record<string, any>;
    expect(grader(result, 'incident/diff').reason_codes).toEqual(['candidate_path_invalid']);
  });

  it('uses verdicts recorded in result payloads (session checkpoints record them)', async () => {
    const steps = BASE_STEPS.map((s, i) => ({ ...s, verdict: i === 2 ? 'block' : 'allow', status: i === 2 ? 'error' : 'ok' }));
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_v', steps), 'raw');
    await initFixture({ from: a, workDir });
    expect(readJson('fixtures/run_v/fixture.json').expected_verdict_sequence).toEqual(['allow', 'allow', 'block']);
  });

  describe('context conformance', () => {
    const digest = 'c'.repeat(64);
    async function contextFixture(candidate: { digest?: string; retrievedAt?: string; locator?: string }, flags = {}) {
      const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_ctx', BASE_STEPS, { contextSetDigest: digest }));
      await initFixture({ from: a, workDir, name: 'ctx' });
      const input = runInput('run_ctx', BASE_STEPS, candidate.digest ? { contextSetDigest: candidate.digest } : {});
      const receipt = (input.refs as { receipts: Record<string, unknown>[] }).receipts[0]!;
      if (candidate.retrievedAt) receipt.retrieved_at = candidate.retrievedAt;
      if (candidate.locator) receipt.source_locator = candidate.locator;
      writeRun(join(workDir, 'fixtures/ctx'), 'candidate.zip', input);
      const file = join(workDir, 'fixtures/ctx/fixture.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), candidate_runpack: 'candidate.zip', diff_allow_changed_files: ['refs.json'], ...flags }));
      const report = await runRegress({ workDir });
      return grader(report.result as never, 'ctx/context_conformance');
    }

    it('passes identical context evidence', async () => {
      expect(await contextFixture({ digest })).toMatchObject({ status: 'pass', reason_codes: ['context_conformance_pass'], context_conformance: 'none' });
    });
    it('fails missing evidence', async () => {
      const graded = await contextFixture({});
      expect(graded).toMatchObject({ status: 'fail', reason_codes: ['context_evidence_missing'], context_conformance: 'missing' });
      expect(describeFailure(graded).summary).toBe(
        'candidate fixtures/ctx/candidate.zip carries no context evidence (a context_set_digest and receipts are required)',
      );
    });
    it('blocks retrieval-time drift unless allowed', async () => {
      const moved = { digest: 'd'.repeat(64), retrievedAt: '2026-03-02T00:00:00Z' };
      expect(await contextFixture(moved)).toMatchObject({
        status: 'fail',
        reason_codes: ['context_runtime_drift_blocked', 'context_set_digest_mismatch'],
        context_conformance: 'runtime_only',
      });
      rmSync(join(workDir, 'fixtures'), { recursive: true });
      expect(await contextFixture(moved, { allow_context_runtime_drift: true })).toMatchObject({ status: 'pass', context_conformance: 'runtime_only' });
    });
    it('fails semantic drift', async () => {
      expect(await contextFixture({ digest: 'e'.repeat(64), locator: 'https://docs.example/other' })).toMatchObject({
        status: 'fail',
        reason_codes: ['context_semantic_drift', 'context_set_digest_mismatch'],
        context_conformance: 'semantic',
      });
    });
  });

  describe('configuration errors (exit 6)', () => {
    it('a missing config', async () => {
      await expect(runRegress({ workDir })).rejects.toMatchObject({ exitCode: 6, message: 'read config: open gait.yaml: no such file or directory' });
    });
    it('a real YAML file', async () => {
      writeFileSync(join(workDir, 'gait.yaml'), 'fixtures:\n  - name: a\n');
      await expect(runRegress({ workDir })).rejects.toMatchObject({ exitCode: 6, message: expect.stringMatching(/^parse config: gait\.yaml: /) });
    });
    it('no fixtures', async () => {
      writeFileSync(join(workDir, 'gait.yaml'), JSON.stringify({ schema_id: 'gait.regress.config', fixtures: [] }));
      await expect(runRegress({ workDir })).rejects.toMatchObject({ exitCode: 6, message: 'no fixtures configured' });
    });
    it('a fixture without a runpack, or without fixture.json', async () => {
      writeFileSync(join(workDir, 'gait.yaml'), JSON.stringify({ fixtures: [{ name: 'a' }] }));
      await expect(runRegress({ workDir })).rejects.toThrow('gait.yaml.fixtures[0].runpack is required');
      writeFileSync(join(workDir, 'gait.yaml'), JSON.stringify({ fixtures: [{ name: 'a', runpack: 'fixtures/a/runpack.zip' }] }));
      await expect(runRegress({ workDir })).rejects.toThrow('read fixture: open fixtures/a/fixture.json: no such file or directory');
      expect(existsSync(join(workDir, 'regress_result.json'))).toBe(false);
    });
  });

  it('bootstrap is init then run', async () => {
    const a = writeRun(join(workDir, 'runs'), 'a.zip', runInput('run_boot'));
    const { init, run } = await bootstrapRegress({ from: a, workDir, junitPath: 'junit.xml' });
    expect(init.fixture_name).toBe('run_boot');
    expect(run).toMatchObject({ status: 'pass', artifact_paths: ['regress_result.json', 'junit.xml'] });
  });
});
