import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { withFileLock, type LockOptions } from '@gait/core-fsx';
import { DEFAULT_PRODUCER_VERSION, formatGoTime, goTimeNow, normalizeGoTime } from '@gait/core-runpack';
import { JobError, JobErrorCodes } from './errors.js';
import { environmentFingerprint } from './fingerprint.js';
import type { JobCheckpoint, JobEvent, JobState } from './records.js';
import { DEFAULT_JOB_ROOT, jobLockDefaults, jobPaths, persistChange, readEventsFile, readStateFile, readStateFileSync, settlePending, type JobPaths } from './store.js';
import {
  approveTransition,
  cancelTransition,
  checkpointTransition,
  pauseTransition,
  resumeTransition,
  stopTransition,
  submitTransition,
  type ActorInput,
  type ApproveInput,
  type CheckpointInput,
  type JobChange,
  type ResumeInput,
} from './transitions.js';

/** Which job: its id, under `root` (default `./gait-out/jobs`). */
export interface JobRef {
  readonly jobId: string;
  readonly root?: string;
}

export interface MutationOptions {
  /** The mutation's time (default now, with nanoseconds as Go prints them). */
  readonly at?: Date | string;
  /** Overrides of the job-state lock timings. */
  readonly lock?: LockOptions;
}

function timestamp(at: Date | string | undefined): string {
  if (at === undefined) return goTimeNow();
  if (typeof at === 'string') return normalizeGoTime(at, { field: 'at' });
  const ms = at.getTime();
  return formatGoTime({ unixSeconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000, offsetMinutes: 0 });
}

const pathsOf = (ref: JobRef): JobPaths => jobPaths(ref.root ?? DEFAULT_JOB_ROOT, ref.jobId);

/**
 * One mutation, all of it under `state.json.lock`: settle a crashed writer's leftovers, read,
 * apply the transition (which throws before anything is written when it is refused), persist.
 */
async function mutate(ref: JobRef, options: MutationOptions, transition: (state: JobState, at: string) => JobChange): Promise<JobState> {
  const paths = pathsOf(ref);
  // Checked before locking so an unknown job id does not leave an empty folder behind.
  if (!existsSync(paths.state)) throw new JobError(`job not found: ${paths.jobId}`, JobErrorCodes.notFound, { job_id: paths.jobId });
  return withFileLock(
    paths.lock,
    async () => {
      await settlePending(paths);
      const change = transition(await readStateFile(paths), timestamp(options.at));
      await persistChange(paths, change);
      return change.state;
    },
    { ...jobLockDefaults, ...options.lock },
  );
}

export interface SubmitJobInput {
  readonly actor?: string;
  readonly identity?: string;
  /** Default: this host's fingerprint ({@link environmentFingerprint}). */
  readonly environmentFingerprint?: string;
  /** Written into the state; default the runtime's (`0.0.0-dev`). */
  readonly producerVersion?: string;
}

/** Creates a job in status `running` at revision 1; an existing job is never overwritten. */
export async function submitJob(ref: JobRef, input: SubmitJobInput = {}, options: MutationOptions = {}): Promise<JobState> {
  const paths = pathsOf(ref);
  await mkdir(paths.dir, { recursive: true, mode: 0o750 });
  return withFileLock(
    paths.lock,
    async () => {
      if (existsSync(paths.state) || (await readEventsFile(paths)).length > 0) {
        throw new JobError(`job already exists: ${paths.jobId}`, JobErrorCodes.exists, { job_id: paths.jobId });
      }
      const change = submitTransition({
        jobId: paths.jobId,
        at: timestamp(options.at),
        producerVersion: input.producerVersion ?? DEFAULT_PRODUCER_VERSION,
        environmentFingerprint: input.environmentFingerprint?.trim() || environmentFingerprint(),
        ...(input.actor === undefined ? {} : { actor: input.actor }),
        ...(input.identity === undefined ? {} : { identity: input.identity }),
      });
      await persistChange(paths, change);
      return change.state;
    },
    { ...jobLockDefaults, ...options.lock },
  );
}

export function addCheckpoint(ref: JobRef, input: CheckpointInput, options: MutationOptions = {}): Promise<JobState> {
  return mutate(ref, options, (state, at) => checkpointTransition(state, input, at));
}

export function pauseJob(ref: JobRef, input: ActorInput = {}, options: MutationOptions = {}): Promise<JobState> {
  return mutate(ref, options, (state, at) => pauseTransition(state, input, at));
}

export function approveJob(ref: JobRef, input: ApproveInput, options: MutationOptions = {}): Promise<JobState> {
  return mutate(ref, options, (state, at) => approveTransition(state, input, at));
}

export type ResumeJobInput = Omit<ResumeInput, 'environmentFingerprint'> & { readonly environmentFingerprint?: string };

/** Resumes a paused, blocked or decision-needed job once approvals cover its decisions. */
export function resumeJob(ref: JobRef, input: ResumeJobInput = {}, options: MutationOptions = {}): Promise<JobState> {
  const fingerprint = input.environmentFingerprint?.trim() || environmentFingerprint();
  return mutate(ref, options, (state, at) => resumeTransition(state, { ...input, environmentFingerprint: fingerprint }, at));
}

export function cancelJob(ref: JobRef, input: ActorInput = {}, options: MutationOptions = {}): Promise<JobState> {
  return mutate(ref, options, (state, at) => cancelTransition(state, input, at));
}

/** Emergency stop (v1.4.0): the job ends in `emergency_stopped` and cannot be resumed. */
export function stopJob(ref: JobRef, input: ActorInput = {}, options: MutationOptions = {}): Promise<JobState> {
  return mutate(ref, options, (state, at) => stopTransition(state, input, at));
}

/** The current state (a read: no lock, no repair). */
export function readJob(ref: JobRef): Promise<JobState> {
  return readStateFile(pathsOf(ref));
}

/** `readJob`, synchronously: the same checks and errors, for a caller that cannot wait (a proxy's per-call verdict). */
export function readJobSync(ref: JobRef): JobState {
  return readStateFileSync(pathsOf(ref));
}

export interface JobInspection {
  readonly state: JobState;
  readonly events: readonly JobEvent[];
}

export async function inspectJob(ref: JobRef): Promise<JobInspection> {
  const paths = pathsOf(ref);
  const state = await readStateFile(paths);
  return { state, events: await readEventsFile(paths) };
}

const byId = (a: JobCheckpoint, b: JobCheckpoint): number => (a.checkpoint_id < b.checkpoint_id ? -1 : a.checkpoint_id > b.checkpoint_id ? 1 : 0);

export async function listCheckpoints(ref: JobRef): Promise<JobCheckpoint[]> {
  return [...(await readJob(ref)).checkpoints].sort(byId);
}

export async function getCheckpoint(ref: JobRef, checkpointId: string): Promise<JobCheckpoint> {
  const id = checkpointId.trim();
  if (id === '') throw new JobError('checkpoint_id is required', JobErrorCodes.checkpointNotFound, { field: 'checkpoint' });
  const found = (await readJob(ref)).checkpoints.find((c) => c.checkpoint_id === id);
  if (found === undefined) throw new JobError(`checkpoint not found: ${id}`, JobErrorCodes.checkpointNotFound, { checkpoint_id: id });
  return found;
}

/**
 * Completes or discards a mutation a crashed writer left half-done (see `diagnoseJobs`), under
 * the lock. Every mutation does this first anyway; this does only that.
 */
export async function recoverJob(ref: JobRef, options: Pick<MutationOptions, 'lock'> = {}): Promise<'none' | 'rolled_forward' | 'discarded'> {
  const paths = pathsOf(ref);
  if (!existsSync(paths.dir)) throw new JobError(`job not found: ${paths.jobId}`, JobErrorCodes.notFound, { job_id: paths.jobId });
  return withFileLock(paths.lock, () => settlePending(paths), { ...jobLockDefaults, ...options.lock });
}
