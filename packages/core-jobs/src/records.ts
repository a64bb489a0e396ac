/**
 * The durable job records, shaped and ordered like the reference's structs (`gait.job.runtime`
 * and `gait.job.event`, both 1.0.0), so `state.json` and `events.jsonl` written here are the
 * bytes the Go runtime writes and reads.
 */
export const JobSchemaIds = {
  state: 'gait.job.runtime',
  event: 'gait.job.event',
  output: 'gait.job.output',
} as const;
export const JOB_SCHEMA_VERSION = '1.0.0';

export const JOB_STATUSES = [
  'running',
  'paused',
  'decision_needed',
  'blocked',
  'completed',
  'cancelled',
  'emergency_stopped',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const CHECKPOINT_TYPES = ['plan', 'progress', 'decision-needed', 'blocked', 'completed'] as const;
export type CheckpointType = (typeof CHECKPOINT_TYPES)[number];

export interface JobCheckpoint {
  readonly checkpoint_id: string;
  readonly created_at: string;
  readonly type: CheckpointType;
  readonly summary: string;
  /** Only on `decision-needed` checkpoints. */
  readonly required_action?: string;
  readonly reason_code: string;
  readonly actor?: string;
}

export interface JobApproval {
  readonly created_at: string;
  readonly actor: string;
  readonly reason: string;
}

export interface JobState {
  readonly schema_id: typeof JobSchemaIds.state;
  readonly schema_version: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly producer_version: string;
  readonly job_id: string;
  readonly status: JobStatus;
  readonly stop_reason: string;
  readonly status_reason_code: string;
  readonly environment_fingerprint: string;
  readonly safety_invariant_version?: string;
  readonly safety_invariant_hash?: string;
  readonly safety_invariants?: readonly string[];
  readonly identity?: string;
  readonly revision: number;
  readonly checkpoints: readonly JobCheckpoint[];
  readonly approvals?: readonly JobApproval[];
}

export type JobEventPayload = Readonly<Record<string, string | boolean>>;

export interface JobEvent {
  readonly schema_id: typeof JobSchemaIds.event;
  readonly schema_version: string;
  readonly created_at: string;
  readonly job_id: string;
  readonly revision: number;
  readonly type: string;
  readonly actor?: string;
  readonly reason_code?: string;
  readonly payload?: JobEventPayload;
}

/** Go `encoding/json` escapes these even in compact output; JSON.stringify does not. */
const GO_ESCAPES = /[<>&\u2028\u2029]/g;
const goEscape = (json: string): string =>
  json.replace(GO_ESCAPES, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);
const nonEmptyList = <T>(list: readonly T[] | undefined): readonly T[] | undefined =>
  list === undefined || list.length === 0 ? undefined : list;

/** Field order and omitempty of the Go struct; `undefined` keys vanish in JSON.stringify. */
function orderedCheckpoint(c: JobCheckpoint): Record<string, unknown> {
  return {
    checkpoint_id: c.checkpoint_id,
    created_at: c.created_at,
    type: c.type,
    summary: c.summary,
    required_action: nonEmpty(c.required_action),
    reason_code: c.reason_code,
    actor: nonEmpty(c.actor),
  };
}

function orderedState(s: JobState): Record<string, unknown> {
  return {
    schema_id: s.schema_id,
    schema_version: s.schema_version,
    created_at: s.created_at,
    updated_at: s.updated_at,
    producer_version: s.producer_version,
    job_id: s.job_id,
    status: s.status,
    stop_reason: s.stop_reason,
    status_reason_code: s.status_reason_code,
    environment_fingerprint: s.environment_fingerprint,
    safety_invariant_version: nonEmpty(s.safety_invariant_version),
    safety_invariant_hash: nonEmpty(s.safety_invariant_hash),
    safety_invariants: nonEmptyList(s.safety_invariants),
    identity: nonEmpty(s.identity),
    revision: s.revision,
    checkpoints: s.checkpoints.map(orderedCheckpoint),
    approvals: nonEmptyList(s.approvals)?.map((a) => ({ created_at: a.created_at, actor: a.actor, reason: a.reason })),
  };
}

/** Go marshals map keys sorted; the payload is a map there. */
function sortedPayload(payload: JobEventPayload): Record<string, string | boolean> {
  return Object.fromEntries(Object.keys(payload).sort().map((key) => [key, payload[key]!]));
}

function orderedEvent(e: JobEvent): Record<string, unknown> {
  return {
    schema_id: e.schema_id,
    schema_version: e.schema_version,
    created_at: e.created_at,
    job_id: e.job_id,
    revision: e.revision,
    type: e.type,
    actor: nonEmpty(e.actor),
    reason_code: nonEmpty(e.reason_code),
    payload: e.payload === undefined || Object.keys(e.payload).length === 0 ? undefined : sortedPayload(e.payload),
  };
}

/** `state.json` bytes: Go `MarshalIndent` with two spaces, then a newline. */
export function encodeJobState(state: JobState): string {
  return `${goEscape(JSON.stringify(orderedState(state), null, 2))}\n`;
}

/** One `events.jsonl` line without its newline: Go compact JSON. */
export function encodeJobEvent(event: JobEvent): string {
  return goEscape(JSON.stringify(orderedEvent(event)));
}

/** The state as a plain object in the file's key order, for JSON output. */
export function jobStateObject(state: JobState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(orderedState(state))) as Record<string, unknown>;
}

export function jobEventObject(event: JobEvent): Record<string, unknown> {
  return JSON.parse(JSON.stringify(orderedEvent(event))) as Record<string, unknown>;
}

export function jobCheckpointObject(checkpoint: JobCheckpoint): Record<string, unknown> {
  return JSON.parse(JSON.stringify(orderedCheckpoint(checkpoint))) as Record<string, unknown>;
}
