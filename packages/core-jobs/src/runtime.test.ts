import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../test-support/conformance.js';
import { runDurableDemo } from './demo.js';
import { diagnoseJobs, formatDurableIssues } from './diagnose.js';
import { JobErrorCodes } from './errors.js';
import { environmentFingerprint } from './fingerprint.js';
import {
  addCheckpoint,
  approveJob,
  getCheckpoint,
  inspectJob,
  listCheckpoints,
  pauseJob,
  readJob,
  readJobSync,
  recoverJob,
  resumeJob,
  stopJob,
  submitJob,
} from './runtime.js';
import { encodeJobEvent, type JobEvent } from './records.js';

announceSkip('durable demo against the reference job files', hasMade, madeDir);

let root: string;
beforeEach(() => {
  root = join(mkdtempSync(join(tmpdir(), 'gait-jobs-')), 'jobs');
});
afterEach(() => {
  rmSync(join(root, '..'), { recursive: true, force: true });
});

const ref = (jobId = 'job_a') => ({ root, jobId });
const files = (jobId = 'job_a') => {
  const dir = join(root, jobId);
  return {
    state: () => readFileSync(join(dir, 'state.json'), 'utf8'),
    events: () => readFileSync(join(dir, 'events.jsonl'), 'utf8'),
    list: () => readdirSync(dir).sort(),
  };
};

describe('job runtime on disk', () => {
  it('writes state.json (0600, indented) and one event line per mutation, revisions in step', async () => {
    await submitJob(ref(), { actor: 'alice' });
    await addCheckpoint(ref(), { type: 'plan', summary: 'plan it', actor: 'alice' });
    const state = await pauseJob(ref(), { actor: 'alice' });
    expect(state).toMatchObject({ status: 'paused', revision: 3, environment_fingerprint: environmentFingerprint() });
    expect(files().state()).toMatch(/^\{\n  "schema_id": "gait.job.runtime",\n/);
    const events = files().events().trimEnd().split('\n').map((l) => JSON.parse(l) as JobEvent);
    expect(events.map((e) => [e.revision, e.type])).toEqual([[1, 'submitted'], [2, 'checkpoint_added'], [3, 'paused']]);
    expect(files().list()).toEqual(['events.jsonl', 'state.json']);
    const inspected = await inspectJob(ref());
    expect(inspected.events).toHaveLength(3);
    expect(await listCheckpoints(ref())).toHaveLength(1);
    expect((await getCheckpoint(ref(), 'cp_0001')).summary).toBe('plan it');
    await expect(getCheckpoint(ref(), 'cp_0009')).rejects.toThrow('checkpoint not found: cp_0009');
  });

  it('a refused mutation writes nothing', async () => {
    await submitJob(ref(), { actor: 'alice' });
    await addCheckpoint(ref(), { type: 'decision-needed', summary: 'ok?', requiredAction: 'review' });
    const before = [files().state(), files().events()];
    await expect(resumeJob(ref())).rejects.toMatchObject({ code: JobErrorCodes.approvalRequired, exitCode: 6 });
    await expect(addCheckpoint(ref(), { type: 'nope', summary: 's' })).rejects.toMatchObject({ code: JobErrorCodes.invalidCheckpoint });
    await expect(approveJob(ref(), { actor: '' })).rejects.toThrow('approval actor is required');
    expect([files().state(), files().events()]).toEqual(before);
    expect(files().list()).toEqual(['events.jsonl', 'state.json']);
  });

  it('refuses duplicates, unknown jobs and unsafe ids without creating anything', async () => {
    await submitJob(ref());
    await expect(submitJob(ref())).rejects.toThrow('job already exists: job_a');
    await expect(pauseJob(ref('job_missing'))).rejects.toThrow('job not found: job_missing');
    expect(existsSync(join(root, 'job_missing'))).toBe(false);
    await expect(submitJob(ref('../escape'))).rejects.toMatchObject({ code: JobErrorCodes.invalidJobId });
    await expect(submitJob(ref(' '))).rejects.toThrow('job_id is required');
    await expect(readJob(ref('job_missing'))).rejects.toMatchObject({ code: JobErrorCodes.notFound });
  });

  it('reads a job synchronously with the same result and the same refusals as readJob', async () => {
    await submitJob(ref());
    await stopJob(ref());
    expect(readJobSync(ref())).toEqual(await readJob(ref()));
    expect(readJobSync(ref()).status).toBe('emergency_stopped');
    expect(() => readJobSync(ref('job_missing'))).toThrow(expect.objectContaining({ code: JobErrorCodes.notFound }));
    expect(() => readJobSync(ref('../escape'))).toThrow(expect.objectContaining({ code: JobErrorCodes.invalidJobId }));
    // A state that readJob refuses (a member of the wrong type) is refused here too.
    const state = join(root, 'job_a', 'state.json');
    writeFileSync(state, readFileSync(state, 'utf8').replace('"revision":', '"revision":"x","was":'));
    await expect(readJob(ref())).rejects.toMatchObject({ code: JobErrorCodes.invalidState });
    expect(() => readJobSync(ref())).toThrow(expect.objectContaining({ code: JobErrorCodes.invalidState }));
  });

  it('times out on a held state lock with a contention error (exit 1)', async () => {
    await submitJob(ref());
    const lock = join(root, 'job_a', 'state.json.lock');
    writeFileSync(lock, `{"created_at":"${new Date().toISOString().slice(0, 19)}Z","pid":${process.pid},"schema_id":"gait.runpack.session_lock","schema_version":"1.0.0"}\n`);
    const error = await pauseJob(ref(), {}, { lock: { timeoutMs: 50 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 1 });
    expect((error as Error).message).toMatch(/state contention: lock timeout/);
    rmSync(lock);
    expect((await readJob(ref())).status).toBe('running');
  });

  it('rolls forward a mutation interrupted after the state write, and doctor sees it first', async () => {
    await submitJob(ref());
    await pauseJob(ref());
    // Simulate a crash between state.json and the event append: rewind the log by one event.
    const dir = join(root, 'job_a');
    const lines = files().events().trimEnd().split('\n');
    writeFileSync(join(dir, 'events.jsonl'), `${lines[0]}\n`);
    writeFileSync(join(dir, 'state.json.pending'), JSON.stringify({ revision: 2, event: lines[1] }));
    const found = await diagnoseJobs(root);
    expect(formatDurableIssues(found.issues)).toBe('job_a:pending_mutation,job_a:state_ahead_of_event_log');
    expect(await recoverJob(ref())).toBe('rolled_forward');
    expect(files().events().trimEnd().split('\n')).toEqual(lines);
    expect((await diagnoseJobs(root)).issues).toEqual([]);
  });

  it('discards a mutation interrupted before the state write', async () => {
    await submitJob(ref());
    const before = files().events();
    const phantom = encodeJobEvent({ schema_id: 'gait.job.event', schema_version: '1.0.0', created_at: '2026-02-14T00:00:00Z', job_id: 'job_a', revision: 2, type: 'paused' });
    writeFileSync(join(root, 'job_a', 'state.json.pending'), JSON.stringify({ revision: 2, event: phantom }));
    const state = await addCheckpoint(ref(), { type: 'progress', summary: 'next' });
    expect(state.revision).toBe(2);
    const events = files().events().trimEnd().split('\n');
    expect(events[0]).toBe(before.trimEnd());
    expect(JSON.parse(events[1]!)).toMatchObject({ revision: 2, type: 'checkpoint_added' });
  });

  it('diagnoses each divergence kind', async () => {
    await submitJob(ref('job_ok'));
    await submitJob(ref('job_state_ahead'));
    writeFileSync(join(root, 'job_state_ahead', 'events.jsonl'), '');
    await submitJob(ref('job_log_ahead'));
    await pauseJob(ref('job_log_ahead'));
    const rev1 = readFileSync(join(root, 'job_log_ahead', 'state.json'), 'utf8').replace('"revision": 2', '"revision": 1');
    writeFileSync(join(root, 'job_log_ahead', 'state.json'), rev1);
    await submitJob(ref('job_no_state'));
    rmSync(join(root, 'job_no_state', 'state.json'));
    await submitJob(ref('job_garbled'));
    writeFileSync(join(root, 'job_garbled', 'state.json'), '{');
    const { issues, jobsChecked } = await diagnoseJobs(root);
    expect(jobsChecked).toBe(5);
    expect(formatDurableIssues(issues)).toBe(
      'job_garbled:unreadable_state,job_log_ahead:event_log_ahead_of_state,job_no_state:missing_state_with_events,job_state_ahead:state_ahead_of_event_log',
    );
    expect(await diagnoseJobs(join(root, 'nowhere'))).toEqual({ root: join(root, 'nowhere'), jobsChecked: 0, issues: [] });
  });
});

describe('durable demo', () => {
  it('ends completed at revision 5 and replaces an earlier run', async () => {
    await runDurableDemo(root);
    const { state, statePath } = await runDurableDemo(root);
    expect(state).toMatchObject({ status: 'completed', revision: 5 });
    expect(readFileSync(statePath, 'utf8')).toContain('"revision": 5');
    expect(files('job_demo_durable').events().trimEnd().split('\n')).toHaveLength(5);
  });

  it.runIf(hasMade)("writes the reference's state.json and events.jsonl byte for byte", async () => {
    await runDurableDemo(root);
    const reference = join(madeDir, 'packs/durable/gait-out/jobs/job_demo_durable');
    expect(files('job_demo_durable').state()).toBe(readFileSync(join(reference, 'state.json'), 'utf8'));
    expect(files('job_demo_durable').events()).toBe(readFileSync(join(reference, 'events.jsonl'), 'utf8'));
  });

  it.runIf(hasMade)('reads the reference job and continues it', async () => {
    const { cpSync } = await import('node:fs');
    cpSync(join(madeDir, 'packs/durable/gait-out/jobs/job_demo_durable'), join(root, 'job_demo_durable'), { recursive: true });
    const { chmodSync } = await import('node:fs');
    chmodSync(join(root, 'job_demo_durable'), 0o750);
    for (const f of ['state.json', 'events.jsonl']) chmodSync(join(root, 'job_demo_durable', f), 0o600);
    const ref2 = { root, jobId: 'job_demo_durable' };
    expect((await inspectJob(ref2)).events).toHaveLength(5);
    const next = await approveJob(ref2, { actor: 'late.approver' });
    expect(next.revision).toBe(6);
    expect((await diagnoseJobs(root)).issues).toEqual([]);
  });
});
