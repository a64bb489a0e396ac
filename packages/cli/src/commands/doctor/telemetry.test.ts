import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../run-cli.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-telemetry-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** runCli (not dispatch), since the telemetry wrapper sits in front of dispatch. */
async function gait(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd, env, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}
const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('usage logs', () => {
  it('writes adoption and operational events only when asked, and doctor adoption reads them', async () => {
    const adoption = join(cwd, 'adoption.jsonl');
    const operational = join(cwd, 'ops.jsonl');
    const env = { GAIT_ADOPTION_LOG: adoption, GAIT_OPERATIONAL_LOG: operational, GAIT_ADOPTION_WORKFLOW: 'wf1' };
    expect((await gait(['demo'], env)).code).toBe(0);
    expect((await gait(['job', 'status', '--id', 'nope'], env)).code).toBe(6);
    const events = lines(adoption);
    expect(events).toEqual([
      expect.objectContaining({ schema_id: 'gait.scout.adoption_event', command: 'demo', success: true, exit_code: 0, workflow_id: 'wf1', milestones: ['A1'] }),
      expect.objectContaining({ command: 'job status', success: false, exit_code: 6 }),
    ]);
    const ops = lines(operational);
    expect(ops.map((e) => [e.phase, e.command, e.exit_code, e.error_category])).toEqual([
      ['start', 'demo', 0, 'none'],
      ['end', 'demo', 0, 'none'],
      ['start', 'job status', 0, 'none'],
      ['end', 'job status', 6, 'invalid_input'],
    ]);
    expect(ops[0]!.correlation_id).toMatch(/^[0-9a-f]{24}$/);

    const report = await gait(['doctor', 'adoption', '--from', adoption, '--json'], {});
    expect(JSON.parse(report.stdout)).toMatchObject({
      ok: true,
      report: { total_events: 2, success_events: 1, failed_events: 1, activation_complete: false, blockers: ['missing A2: run `gait verify run_demo`', 'missing A3: run `gait regress init --from run_demo`', 'missing A4: run `gait regress run`'] },
    });
    await gait(['tour'], env);
    const after = await gait(['doctor', 'adoption', '--from', adoption], {});
    expect(after.stdout).toBe(`doctor adoption: source=${adoption} total_events=3 activation_complete=true\n`);
  });

  it('warns on stderr, without changing the exit code, when a log cannot be written', async () => {
    const env = { GAIT_ADOPTION_LOG: join(cwd, 'file-not-dir', 'x.jsonl') };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(cwd, 'file-not-dir'), '');
    const result = await gait(['version'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^gait warning: telemetry stream=adoption write failed: /);
    expect((await gait(['version'], { ...env, GAIT_TELEMETRY_WARN: 'off' })).stderr).toBe('');
  });

  it('doctor adoption needs --from', async () => {
    expect(await gait(['doctor', 'adoption'], {})).toMatchObject({ code: 6, stdout: 'doctor adoption error: missing required --from <path>\n' });
  });
});
