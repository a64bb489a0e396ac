import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordRun } from '@gait/core-runpack';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../../test-support/conformance.js';
import { runCaptured } from '../../testing/run-captured.js';

announceSkip('regress commands against the reference outputs', hasMade, madeDir);

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-regress-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const run = (argv: string[]) => runCaptured(argv, { cwd, env: {}, correlationId: 'cid' });
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;
const T = '2026-03-01T12:00:00Z';

/** Writes a two-step run; `failSecond` makes the second tool call end in an error. */
function writeRun(path: string, runId: string, failSecond = false): void {
  const { zip } = recordRun(
    {
      run: { run_id: runId, created_at: T, env: { os: 'linux', arch: 'amd64', runtime: 'node' } },
      intents: [
        { intent_id: 'intent_1', tool_name: 'search', args_digest: '1'.repeat(64) },
        { intent_id: 'intent_2', tool_name: 'refund.create', args_digest: '2'.repeat(64) },
      ],
      results: [
        { intent_id: 'intent_1', status: 'ok', result_digest: 'a'.repeat(64) },
        { intent_id: 'intent_2', status: failSecond ? 'error' : 'ok', result_digest: (failSecond ? 'f' : 'b').repeat(64) },
      ],
    },
    { now: T },
  );
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, zip);
}

describe('gait regress init|run|bootstrap', () => {
  it('init then run: exit 0, the reference JSON fields, files written', async () => {
    writeRun(join(cwd, 'gait-out/runpack_run_a.zip'), 'run_a');
    const init = await run(['regress', 'init', '--from', 'run_a', '--json']);
    expect(init.code).toBe(0);
    expect(init.stdout).toBe(
      '{"config_path":"gait.yaml","correlation_id":"cid","fixture_dir":"fixtures/run_a","fixture_name":"run_a","next_commands":["gait regress run --json"],"ok":true,"run_id":"run_a","runpack_path":"fixtures/run_a/runpack.zip"}\n',
    );
    const result = await run(['regress', 'run', '--junit', 'junit.xml', '--json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '{"artifact_paths":["regress_result.json","junit.xml"],"correlation_id":"cid","fixture_set":"default","graders":4,"junit":"junit.xml","ok":true,"output":"regress_result.json","status":"pass"}\n',
    );
    expect(existsSync(join(cwd, 'regress_result.json'))).toBe(true);
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toContain('<testsuite name="gait.regress.default" tests="4" failures="0"');
  });

  it('text output of init and a passing run', async () => {
    writeRun(join(cwd, 'runs/a.zip'), 'run_a');
    expect((await run(['regress', 'init', '--from', 'runs/a.zip'])).stdout).toBe(
      'regress init ok: fixture=run_a run_id=run_a\nconfig: gait.yaml\nrunpack: fixtures/run_a/runpack.zip\nnext: gait regress run --json\n',
    );
    expect((await run(['regress', 'run'])).stdout).toBe('regress run ok: fixture_set=default graders=4\noutput: regress_result.json\n');
  });

  it('a drifted run fails with exit 5, names the top reason and the changed step', async () => {
    writeRun(join(cwd, 'runs/a.zip'), 'run_a');
    await run(['regress', 'init', '--from', 'runs/a.zip', '--name', 'incident']);
    writeRun(join(cwd, 'fixtures/incident/candidate.zip'), 'run_a', true);
    const fixtureFile = join(cwd, 'fixtures/incident/fixture.json');
    writeFileSync(fixtureFile, JSON.stringify({ ...JSON.parse(readFileSync(fixtureFile, 'utf8')), candidate_runpack: 'candidate.zip' }));

    const failed = await run(['regress', 'run', '--config', 'gait.yaml', '--output', 'out/result.json', '--junit', 'out/junit.xml', '--json']);
    expect(failed.code).toBe(5);
    const out = json(failed.stdout);
    expect(out).toEqual({
      ok: false,
      status: 'fail',
      fixture_set: 'default',
      graders: 4,
      failed: 2,
      top_failure_reason: 'unexpected_diff',
      next_command: 'gait regress run --json',
      artifact_paths: ['out/result.json', 'out/junit.xml'],
      output: 'out/result.json',
      junit: 'out/junit.xml',
      correlation_id: 'cid',
    });
    expect(out.error_code).toBeUndefined(); // a regression is a result, not an error envelope

    const text = await run(['regress', 'run']);
    expect(text.code).toBe(5);
    expect(text.stdout.split('\n').slice(0, 5)).toEqual([
      'regress run failed: fixture_set=default failed=2',
      'top_failure_reason: unexpected_diff',
      'next: gait regress run --json',
      'artifacts: regress_result.json',
      'output: regress_result.json',
    ]);
    expect(text.stdout).toContain('failure: incident/diff [unexpected_diff]: unexpected changes in results.jsonl');
    expect(text.stdout).toContain('step 2 intent_2 (refund.create): result.status "ok" -> "error"');
  });

  it('names a non-default config in next_command', async () => {
    writeRun(join(cwd, 'runs/a.zip'), 'run_a');
    await run(['regress', 'init', '--from', 'runs/a.zip']);
    const fixtureFile = join(cwd, 'fixtures/run_a/fixture.json');
    writeFileSync(fixtureFile, JSON.stringify({ ...JSON.parse(readFileSync(fixtureFile, 'utf8')), expected_replay_exit_code: 2 }));
    copyFileSync(join(cwd, 'gait.yaml'), join(cwd, 'ci.json'));
    const out = json((await run(['regress', 'run', '--config', 'ci.json', '--json'])).stdout);
    expect(out).toMatchObject({ top_failure_reason: 'unexpected_exit_code', next_command: 'gait regress run --config ci.json --json' });
  });

  it('invalid input exits 6 with the envelope', async () => {
    const missingFrom = await run(['regress', 'init', '--json']);
    expect(missingFrom.code).toBe(6);
    expect(json(missingFrom.stdout)).toMatchObject({ ok: false, error: 'missing required --from <run_id|path>', error_code: 'invalid_input' });

    const noConfig = await run(['regress', 'run', '--json']);
    expect(noConfig.code).toBe(6);
    expect(json(noConfig.stdout)).toMatchObject({ error: 'read config: open gait.yaml: no such file or directory', error_category: 'invalid_input' });

    writeFileSync(join(cwd, 'gait.yaml'), '{"fixtures":[]}');
    expect((await run(['regress', 'run'])).stdout).toBe('regress run error: no fixtures configured\n');

    // No flag reordering: a positional stops parsing and is refused.
    const positional = await run(['regress', 'init', 'run_demo']);
    expect(positional.code).toBe(6);
    expect(positional.stdout).toBe('regress init error: unexpected positional arguments\n');
  });

  it('bootstrap does both and reports the union of their fields', async () => {
    writeRun(join(cwd, 'runs/a.zip'), 'run_a');
    const boot = await run(['regress', 'bootstrap', '--from', 'runs/a.zip', '--junit', 'junit.xml', '--json']);
    expect(boot.code).toBe(0);
    expect(json(boot.stdout)).toEqual({
      ok: true,
      run_id: 'run_a',
      fixture_name: 'run_a',
      fixture_dir: 'fixtures/run_a',
      runpack_path: 'fixtures/run_a/runpack.zip',
      config_path: 'gait.yaml',
      status: 'pass',
      artifact_paths: ['regress_result.json', 'junit.xml'],
      output: 'regress_result.json',
      junit: 'junit.xml',
      correlation_id: 'cid',
    });
    expect((await run(['regress', 'bootstrap', '--from', 'runs/a.zip'])).stdout).toBe(
      'regress bootstrap ok: run_id=run_a fixture=run_a\noutput: regress_result.json\n',
    );
  });

  it('--explain prints the family sentence', async () => {
    expect((await run(['regress', 'run', '--explain'])).stdout).toBe(
      'Turn runpacks into deterministic regression fixtures and execute graders for CI-safe drift detection.\n',
    );
  });

  it.runIf(hasMade)('#81/#82 and #84/#85: same JSON as the reference (apart from correlation_id)', async () => {
    const strip = (line: string) => {
      const { correlation_id: _c, ...rest } = json(line);
      return rest;
    };
    const expected = (...parts: string[]) => strip(readFileSync(join(madeDir, ...parts), 'utf8'));
    const source = join(madeDir, 'runpacks/signed/runpack_run_tck.zip');
    expect(strip((await run(['regress', 'init', '--from', source, '--json'])).stdout)).toEqual(expected('regress/pass/regress_init.out.json'));
    const pass = await run(['regress', 'run', '--junit', 'junit.xml', '--json']);
    expect(pass.code).toBe(0);
    expect(strip(pass.stdout)).toEqual(expected('regress/pass/regress_run.out.json'));

    copyFileSync(join(madeDir, 'regress/fail/candidate/runpack_run_tck.zip'), join(cwd, 'fixtures/run_tck/candidate_runpack.zip'));
    const fixtureFile = join(cwd, 'fixtures/run_tck/fixture.json');
    writeFileSync(fixtureFile, JSON.stringify({ ...JSON.parse(readFileSync(fixtureFile, 'utf8')), candidate_runpack: 'candidate_runpack.zip' }));
    const fail = await run(['regress', 'run', '--junit', 'junit.xml', '--json']);
    expect(fail.code).toBe(5);
    expect(strip(fail.stdout)).toEqual(expected('regress/fail/regress_run.out.json'));
  });
});
