import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../../test-support/conformance.js';
import { runCaptured } from '../../testing/run-captured.js';

announceSkip('gait demo --durable against the reference job files', hasMade, madeDir);

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-job-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCaptured(argv, { cwd, env: {}, correlationId: 'c' });
const json = async (...argv: string[]) => {
  const result = await run(...argv, '--json');
  return { code: result.code, out: JSON.parse(result.stdout) as Record<string, any> };
};

describe('gait job', () => {
  it('walks a job through decision, approval, resume and completion', async () => {
    expect((await json('job', 'submit', '--id', 'j1', '--actor', 'alice')).out).toMatchObject({
      ok: true,
      schema_id: 'gait.job.output',
      schema_version: '1.0.0',
      operation: 'submit',
      job_id: 'j1',
      job: { status: 'running', revision: 1 },
    });
    const added = await json('job', 'checkpoint', 'add', '--id', 'j1', '--type', 'decision-needed', '--summary', 'ship?', '--required-action', 'review');
    expect(added.out.checkpoint).toEqual(expect.objectContaining({ checkpoint_id: 'cp_0001', type: 'decision-needed', required_action: 'review' }));
    expect(added.out.checkpoint).not.toHaveProperty('actor');
    const refused = await json('job', 'resume', '--id', 'j1');
    expect(refused.code).toBe(6);
    expect(refused.out).toMatchObject({ ok: false, operation: 'resume', schema_id: 'gait.job.output', error: 'approval required: approval required before resume' });
    expect((await run('job', 'approve', '--id', 'j1', '--actor', 'bob')).stdout).toBe(
      'job approve: id=j1 status=decision_needed stop_reason=decision_needed reason_code=approval_recorded\n',
    );
    expect((await run('job', 'resume', '--id', 'j1', '--reason', 'approved')).code).toBe(0);
    await run('job', 'checkpoint', 'add', '--id', 'j1', '--type', 'completed', '--summary', 'done');
    const inspected = await run('job', 'inspect', '--id', 'j1');
    expect(inspected.stdout).toBe('job inspect: id=j1 status=completed stop_reason=completed reason_code=completed\nevents=5\n');
    const listed = await json('job', 'checkpoint', 'list', '--id', 'j1');
    expect(listed.out.checkpoints.map((c: { checkpoint_id: string }) => c.checkpoint_id)).toEqual(['cp_0001', 'cp_0002']);
    expect((await run('job', 'checkpoint', 'show', '--id', 'j1', '--checkpoint', 'cp_0002')).stdout).toContain('checkpoint: cp_0002 (completed)\n');
    expect((await run('job', 'checkpoint', 'show', '--id', 'j1', '--checkpoint', 'cp_0009')).stdout).toBe(
      'job checkpoint show error: checkpoint not found: cp_0009\n',
    );
  });

  it.each([
    [['job', 'status', '--id', 'missing'], 'job status error: job not found: missing'],
    [['job', 'submit'], 'job submit error: job_id is required'],
    [['job', 'approve', '--id', 'j2'], 'job approve error: approval actor is required'],
    [['job', 'checkpoint', 'add', '--id', 'j2', '--type', 'progress'], 'job checkpoint add error: invalid checkpoint: summary is required'],
    [['job', 'resume', '--id', 'j2', '--identity', 'mallory'], 'job resume error: invalid transition: cannot resume job j2 in status running'],
  ])('%j fails with exit 6: %s', async (argv, message) => {
    await run('job', 'submit', '--id', 'j2', '--identity', 'svc');
    const result = await run(...argv);
    expect(result).toMatchObject({ code: 6, stdout: `${message}\n` });
  });

  it('checks identity and revocations on resume', async () => {
    await run('job', 'submit', '--id', 'j3', '--identity', 'svc');
    await run('job', 'pause', '--id', 'j3');
    expect((await run('job', 'resume', '--id', 'j3', '--identity', 'mallory')).stdout).toBe('job resume error: identity mismatch: expected=svc actual=mallory\n');
    writeFileSync(join(cwd, 'revoked.txt'), '# revoked\nsvc\n');
    expect((await run('job', 'resume', '--id', 'j3', '--identity-revocations', 'revoked.txt')).stdout).toBe('job resume error: identity revoked: svc\n');
    expect((await run('job', 'resume', '--id', 'j3')).code).toBe(0);
  });

  it('emergency stop ends the job for good', async () => {
    await run('job', 'submit', '--id', 'j4');
    expect((await run('job', 'stop', '--id', 'j4', '--actor', 'ops')).stdout).toBe(
      'job stop: id=j4 status=emergency_stopped stop_reason=emergency_stopped reason_code=emergency_stopped\n',
    );
    expect((await run('job', 'cancel', '--id', 'j4')).code).toBe(6);
    expect((await run('job', 'checkpoint', 'add', '--id', 'j4', '--summary', 'x')).code).toBe(6);
  });

  it('gives a contended lock exit 1 with a clear message', async () => {
    await run('job', 'submit', '--id', 'j5');
    const lock = join(cwd, 'gait-out/jobs/j5/state.json.lock');
    writeFileSync(lock, `{"created_at":"${new Date().toISOString().slice(0, 19)}Z","pid":${process.pid},"schema_id":"gait.runpack.session_lock","schema_version":"1.0.0"}\n`);
    const result = await run('job', 'pause', '--id', 'j5');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^job pause error: state contention: lock timeout \(path=.*state\.json\.lock /);
  });

  it('prints the checkpoint usage for `job checkpoint` alone (exit 6)', async () => {
    const result = await run('job', 'checkpoint');
    expect(result.code).toBe(6);
    expect(result.stdout).toContain('gait job checkpoint add');
  });
});

describe('gait demo --durable', () => {
  it('runs the durable vector and reports it in the demo shape', async () => {
    const { code, out } = await json('demo', '--durable');
    expect(code).toBe(0);
    expect(out).toMatchObject({
      ok: true,
      mode: 'durable',
      run_id: 'run_demo',
      job_id: 'job_demo_durable',
      job_status: 'completed',
      bundle: './gait-out/jobs/job_demo_durable/state.json',
      verify: 'ok',
      simulated_failure: 'resume blocked until approval',
      pack_path: './gait-out/pack_job_demo_durable.zip',
    });
    expect((await run('pack', 'verify', 'gait-out/pack_job_demo_durable.zip')).code).toBe(0);
    expect((await run('demo', '--durable', '--policy')).code).toBe(6);
  });

  it.runIf(hasMade)("leaves the reference's state.json, events.jsonl and job pack, byte for byte", async () => {
    await run('demo', '--durable');
    expect(readFileSync(join(cwd, 'gait-out/pack_job_demo_durable.zip'))).toEqual(readFileSync(join(madeDir, 'packs/durable/gait-out/pack_job_demo_durable.zip')));
    for (const name of ['state.json', 'events.jsonl']) {
      expect(readFileSync(join(cwd, 'gait-out/jobs/job_demo_durable', name), 'utf8')).toBe(
        readFileSync(join(madeDir, 'packs/durable/gait-out/jobs/job_demo_durable', name), 'utf8'),
      );
    }
  });
});
