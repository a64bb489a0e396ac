import { describe, expect, it } from 'vitest';
import { JobErrorCodes } from './errors.js';
import { JOB_STATUSES, type JobState, type JobStatus } from './records.js';
import {
  approveTransition,
  cancelTransition,
  checkpointTransition,
  pauseTransition,
  resumeTransition,
  stopTransition,
  submitTransition,
  type JobChange,
} from './transitions.js';

const T = '2026-02-14T00:00:00Z';
const T1 = '2026-02-14T00:01:00Z';
const FP = 'envfp:test';

const base = (): JobState => submitTransition({ jobId: 'job_1', at: T, producerVersion: '0.0.0-dev', environmentFingerprint: FP, actor: 'a' }).state;
const inStatus = (status: JobStatus, extra: Partial<JobState> = {}): JobState => ({ ...base(), status, ...extra });

type Op = (state: JobState) => JobChange;
const ops: Record<string, Op> = {
  pause: (s) => pauseTransition(s, { actor: 'u' }, T1),
  cancel: (s) => cancelTransition(s, { actor: 'u' }, T1),
  stop: (s) => stopTransition(s, { actor: 'u' }, T1),
  resume: (s) => resumeTransition(s, { actor: 'u', environmentFingerprint: FP }, T1),
  approve: (s) => approveTransition(s, { actor: 'boss' }, T1),
  'checkpoint progress': (s) => checkpointTransition(s, { type: 'progress', summary: 'half way' }, T1),
};

/** From each status, which operations the state machine allows (v1.4.0 table, artifacts.md §9.2). */
const allowed: Record<string, readonly JobStatus[]> = {
  pause: ['running', 'decision_needed'],
  cancel: ['running', 'paused', 'decision_needed', 'blocked'],
  stop: ['running', 'paused', 'decision_needed', 'blocked'],
  // resume from decision_needed is covered below: it needs an approved decision checkpoint
  resume: ['paused', 'blocked'],
  approve: [...JOB_STATUSES],
  'checkpoint progress': JOB_STATUSES.filter((s) => s !== 'emergency_stopped'),
};

const cases = Object.keys(ops).flatMap((op) => JOB_STATUSES.map((status) => [op, status, allowed[op]!.includes(status)] as const));

describe('job transitions', () => {
  it.each(cases)('%s from %s: allowed=%s', (op, status, ok) => {
    const state = inStatus(status);
    if (ok) {
      const change = ops[op]!(state);
      expect(change.state.revision).toBe(state.revision + 1);
      expect(change.state.updated_at).toBe(T1);
      expect(change.event).toMatchObject({ job_id: 'job_1', revision: change.state.revision, created_at: T1 });
    } else if (op === 'resume' && status === 'decision_needed') {
      expect(() => ops[op]!(state)).toThrow(/approval required/);
    } else {
      expect(() => ops[op]!(state)).toThrow(expect.objectContaining({ code: JobErrorCodes.invalidTransition, exitCode: 6 }));
    }
  });

  it('submit starts running at revision 1 with the safety invariants bound to the identity', () => {
    const { state, event } = submitTransition({ jobId: 'j', at: T, producerVersion: 'x', environmentFingerprint: FP, actor: 'a', identity: 'svc' });
    expect(state).toMatchObject({ status: 'running', stop_reason: 'none', status_reason_code: 'submitted', revision: 1, checkpoints: [] });
    expect(state.safety_invariants).toContain('identity=svc');
    expect(state.safety_invariant_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(event).toMatchObject({ type: 'submitted', reason_code: 'submitted', payload: { environment_fingerprint: FP, identity: 'svc' } });
  });

  it.each([
    ['plan', 'running', 'checkpoint_plan'],
    ['progress', 'running', 'checkpoint_progress'],
    ['decision-needed', 'decision_needed', 'checkpoint_decision_needed'],
    ['blocked', 'blocked', 'checkpoint_blocked'],
    ['completed', 'completed', 'checkpoint_completed'],
  ] as const)('checkpoint %s leads to %s with reason %s', (type, status, reason) => {
    const { state, event } = checkpointTransition(base(), { type, summary: ' s ', requiredAction: 'review', actor: 'a' }, T1);
    expect(state.status).toBe(status);
    expect(state.checkpoints).toEqual([
      expect.objectContaining({ checkpoint_id: 'cp_0001', type, summary: 's', reason_code: reason, required_action: type === 'decision-needed' ? 'review' : '' }),
    ]);
    expect(event.payload).toEqual({ checkpoint_id: 'cp_0001', checkpoint_type: type, required_action: type === 'decision-needed' ? 'review' : '' });
  });

  it.each([
    [{ type: 'bogus', summary: 's' }, /type must be one of/],
    [{ type: 'progress', summary: '   ' }, /summary is required/],
    [{ type: 'progress', summary: 'é'.repeat(257) }, /at most 512 bytes/],
    [{ type: 'decision-needed', summary: 's' }, /required_action is required/],
  ])('refuses checkpoint %o', (input, message) => {
    expect(() => checkpointTransition(base(), input, T1)).toThrow(message);
  });

  it('resume needs as many approvals as decision checkpoints', () => {
    const decided = checkpointTransition(base(), { type: 'decision-needed', summary: 's', requiredAction: 'r' }, T1).state;
    expect(() => ops.resume!(decided)).toThrow(expect.objectContaining({ code: JobErrorCodes.approvalRequired, message: 'approval required: approval required before resume' }));
    const approved = approveTransition(decided, { actor: 'boss', reason: 'ok' }, T1).state;
    expect(approved.status).toBe('decision_needed');
    expect(approved.status_reason_code).toBe('approval_recorded');
    const resumed = ops.resume!(approved);
    expect(resumed.state).toMatchObject({ status: 'running', stop_reason: 'none', status_reason_code: 'resumed' });
    expect(resumed.event.payload).toEqual({ reason: 'resumed', expected_fingerprint: FP, actual_fingerprint: FP });
    // a paused job with an unapproved decision is still gated
    const again = checkpointTransition(resumed.state, { type: 'decision-needed', summary: 's', requiredAction: 'r' }, T1).state;
    const paused = pauseTransition(again, {}, T1).state;
    expect(() => ops.resume!(paused)).toThrow(/approval required/);
  });

  it('resume refuses another environment unless overridden, then records the override', () => {
    const paused = inStatus('paused');
    expect(() => resumeTransition(paused, { environmentFingerprint: 'envfp:other' }, T1)).toThrow(
      `environment fingerprint mismatch: expected=${FP} actual=envfp:other`,
    );
    const { state, event } = resumeTransition(paused, { environmentFingerprint: 'envfp:other', allowEnvMismatch: true, reason: 'moved' }, T1);
    expect(state.status_reason_code).toBe('resumed_with_env_override');
    expect(event.payload).toEqual({ reason: 'moved', expected_fingerprint: FP, actual_fingerprint: 'envfp:other' });
  });

  it('resume checks the bound identity and revocation', () => {
    const paused = inStatus('paused', { identity: 'svc' });
    expect(() => resumeTransition(paused, { environmentFingerprint: FP, identity: 'mallory' }, T1)).toThrow('identity mismatch: expected=svc actual=mallory');
    expect(() => resumeTransition(paused, { environmentFingerprint: FP, identityRevoked: true }, T1)).toThrow('identity revoked: svc');
    const ok = resumeTransition(paused, { environmentFingerprint: FP }, T1);
    expect(ok.event.payload).toMatchObject({ identity: 'svc', identity_validation_required: true });
  });

  it('approve needs an actor and defaults the reason', () => {
    expect(() => approveTransition(base(), { actor: ' ' }, T1)).toThrow('approval actor is required');
    expect(approveTransition(base(), { actor: 'b' }, T1).state.approvals).toEqual([{ created_at: T1, actor: 'b', reason: 'approved' }]);
  });

  it('stop, pause and cancel set their stop reasons', () => {
    expect(stopTransition(base(), {}, T1).state).toMatchObject({ status: 'emergency_stopped', stop_reason: 'emergency_stopped', status_reason_code: 'emergency_stopped' });
    expect(pauseTransition(base(), {}, T1).state).toMatchObject({ status: 'paused', stop_reason: 'paused_by_user', status_reason_code: 'paused' });
    expect(cancelTransition(base(), {}, T1).state).toMatchObject({ status: 'cancelled', stop_reason: 'cancelled_by_user', status_reason_code: 'cancelled' });
  });
});
