/**
 * Runs the example's shell script as CI would, against the built CLI: the committed fixture passes
 * with a JUnit report a consumer can read, a drifted run fails with exit 5 naming the changed step,
 * and the committed fixture is what our own tools make from run_record.json.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'junit2json';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = resolve(here, '../../packages/cli/dist/bin.js');

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'gait-example-ci-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function sh(script: string, env: Record<string, string> = {}) {
  const result = spawnSync('bash', [join(here, script)], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function gait(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('examples/ci/run-regress.sh', () => {
  it('needs the built CLI', () => {
    expect(existsSync(bin), `build it first: pnpm turbo run build --filter=@gait/cli...`).toBe(true);
  });

  it('passes on the committed fixture and writes a JUnit report CI can read', async () => {
    const out = join(scratch, 'out');
    const run = sh('run-regress.sh', { GAIT_REGRESS_OUT: out });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('regress run ok: fixture_set=default graders=4');
    const report = (await parse(readFileSync(join(out, 'junit.xml'), 'utf8'))) as Record<string, any>;
    expect(report).toMatchObject({ tests: 4, failures: 0 });
    expect(report.testsuite[0].testcase.map((c: Record<string, any>) => `${c.classname}/${c.name}`)).toEqual([
      'refund_incident/diff',
      'refund_incident/expected_exit_code',
      'refund_incident/schema_validation',
      'refund_incident/trajectory',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'regress_result.json'), 'utf8')).status).toBe('pass');
  });

  it('fails with exit 5 when the refund step drifts, and the report names that step', async () => {
    const workspace = join(scratch, 'ws');
    cpSync(join(here, 'regress'), workspace, { recursive: true });
    const drifted = JSON.parse(readFileSync(join(here, 'run_record.json'), 'utf8'));
    drifted.results[1] = { intent_id: 'intent_2', status: 'error', result: { error: 'card_declined' } };
    writeFileSync(join(scratch, 'drifted.json'), JSON.stringify(drifted));
    const fixtureDir = join(workspace, 'fixtures/refund_incident');
    const recorded = gait(['run', 'record', '--input', join(scratch, 'drifted.json'), '--out-dir', fixtureDir, '--json'], scratch);
    expect(recorded, recorded.stdout + recorded.stderr).toMatchObject({ code: 0 });
    const fixtureFile = join(fixtureDir, 'fixture.json');
    const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8'));
    writeFileSync(fixtureFile, JSON.stringify({ ...fixture, candidate_runpack: 'runpack_run_refund_incident.zip' }, null, 2));

    const out = join(scratch, 'out');
    const run = sh('run-regress.sh', { GAIT_REGRESS_DIR: workspace, GAIT_REGRESS_OUT: out });
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('top_failure_reason: unexpected_diff');
    expect(run.stderr).toContain('regression detected');
    const report = (await parse(readFileSync(join(out, 'junit.xml'), 'utf8'))) as Record<string, any>;
    expect(report).toMatchObject({ tests: 4, failures: 2 });
    const failures = report.testsuite[0].testcase.filter((c: Record<string, any>) => c.failure).map((c: Record<string, any>) => c.failure[0].message);
    expect(failures[0]).toContain('step 2 intent_2 (refund.create): result.status "ok" -> "error"');
    expect(failures[1]).toContain('verdict sequence differs at step 2: expected "allow", got "error"');
  });

  it('exits 6 when the workspace has no config', () => {
    const run = sh('run-regress.sh', { GAIT_REGRESS_DIR: scratch, GAIT_REGRESS_OUT: join(scratch, 'out') });
    expect(run.code).toBe(6);
    expect(run.stdout).toContain('regress run error: read config: open gait.yaml: no such file or directory');
  });
});

describe('examples/ci/make-fixture.sh', () => {
  it('re-creates the committed fixture from run_record.json', () => {
    const workspace = join(scratch, 'ws');
    const made = sh('make-fixture.sh', { GAIT_REGRESS_DIR: workspace });
    expect(made.code).toBe(0);
    for (const file of ['gait.yaml', 'fixtures/refund_incident/fixture.json']) {
      expect(readFileSync(join(workspace, file), 'utf8')).toBe(readFileSync(join(here, 'regress', file), 'utf8'));
    }
    // Same recorded content (the manifest digest covers every record), whatever the zip bytes.
    const digest = (dir: string) => JSON.parse(gait(['verify', join(dir, 'fixtures/refund_incident/runpack.zip'), '--json'], dir).stdout).manifest_digest;
    expect(digest(workspace)).toBe(digest(join(here, 'regress')));
  });
});

describe('examples/ci/github-actions.yml', () => {
  it('runs gait regress run with a JUnit report in the committed workspace and publishes that report', () => {
    const workflow = readFileSync(join(here, 'github-actions.yml'), 'utf8');
    expect(workflow).toMatch(/working-directory: examples\/ci\/regress\n\s+run: >\n\s+node \.\.\/\.\.\/\.\.\/packages\/cli\/dist\/bin\.js regress run\n/);
    expect(workflow).toContain('--junit "$RUNNER_TEMP/gait-regress/junit.xml"');
    expect(workflow).toContain('report_paths: ${{ runner.temp }}/gait-regress/junit.xml');
    // The working directory and the relative CLI path it uses point at real things.
    expect(existsSync(join(here, 'regress/gait.yaml'))).toBe(true);
    expect(resolve(here, 'regress', '../../../packages/cli/dist/bin.js')).toBe(bin);
  });
});
