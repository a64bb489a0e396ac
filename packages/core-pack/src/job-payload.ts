/** The job pack's files (`gait.pack.job` payload, the job state and its events). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { normalizeGoTime } from '@gait/core-runpack';
import { sha256Hex } from '@gait/core-sign';
import { type Obj, contractError, isObj, parseJsonl, parseObject, rejectUnknown } from './strict-json.js';

export const JOB_PAYLOAD_SCHEMA_ID = 'gait.pack.job';
export const JOB_STATUSES = ['running', 'paused', 'decision_needed', 'blocked', 'completed', 'cancelled', 'emergency_stopped'] as const;

export interface JobSource {
  /** The job's `state.json`, parsed (`gait.job.runtime`). */
  readonly state: Obj;
  /** The job's `events.jsonl` records, in file order. */
  readonly events: readonly Obj[];
}

const text = (o: Obj, key: string): string => (typeof o[key] === 'string' ? (o[key] as string) : '');
const listLength = (o: Obj, key: string): number => (Array.isArray(o[key]) ? (o[key] as unknown[]).length : 0);

/**
 * A stand-in for the reference's host fingerprint when a state has none: the same shape
 * (`envfp:` + sha256 of sorted `key=value` parts) over this runtime's platform values.
 */
function hostFingerprint(): string {
  const parts = [`goarch=${process.arch}`, `goos=${process.platform}`, `goversion=node${process.versions.node}`, `shell=${process.env.SHELL ?? ''}`].sort();
  return `envfp:${sha256Hex(parts.join('|'))}`;
}

export function buildJobPayload(state: Obj): Obj {
  const created = text(state, 'created_at');
  const payload: Obj = {
    schema_id: JOB_PAYLOAD_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: created === '' ? '1980-01-01T00:00:00Z' : normalizeGoTime(created, { utc: true, field: 'state.created_at' }),
    job_id: text(state, 'job_id'),
    status: text(state, 'status') || 'running',
    stop_reason: text(state, 'stop_reason') || 'none',
    status_reason_code: text(state, 'status_reason_code') || 'submitted',
    environment_fingerprint: text(state, 'environment_fingerprint') || hostFingerprint(),
    checkpoint_count: listLength(state, 'checkpoints'),
    approval_count: listLength(state, 'approvals'),
  };
  // v1.4.0 carries the job's safety invariants into the payload when the state has them.
  if (text(state, 'safety_invariant_version')) payload.safety_invariant_version = text(state, 'safety_invariant_version');
  if (text(state, 'safety_invariant_hash')) payload.safety_invariant_hash = text(state, 'safety_invariant_hash');
  return payload;
}

/**
 * Reads a job from a job folder or a `state.json` path: the state and the `events.jsonl` beside
 * it (no events file means no events).
 */
export async function readJobSource(path: string): Promise<JobSource> {
  const statePath = path.endsWith('.json') ? path : join(path, 'state.json');
  let stateText: string;
  try {
    stateText = await readFile(statePath, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`job not found: ${statePath}`, { code: 'job_not_found', cause: error });
  }
  const state = parseObject(stateText, `parse ${statePath}`);
  if (text(state, 'job_id') === '') throw new InvalidInputError(`${statePath}: job_id is required`, { code: 'job_state_invalid' });
  let events: Obj[] = [];
  try {
    events = parseJsonl(await readFile(join(statePath, '..', 'events.jsonl')), 'events.jsonl');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { state, events };
}

const jobPayloadKeys = new Set([
  'schema_id', 'schema_version', 'created_at', 'job_id', 'status', 'stop_reason', 'status_reason_code', 'environment_fingerprint',
  'safety_invariant_version', 'safety_invariant_hash', 'checkpoint_count', 'approval_count',
]);

/** The job contract (§6.4 step 6): payload strict and consistent with the state and every event. */
export function checkJobContract(payload: Obj, state: Obj, events: readonly Obj[], sourceRef: string): void {
  rejectUnknown(payload, jobPayloadKeys, 'parse job_payload.json');
  if (payload.schema_id !== JOB_PAYLOAD_SCHEMA_ID || payload.schema_version !== '1.0.0') throw contractError(`job_payload.json: schema must be ${JOB_PAYLOAD_SCHEMA_ID} 1.0.0`);
  if (!(JOB_STATUSES as readonly unknown[]).includes(payload.status)) throw contractError(`job_payload.json: unknown status ${JSON.stringify(payload.status)}`);
  if (payload.job_id !== sourceRef) throw contractError(`job_payload.json: job_id ${String(payload.job_id)} does not match source_ref ${sourceRef}`);
  if (text(state, 'job_id') !== sourceRef) throw contractError(`job_state.json: job_id ${text(state, 'job_id')} does not match source_ref ${sourceRef}`);
  if (payload.checkpoint_count !== listLength(state, 'checkpoints')) throw contractError('job_payload.json: checkpoint_count differs from the state');
  if (payload.approval_count !== listLength(state, 'approvals')) throw contractError('job_payload.json: approval_count differs from the state');
  events.forEach((event, i) => {
    if (!isObj(event) || text(event, 'job_id') !== sourceRef) throw contractError(`job_events.jsonl line ${i + 1}: job_id does not match source_ref ${sourceRef}`);
  });
}
