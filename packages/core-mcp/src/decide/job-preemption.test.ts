/**
 * Emergency-stop preemption in the one-shot pipeline (`gait mcp proxy --call`) and in
 * `evaluateCall`, against real job state made with @gait/core-jobs under a scratch folder.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jobs from '@gait/core-jobs';
import { verifyTraceRecord } from '@gait/core-gate';
import { encodePrivateKey, generateKeyPair } from '@gait/core-sign';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scratch } from '../../test/support.js';
import { decodeToolCall } from '../tool-call/decode.js';
import { decideToolCall } from './decide.js';
import { evaluateCall } from './evaluate-call.js';
import { callJobId } from './job-preemption.js';
import { loadMcpPolicy } from './policy-source.js';

// The real reader, counted: a call without a job id must read nothing.
vi.mock('@gait/core-jobs', async (original) => {
  const actual = await original<typeof import('@gait/core-jobs')>();
  return { ...actual, readJob: vi.fn(actual.readJob) };
});
const readJob = vi.mocked(jobs.readJob);

let work: ReturnType<typeof scratch>;
const keyPair = generateKeyPair();
const signing = { keyMode: 'prod', privateKeyEnv: 'GAIT_TEST_KEY', env: { GAIT_TEST_KEY: encodePrivateKey(keyPair.privateKey) } };

beforeEach(() => {
  work = scratch();
  readJob.mockClear();
});
afterEach(() => rmSync(work.dir, { recursive: true, force: true }));

/** `echo` is allowed by the scratch policy: any block below comes from the job. */
const echoFor = (jobId?: string) => ({
  name: 'echo',
  args: { text: 'x' },
  context: { identity: 'agent', workspace: '/w', session_id: 's1', ...(jobId === undefined ? {} : { job_id: jobId }) },
});

async function decide(payload: unknown, jobRoot = 'jobs') {
  const result = await decideToolCall({ policyPath: work.policyPath, payload, jobRoot, cwd: work.dir, ...signing });
  const trace = JSON.parse(readFileSync(join(work.dir, result.output.trace_path!), 'utf8')) as Record<string, unknown>;
  return { ...result, trace };
}

describe('emergency-stop preemption (gait mcp proxy --call)', () => {
  it('blocks a call whose job is emergency-stopped, and the signed trace records the block', async () => {
    const root = join(work.dir, 'jobs');
    await jobs.submitJob({ jobId: 'job_1', root });
    await jobs.stopJob({ jobId: 'job_1', root }, { actor: 'ops' });
    const { output, exitCode, trace } = await decide(echoFor('job_1'));
    expect(exitCode).toBe(3);
    expect(output).toMatchObject({ verdict: 'block', job_id: 'job_1', violations: ['emergency_stop_active'] });
    expect(output.reason_codes).toContain('emergency_stop_preempted');
    expect(output.reason_codes).toEqual([...new Set(output.reason_codes)].sort());
    expect(output.warnings ?? []).not.toContainEqual(expect.stringMatching(/^job_status_unavailable=/));
    expect(verifyTraceRecord(trace, keyPair.publicKey)).toMatchObject({ ok: true, verdict: 'block', trace_id: output.trace_id });
    expect(trace).toMatchObject({ verdict: 'block', violations: ['emergency_stop_active'] });
    expect(readJob).toHaveBeenCalledTimes(1);
  });

  it('blocks a call whose job cannot be found, with a warning saying why', async () => {
    const { output, exitCode, trace } = await decide(echoFor('no_such_job'));
    expect(exitCode).toBe(3);
    expect(output).toMatchObject({ verdict: 'block', job_id: 'no_such_job' });
    expect(output.reason_codes).toContain('emergency_stop_state_unavailable');
    expect(output.violations ?? []).not.toContain('emergency_stop_active');
    expect(output.warnings).toContain('job_status_unavailable=job_not_found');
    expect(verifyTraceRecord(trace, keyPair.publicKey)).toMatchObject({ ok: true, verdict: 'block' });
    // The trace format carries the verdict and violations, not reason codes.
    expect(trace).not.toHaveProperty('violations');
  });

  it('blocks a call whose job state file is not valid state', async () => {
    mkdirSync(join(work.dir, 'jobs', 'job_bad'), { recursive: true });
    writeFileSync(join(work.dir, 'jobs', 'job_bad', 'state.json'), '{"schema_id":"gait.job.runtime","status":"running"');
    const { output, exitCode } = await decide(echoFor('job_bad'));
    expect(exitCode).toBe(3);
    expect(output.reason_codes).toContain('emergency_stop_state_unavailable');
    expect(output.warnings).toContain('job_status_unavailable=invalid_job_state');
  });

  it('changes nothing for a running job, reads the default root from the cwd, and reads nothing without a job id', async () => {
    const plain = await decide(echoFor());
    expect(readJob).not.toHaveBeenCalled();
    expect(plain.output).toMatchObject({ verdict: 'allow' });
    expect(plain.output).not.toHaveProperty('job_id');

    await jobs.submitJob({ jobId: 'job_run', root: join(work.dir, 'gait-out', 'jobs') });
    const result = await decideToolCall({ policyPath: work.policyPath, payload: echoFor('job_run'), cwd: work.dir, ...signing });
    expect(readJob).toHaveBeenCalledTimes(1);
    expect(result.exitCode).toBe(0);
    expect(result.output).toMatchObject({ verdict: 'allow', job_id: 'job_run' });
    expect(result.output.reason_codes).toEqual(plain.output.reason_codes);
    expect(result.output.violations).toEqual(plain.output.violations);
    expect(result.output.warnings).toEqual(plain.output.warnings);
  });
});

describe('evaluateCall with a job id', () => {
  const call = (context: Record<string, unknown>) => decodeToolCall('mcp', { name: 'echo', context: { identity: 'a', workspace: '/w', session_id: 's', ...context } });

  it('fails closed when the job status was not read, or was read for another job', () => {
    const policy = loadMcpPolicy(work.policyPath, work.dir);
    const unread = evaluateCall(call({ job_id: 'job_1' }), { policy, keyPair });
    expect([unread.verdict, unread.reasonCodes, unread.warnings]).toEqual([
      'block',
      ['emergency_stop_state_unavailable', 'matched_rule_allow_echo'],
      ['job_status_unavailable=job_status_not_read'],
    ]);
    const other = evaluateCall(call({ job_id: 'job_1' }), { policy, keyPair, jobStatus: { jobId: 'job_2', status: 'running' } });
    expect(other.warnings).toEqual(['job_status_unavailable=job_id_mismatch']);
    const running = evaluateCall(call({ job_id: 'job_1' }), { policy, keyPair, jobStatus: { jobId: 'job_1', status: 'running' } });
    expect([running.verdict, running.reasonCodes, running.violations, running.warnings]).toEqual(['allow', ['matched_rule_allow_echo'], [], []]);
  });

  it('takes the job id as the intent does: trimmed, key case-insensitive', () => {
    expect(callJobId(call({ JOB_ID: ' job_9 ' }))).toBe('job_9');
    expect(callJobId(call({}))).toBe('');
    const policy = loadMcpPolicy(work.policyPath, work.dir);
    const stopped = evaluateCall(call({ Job_Id: 'job_9' }), { policy, keyPair, jobStatus: { jobId: 'job_9', status: 'emergency_stopped' } });
    expect([stopped.verdict, stopped.reasonCodes, stopped.violations]).toEqual(['block', ['emergency_stop_preempted', 'matched_rule_allow_echo'], ['emergency_stop_active']]);
  });
});
