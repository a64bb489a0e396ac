import { JobError, JobErrorCodes } from './errors.js';
import {
  CHECKPOINT_TYPES,
  JOB_SCHEMA_VERSION,
  JobSchemaIds,
  type CheckpointType,
  type JobCheckpoint,
  type JobEvent,
  type JobEventPayload,
  type JobState,
  type JobStatus,
} from './records.js';
import { safetyInvariants } from './safety.js';

/** A transition's outcome: the next state (revision and updated_at already stamped) and its event. */
export interface JobChange {
  readonly state: JobState;
  readonly event: JobEvent;
}

interface EventSpec {
  readonly type: string;
  readonly actor?: string | undefined;
  readonly reason_code: string;
  readonly payload?: JobEventPayload;
}

/** Every mutation: bump the revision, stamp the time, and derive the event from the new state. */
function commit(previous: JobState, patch: Partial<JobState>, at: string, spec: EventSpec): JobChange {
  const state: JobState = { ...previous, ...patch, updated_at: at, revision: previous.revision + 1 };
  return { state, event: eventFor(state, at, spec) };
}

function eventFor(state: JobState, at: string, spec: EventSpec): JobEvent {
  return {
    schema_id: JobSchemaIds.event,
    schema_version: JOB_SCHEMA_VERSION,
    created_at: at,
    job_id: state.job_id,
    revision: state.revision,
    type: spec.type,
    ...(spec.actor ? { actor: spec.actor } : {}),
    reason_code: spec.reason_code,
    ...(spec.payload === undefined ? {} : { payload: spec.payload }),
  };
}

function refuse(operation: string, state: JobState): JobError {
  return new JobError(
    `invalid transition: cannot ${operation} job ${state.job_id} in status ${state.status}`,
    JobErrorCodes.invalidTransition,
    { operation, status: state.status },
  );
}

function requireStatus(operation: string, state: JobState, allowed: readonly JobStatus[]): void {
  if (!allowed.includes(state.status)) throw refuse(operation, state);
}

const trimmed = (value: string | undefined): string => (value ?? '').trim();

export interface SubmitInput {
  readonly jobId: string;
  readonly at: string;
  readonly producerVersion: string;
  readonly environmentFingerprint: string;
  readonly actor?: string;
  /** The identity the job acts as; bound into its safety invariants and checked on resume. */
  readonly identity?: string;
}

export function submitTransition(input: SubmitInput): JobChange {
  const identity = trimmed(input.identity);
  const safety = safetyInvariants(identity);
  const state: JobState = {
    schema_id: JobSchemaIds.state,
    schema_version: JOB_SCHEMA_VERSION,
    created_at: input.at,
    updated_at: input.at,
    producer_version: input.producerVersion,
    job_id: input.jobId,
    status: 'running',
    stop_reason: 'none',
    status_reason_code: 'submitted',
    environment_fingerprint: input.environmentFingerprint,
    safety_invariant_version: safety.version,
    safety_invariant_hash: safety.hash,
    safety_invariants: safety.invariants,
    identity,
    revision: 1,
    checkpoints: [],
  };
  const payload: Record<string, string> = { environment_fingerprint: input.environmentFingerprint };
  if (identity !== '') payload.identity = identity;
  return { state, event: eventFor(state, input.at, { type: 'submitted', actor: trimmed(input.actor), reason_code: 'submitted', payload }) };
}

export interface CheckpointInput {
  readonly type: string;
  readonly summary: string;
  readonly requiredAction?: string;
  readonly actor?: string;
}

/** A summary longer than this is refused (bytes of UTF-8, as the reference counts). */
export const MAX_SUMMARY_BYTES = 512;

/** What each checkpoint type does to the status (`undefined`: leaves it alone). */
const CHECKPOINT_EFFECT: Record<CheckpointType, { status?: JobStatus; reason: string }> = {
  plan: { reason: 'checkpoint_plan' },
  progress: { reason: 'checkpoint_progress' },
  'decision-needed': { status: 'decision_needed', reason: 'checkpoint_decision_needed' },
  blocked: { status: 'blocked', reason: 'checkpoint_blocked' },
  completed: { status: 'completed', reason: 'checkpoint_completed' },
};

function invalidCheckpoint(message: string, field: string): JobError {
  return new JobError(`invalid checkpoint: ${message}`, JobErrorCodes.invalidCheckpoint, { field });
}

export function checkpointTransition(state: JobState, input: CheckpointInput, at: string): JobChange {
  // An emergency stop is final: a checkpoint must not be able to flip the job back to running
  // states (the reference's SEED table allows checkpoints from any status; stop is v1.4.0's).
  if (state.status === 'emergency_stopped') throw refuse('add a checkpoint to', state);
  const type = trimmed(input.type).toLowerCase();
  if (!(CHECKPOINT_TYPES as readonly string[]).includes(type)) {
    throw invalidCheckpoint(`type must be one of ${CHECKPOINT_TYPES.join(', ')}, got ${JSON.stringify(input.type)}`, 'type');
  }
  const summary = trimmed(input.summary);
  if (summary === '') throw invalidCheckpoint('summary is required', 'summary');
  if (Buffer.byteLength(summary, 'utf8') > MAX_SUMMARY_BYTES) {
    throw invalidCheckpoint(`summary must be at most ${MAX_SUMMARY_BYTES} bytes`, 'summary');
  }
  const checkpointType = type as CheckpointType;
  const requiredAction = checkpointType === 'decision-needed' ? trimmed(input.requiredAction) : '';
  if (checkpointType === 'decision-needed' && requiredAction === '') {
    throw invalidCheckpoint('required_action is required for decision-needed checkpoints', 'required_action');
  }
  const effect = CHECKPOINT_EFFECT[checkpointType];
  const actor = trimmed(input.actor);
  const checkpoint: JobCheckpoint = {
    checkpoint_id: `cp_${String(state.checkpoints.length + 1).padStart(4, '0')}`,
    created_at: at,
    type: checkpointType,
    summary,
    required_action: requiredAction,
    reason_code: effect.reason,
    actor,
  };
  const statusPatch: Partial<JobState> =
    effect.status === undefined ? {} : { status: effect.status, stop_reason: effect.status, status_reason_code: effect.status };
  return commit(state, { ...statusPatch, checkpoints: [...state.checkpoints, checkpoint] }, at, {
    type: 'checkpoint_added',
    actor,
    reason_code: effect.reason,
    // `required_action: ""` is kept, as the reference's map keeps it.
    payload: { checkpoint_id: checkpoint.checkpoint_id, checkpoint_type: checkpointType, required_action: requiredAction },
  });
}

export interface ActorInput {
  readonly actor?: string;
}

export function pauseTransition(state: JobState, input: ActorInput, at: string): JobChange {
  requireStatus('pause', state, ['running', 'decision_needed']);
  return commit(state, { status: 'paused', stop_reason: 'paused_by_user', status_reason_code: 'paused' }, at, {
    type: 'paused',
    actor: trimmed(input.actor),
    reason_code: 'paused',
  });
}

export function cancelTransition(state: JobState, input: ActorInput, at: string): JobChange {
  requireStatus('cancel', state, ['running', 'paused', 'decision_needed', 'blocked']);
  return commit(state, { status: 'cancelled', stop_reason: 'cancelled_by_user', status_reason_code: 'cancelled' }, at, {
    type: 'cancelled',
    actor: trimmed(input.actor),
    reason_code: 'cancelled',
  });
}

/** v1.4.0's emergency stop: any live job can be stopped; a stopped job stays stopped. */
export function stopTransition(state: JobState, input: ActorInput, at: string): JobChange {
  requireStatus('stop', state, ['running', 'paused', 'decision_needed', 'blocked']);
  return commit(
    state,
    { status: 'emergency_stopped', stop_reason: 'emergency_stopped', status_reason_code: 'emergency_stopped' },
    at,
    { type: 'emergency_stopped', actor: trimmed(input.actor), reason_code: 'emergency_stopped' },
  );
}

export interface ApproveInput {
  readonly actor: string;
  readonly reason?: string;
}

/** Approvals are recorded in any status; they only matter to a later resume. */
export function approveTransition(state: JobState, input: ApproveInput, at: string): JobChange {
  const actor = trimmed(input.actor);
  if (actor === '') throw new JobError('approval actor is required', JobErrorCodes.invalidApproval, { field: 'actor' });
  const reason = trimmed(input.reason) || 'approved';
  return commit(
    state,
    { status_reason_code: 'approval_recorded', approvals: [...(state.approvals ?? []), { created_at: at, actor, reason }] },
    at,
    { type: 'approved', actor, reason_code: 'approval_recorded', payload: { reason } },
  );
}

export interface ResumeInput {
  readonly actor?: string;
  readonly reason?: string;
  /** The fingerprint of the environment resuming the job. */
  readonly environmentFingerprint: string;
  readonly allowEnvMismatch?: boolean;
  /** Identity resuming the job; defaults to the job's own. */
  readonly identity?: string;
  /** The identity has been revoked (from `--identity-revoked` or a revocation list). */
  readonly identityRevoked?: boolean;
}

const decisionCount = (state: JobState): number => state.checkpoints.filter((c) => c.type === 'decision-needed').length;

export function resumeTransition(state: JobState, input: ResumeInput, at: string): JobChange {
  requireStatus('resume', state, ['paused', 'decision_needed', 'blocked']);
  const decisions = decisionCount(state);
  const approvals = state.approvals?.length ?? 0;
  if (decisions > approvals || (state.status === 'decision_needed' && decisions === 0)) {
    throw new JobError('approval required: approval required before resume', JobErrorCodes.approvalRequired, { decisions, approvals });
  }
  const expected = state.environment_fingerprint;
  const actual = trimmed(input.environmentFingerprint);
  const mismatch = expected !== actual;
  if (mismatch && input.allowEnvMismatch !== true) {
    throw new JobError(`environment fingerprint mismatch: expected=${expected} actual=${actual}`, JobErrorCodes.envMismatch, {
      expected,
      actual,
    });
  }
  const bound = state.identity ?? '';
  const identity = trimmed(input.identity) || bound;
  if (bound !== '' && identity !== bound) {
    throw new JobError(`identity mismatch: expected=${bound} actual=${identity}`, JobErrorCodes.identityMismatch, { expected: bound, actual: identity });
  }
  if (input.identityRevoked === true) {
    throw new JobError(`identity revoked: ${identity || '(none)'}`, JobErrorCodes.identityRevoked, { identity });
  }
  const reasonCode = mismatch ? 'resumed_with_env_override' : 'resumed';
  const payload: Record<string, string | boolean> = {
    reason: trimmed(input.reason) || 'resumed',
    expected_fingerprint: expected,
    actual_fingerprint: actual,
  };
  if (identity !== '') payload.identity = identity;
  if (bound !== '') payload.identity_validation_required = true;
  return commit(state, { status: 'running', stop_reason: 'none', status_reason_code: reasonCode }, at, {
    type: 'resumed',
    actor: trimmed(input.actor),
    reason_code: reasonCode,
    payload,
  });
}
