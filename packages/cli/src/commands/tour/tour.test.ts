import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCaptured } from '../../testing/run-captured.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-tour-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCaptured(argv, { cwd, env: {}, correlationId: 'c' });

describe('gait tour', () => {
  it('runs demo, verify, regress init and run, and prints the activation lines', async () => {
    const { code, stdout } = await run('tour');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 5)).toEqual([
      'tour mode=activation',
      'a1_demo=ok run_id=run_demo',
      'a2_verify=ok path=gait-out/runpack_run_demo.zip',
      'a3_regress_init=ok fixture=run_demo dir=fixtures/run_demo',
      'a4_regress_run=pass failed=0',
    ]);
    expect(stdout).toContain('next=gait demo --durable | gait demo --policy | gait doctor --summary\n');
    expect(JSON.parse(readFileSync(join(cwd, 'gait-out/tour_regress_result.json'), 'utf8'))).toMatchObject({ status: 'pass' });
    expect(readFileSync(join(cwd, 'gait-out/tour_junit.xml'), 'utf8')).toContain('<testsuite');
  });

  it('reports JSON in the reference shape', async () => {
    const { code, stdout } = await run('tour', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: true,
      mode: 'activation',
      run_id: 'run_demo',
      verify_path: 'gait-out/runpack_run_demo.zip',
      verify_status: 'ok',
      fixture_name: 'run_demo',
      regress_status: 'pass',
      next_commands: ['gait demo --durable', 'gait demo --policy', 'gait doctor --summary'],
    });
  });

  it('exits 5 with the regress error when the regression fails', async () => {
    await run('tour');
    // A second fixture whose expected tool sequence the runpack does not follow: regress fails.
    mkdirSync(join(cwd, 'fixtures/drifted'));
    copyFileSync(join(cwd, 'fixtures/run_demo/runpack.zip'), join(cwd, 'fixtures/drifted/runpack.zip'));
    const fixture = JSON.parse(readFileSync(join(cwd, 'fixtures/run_demo/fixture.json'), 'utf8'));
    writeFileSync(join(cwd, 'fixtures/drifted/fixture.json'), JSON.stringify({ ...fixture, name: 'drifted', expected_tool_sequence: ['tool.delete'] }));
    const { code, stdout } = await run('tour', '--json');
    expect(code).toBe(5);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, regress_status: 'fail', error: expect.stringMatching(/^regress step failed: status=fail failed=\d+$/) });
    const text = await run('tour');
    expect(text.stdout).toMatch(/^tour error: regress step failed: status=fail failed=\d+\nrun_id=run_demo\n/);
  });

  it('rejects positional arguments', async () => {
    expect((await run('tour', 'x')).code).toBe(6);
  });
});
