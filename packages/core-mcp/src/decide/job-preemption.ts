/**
 * Emergency-stop preemption (surfaces.md §1.8, §7): a tool call whose `context.job_id` names a
 * durable job is decided against that job's state. A job that `gait job stop` put in
 * `emergency_stopped` forces `block`; so does a job whose state cannot be read, since an
 * unreadable stop must not let the call through (a typo in `job_id` blocks the call, as in the
 * reference). The state is read before evaluation, so evaluation itself stays synchronous.
 * Nothing is recorded on the job: the reference's "blocked dispatch" job event has no defined
 * byte format (artifacts.md §9), so none is invented here.
 */
import { DEFAULT_JOB_ROOT, readJob, readJobSync } from '@gait/core-jobs';
import type { ToolCall } from '../tool-call/types.js';
import { resolveIn } from './artifacts.js';

export const EMERGENCY_STOP_PREEMPTED = 'emergency_stop_preempted';
export const EMERGENCY_STOP_ACTIVE = 'emergency_stop_active';
export const EMERGENCY_STOP_STATE_UNAVAILABLE = 'emergency_stop_state_unavailable';

/** The state of the job a call names, read before the call is evaluated. */
export type JobStatusRead =
  | { readonly jobId: string; readonly status: string }
  /** `unavailable`: a short reason (`job_not_found`, `invalid_job_state`, …) for the warning. */
  | { readonly jobId: string; readonly unavailable: string };

/** What preemption adds to a decision; `undefined` when the job does not stop the call. */
export interface JobPreemption {
  reasonCode: string;
  violation?: string;
  warning?: string;
}

/**
 * The call's `context.job_id`, trimmed, or `""`. Keys match case-insensitively, the last match
 * winning, as when the intent's context is decoded (so this is the job id the intent records).
 */
export function callJobId(call: ToolCall): string {
  let value: unknown;
  for (const key of Object.keys(call.context)) if (key.toLowerCase() === 'job_id') value = call.context[key];
  return typeof value === 'string' ? value.trim() : '';
}

export interface JobRootOptions {
  /** Jobs folder; default `./gait-out/jobs`. A relative root is taken from `cwd`. */
  root?: string;
  cwd?: string;
}

function jobRoot(options: JobRootOptions): string {
  return resolveIn(options.cwd ?? process.cwd(), (options.root ?? '').trim() || DEFAULT_JOB_ROOT);
}

/** Reads the job's status; never throws: a state that cannot be read is reported as unavailable. */
export async function readJobStatus(jobId: string, options: JobRootOptions = {}): Promise<JobStatusRead> {
  try {
    const state = await readJob({ jobId, root: jobRoot(options) });
    return { jobId, status: state.status };
  } catch (error) {
    return { jobId, unavailable: unavailableReason(error) };
  }
}

/**
 * The same read, synchronously, for the forwarding proxy's gate (its verdict is synchronous and
 * the job can be stopped between two calls, so it reads per call): `readJobSync`, with the same
 * checks and refusals as `readJob`.
 */
export function readJobStatusSync(jobId: string, options: JobRootOptions = {}): JobStatusRead {
  try {
    return { jobId, status: readJobSync({ jobId, root: jobRoot(options) }).status };
  } catch (error) {
    return { jobId, unavailable: unavailableReason(error) };
  }
}

/** A job error's code (`job_not_found`, `invalid_job_state`, `invalid_job_id`), else the system error's. */
function unavailableReason(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || code === '') return 'state_unreadable';
  return /^[a-z_]+$/.test(code) ? code : `state_unreadable_${code.toLowerCase()}`;
}

/**
 * What the job named by `jobId` (the intent's `context.job_id`) does to the call. A job id whose
 * state was not read, or was read for another id, counts as unavailable: fail closed.
 */
export function jobPreemption(jobId: string, read: JobStatusRead | undefined): JobPreemption | undefined {
  if (jobId === '') return undefined;
  let unavailable: string | undefined;
  if (read === undefined) unavailable = 'job_status_not_read';
  else if (read.jobId !== jobId) unavailable = 'job_id_mismatch';
  else if ('unavailable' in read) unavailable = read.unavailable;
  else if (read.status !== 'emergency_stopped') return undefined;
  if (unavailable !== undefined) {
    return { reasonCode: EMERGENCY_STOP_STATE_UNAVAILABLE, warning: `job_status_unavailable=${unavailable}` };
  }
  return { reasonCode: EMERGENCY_STOP_PREEMPTED, violation: EMERGENCY_STOP_ACTIVE };
}
