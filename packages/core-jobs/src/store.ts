import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { appendLineLocked, writeFileAtomic, type LockOptions } from '@gait/core-fsx';
import { decodeJobEvent, decodeJobState } from './decode.js';
import { JobError, JobErrorCodes } from './errors.js';
import { encodeJobEvent, encodeJobState, type JobEvent, type JobState } from './records.js';
import type { JobChange } from './transitions.js';

/** Where jobs live unless told otherwise (relative to the working folder). */
export const DEFAULT_JOB_ROOT = './gait-out/jobs';

/**
 * The reference's job-state lock timings: wait 2 s, retry every 10 ms, break after 30 s. A lock
 * whose recorded owner process is gone is broken at once (see `@gait/core-fsx`).
 */
export const jobLockDefaults: Required<LockOptions> = { timeoutMs: 2_000, pollMs: 10, staleMs: 30_000 };

export interface JobPaths {
  readonly jobId: string;
  readonly dir: string;
  readonly state: string;
  readonly events: string;
  readonly lock: string;
  /**
   * The mutation in flight: written before `state.json`, removed after the event is appended.
   * If a crash leaves it behind, the next mutation completes or discards it, so the state and
   * the event log never stay apart (the reference names this condition `pending_mutation`).
   */
  readonly pending: string;
}

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Validates a job id (it becomes a folder name) and derives the job's files. */
export function jobPaths(root: string, jobId: string): JobPaths {
  const id = jobId.trim();
  if (id === '') throw new JobError('job_id is required', JobErrorCodes.jobIdRequired, { field: 'job_id' });
  if (!JOB_ID.test(id) || id.length > 128) {
    throw new JobError(
      `invalid job_id ${JSON.stringify(jobId)}: use 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit`,
      JobErrorCodes.invalidJobId,
      { field: 'job_id' },
    );
  }
  const dir = join(resolve(root.trim() === '' ? DEFAULT_JOB_ROOT : root), id);
  const state = join(dir, 'state.json');
  return { jobId: id, dir, state, events: join(dir, 'events.jsonl'), lock: `${state}.lock`, pending: `${state}.pending` };
}

const isMissing = (error: unknown): boolean => (error as { code?: unknown }).code === 'ENOENT';

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new JobError(`invalid job state: ${where}: ${(error as Error).message}`, JobErrorCodes.invalidState, { path: where });
  }
}

export function decodeStateText(text: string, where: string): JobState {
  return decodeJobState(parseJson(text, where), where);
}

export async function readStateFile(paths: JobPaths): Promise<JobState> {
  let text: string;
  try {
    text = await readFile(paths.state, 'utf8');
  } catch (error) {
    throw isMissing(error) ? jobNotFound(paths) : error;
  }
  return checkedState(paths, text);
}

/** `readStateFile`, synchronously (for a per-call check that cannot wait, such as a proxy's verdict). */
export function readStateFileSync(paths: JobPaths): JobState {
  let text: string;
  try {
    text = readFileSync(paths.state, 'utf8');
  } catch (error) {
    throw isMissing(error) ? jobNotFound(paths) : error;
  }
  return checkedState(paths, text);
}

const jobNotFound = (paths: JobPaths) => new JobError(`job not found: ${paths.jobId}`, JobErrorCodes.notFound, { job_id: paths.jobId });

/** The state in `text`, read from `paths.state`: decoded, and its job id checked against its folder. */
function checkedState(paths: JobPaths, text: string): JobState {
  const state = decodeStateText(text, paths.state);
  if (state.job_id !== paths.jobId) {
    throw new JobError(`invalid job state: ${paths.state}: job_id ${state.job_id} does not match folder ${paths.jobId}`, JobErrorCodes.invalidState);
  }
  return state;
}

/** Every event in the log, oldest first; blank lines are skipped as the reference's readers do. */
export function decodeEventsText(text: string, where: string): JobEvent[] {
  const events: JobEvent[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    events.push(decodeJobEvent(parseJson(line, `${where}:${index + 1}`), `${where}:${index + 1}`));
  });
  return events;
}

export async function readEventsFile(paths: JobPaths): Promise<JobEvent[]> {
  try {
    return decodeEventsText(await readFile(paths.events, 'utf8'), paths.events);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

interface PendingMutation {
  readonly revision: number;
  readonly event: string;
}

/**
 * Finishes or discards a mutation a crashed writer left behind. Call with the state lock held.
 * State written but event missing: append the event (roll forward). State not written: drop it.
 */
export async function settlePending(paths: JobPaths): Promise<'none' | 'rolled_forward' | 'discarded'> {
  let text: string;
  try {
    text = await readFile(paths.pending, 'utf8');
  } catch (error) {
    if (isMissing(error)) return 'none';
    throw error;
  }
  let pending: PendingMutation | undefined;
  try {
    const parsed = JSON.parse(text) as Partial<PendingMutation>;
    if (typeof parsed.revision === 'number' && typeof parsed.event === 'string') pending = parsed as PendingMutation;
  } catch {
    pending = undefined; // torn write of the marker itself: the state was not touched yet
  }
  let outcome: 'rolled_forward' | 'discarded' = 'discarded';
  if (pending !== undefined) {
    const state = await readStateFile(paths).catch(() => undefined);
    if (state !== undefined && state.revision === pending.revision) {
      const events = await readEventsFile(paths);
      const last = events.at(-1)?.revision ?? 0;
      if (last < pending.revision) {
        await appendLineLocked(paths.events, pending.event);
        outcome = 'rolled_forward';
      }
    }
  }
  await rm(paths.pending, { force: true });
  return outcome;
}

/**
 * Persists one committed transition: the pending marker, then `state.json` (atomic), then the
 * event (locked append), then the marker is removed. Call with the state lock held.
 */
export async function persistChange(paths: JobPaths, change: JobChange): Promise<void> {
  const event = encodeJobEvent(change.event);
  const pending: PendingMutation = { revision: change.state.revision, event };
  await mkdir(paths.dir, { recursive: true, mode: 0o750 });
  await writeFileAtomic(paths.pending, JSON.stringify(pending));
  await writeFileAtomic(paths.state, encodeJobState(change.state));
  await appendLineLocked(paths.events, event);
  await rm(paths.pending, { force: true });
}
