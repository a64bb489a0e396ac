import { normalizeGoTime } from '@gait/core-runpack';
import { JobError, JobErrorCodes } from './errors.js';
import {
  CHECKPOINT_TYPES,
  JOB_STATUSES,
  JobSchemaIds,
  type CheckpointType,
  type JobApproval,
  type JobCheckpoint,
  type JobEvent,
  type JobEventPayload,
  type JobState,
  type JobStatus,
} from './records.js';

type Obj = Record<string, unknown>;

const bad = (where: string, message: string): JobError =>
  new JobError(`invalid job state: ${where}: ${message}`, JobErrorCodes.invalidState, { path: where });

function object(value: unknown, where: string): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad(where, 'expected a JSON object');
  return value as Obj;
}

function str(o: Obj, key: string, where: string, required = true): string {
  const value = o[key];
  if (value === undefined || value === null) {
    if (required) throw bad(where, `${key} is required`);
    return '';
  }
  if (typeof value !== 'string') throw bad(where, `${key} must be a string`);
  return value;
}

function time(o: Obj, key: string, where: string): string {
  return normalizeGoTime(str(o, key, where), { field: `${where}.${key}` });
}

function list(o: Obj, key: string, where: string): readonly unknown[] {
  const value = o[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad(where, `${key} must be an array`);
  return value;
}

function checkpoint(value: unknown, where: string): JobCheckpoint {
  const o = object(value, where);
  const type = str(o, 'type', where);
  if (!(CHECKPOINT_TYPES as readonly string[]).includes(type)) throw bad(where, `unknown checkpoint type ${JSON.stringify(type)}`);
  return {
    checkpoint_id: str(o, 'checkpoint_id', where),
    created_at: time(o, 'created_at', where),
    type: type as CheckpointType,
    summary: str(o, 'summary', where, false),
    required_action: str(o, 'required_action', where, false),
    reason_code: str(o, 'reason_code', where, false),
    actor: str(o, 'actor', where, false),
  };
}

function approval(value: unknown, where: string): JobApproval {
  const o = object(value, where);
  return { created_at: time(o, 'created_at', where), actor: str(o, 'actor', where, false), reason: str(o, 'reason', where, false) };
}

/**
 * Reads a parsed `state.json` the way the reference does (unknown fields dropped), but fails
 * closed on anything that would make a transition meaningless: a wrong schema, an unknown status,
 * a revision that is not a non-negative integer.
 */
export function decodeJobState(value: unknown, where = 'state.json'): JobState {
  const o = object(value, where);
  const schemaId = str(o, 'schema_id', where);
  if (schemaId !== JobSchemaIds.state) throw bad(where, `schema_id must be ${JobSchemaIds.state}, got ${JSON.stringify(schemaId)}`);
  const status = str(o, 'status', where);
  if (!(JOB_STATUSES as readonly string[]).includes(status)) throw bad(where, `unknown status ${JSON.stringify(status)}`);
  const revision = o.revision;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    throw bad(where, 'revision must be a non-negative integer');
  }
  const invariants = list(o, 'safety_invariants', where).map((item, i) => {
    if (typeof item !== 'string') throw bad(where, `safety_invariants[${i}] must be a string`);
    return item;
  });
  return {
    schema_id: JobSchemaIds.state,
    schema_version: str(o, 'schema_version', where),
    created_at: time(o, 'created_at', where),
    updated_at: time(o, 'updated_at', where),
    producer_version: str(o, 'producer_version', where, false),
    job_id: str(o, 'job_id', where),
    status: status as JobStatus,
    stop_reason: str(o, 'stop_reason', where, false),
    status_reason_code: str(o, 'status_reason_code', where, false),
    environment_fingerprint: str(o, 'environment_fingerprint', where, false),
    safety_invariant_version: str(o, 'safety_invariant_version', where, false),
    safety_invariant_hash: str(o, 'safety_invariant_hash', where, false),
    safety_invariants: invariants,
    identity: str(o, 'identity', where, false),
    revision,
    checkpoints: list(o, 'checkpoints', where).map((c, i) => checkpoint(c, `${where}.checkpoints[${i}]`)),
    approvals: list(o, 'approvals', where).map((a, i) => approval(a, `${where}.approvals[${i}]`)),
  };
}

function payload(value: unknown, where: string): JobEventPayload | undefined {
  if (value === undefined || value === null) return undefined;
  const o = object(value, where);
  const out: Record<string, string | boolean> = {};
  for (const [key, item] of Object.entries(o)) {
    // The reference's payload is map[string]any; keep scalars as they are, others as JSON text.
    out[key] = typeof item === 'string' || typeof item === 'boolean' ? item : JSON.stringify(item);
  }
  return out;
}

export function decodeJobEvent(value: unknown, where: string): JobEvent {
  const o = object(value, where);
  const revision = o.revision;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 1) throw bad(where, 'revision must be a positive integer');
  const decoded = payload(o.payload, `${where}.payload`);
  return {
    schema_id: JobSchemaIds.event,
    schema_version: str(o, 'schema_version', where),
    created_at: time(o, 'created_at', where),
    job_id: str(o, 'job_id', where),
    revision,
    type: str(o, 'type', where),
    actor: str(o, 'actor', where, false),
    reason_code: str(o, 'reason_code', where, false),
    ...(decoded === undefined ? {} : { payload: decoded }),
  };
}
