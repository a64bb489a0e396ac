import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { VerificationError, isGaitError } from '@gait/core-errors';
import { DEMO_PRODUCER_VERSION } from '@gait/core-runpack';
import { JobErrorCodes } from './errors.js';
import type { JobState } from './records.js';
import { addCheckpoint, approveJob, resumeJob, submitJob } from './runtime.js';

export const DEMO_JOB_ID = 'job_demo_durable';
export const DEMO_ENV_FINGERPRINT = 'envfp:demo-durable';
const T0 = Date.UTC(2026, 1, 14);
const minute = (n: number): Date => new Date(T0 + n * 60_000);

export interface DurableDemoResult {
  readonly state: JobState;
  readonly statePath: string;
  /** What the demo shows failing on purpose. */
  readonly simulatedFailure: string;
}

export interface DurableDemoOptions {
  /**
   * Written into the job state. Default: the reference release the demo reproduces (`1.4.0`),
   * so `state.json` and `events.jsonl` are byte-identical to the ones Go gait writes.
   */
  readonly producerVersion?: string;
}

/**
 * `gait demo --durable`'s job (the reference's vector, all times fixed from 2026-02-14T00:00Z):
 * submit, a decision-needed checkpoint, a resume that must be refused for want of approval,
 * an approval, the resume, and a completed checkpoint. Ends at revision 5, `completed`. The job
 * folder under `root` is replaced.
 */
export async function runDurableDemo(root: string, options: DurableDemoOptions = {}): Promise<DurableDemoResult> {
  const ref = { root, jobId: DEMO_JOB_ID };
  await rm(join(root, DEMO_JOB_ID), { recursive: true, force: true });
  await submitJob(
    ref,
    { actor: 'demo.user', identity: 'demo.user', environmentFingerprint: DEMO_ENV_FINGERPRINT, producerVersion: options.producerVersion ?? DEMO_PRODUCER_VERSION },
    { at: minute(0) },
  );
  await addCheckpoint(
    ref,
    { type: 'decision-needed', summary: 'approval required to continue', requiredAction: 'security_review', actor: 'demo.user' },
    { at: minute(1) },
  );
  const refused = await resumeJob(ref, { actor: 'demo.user', environmentFingerprint: DEMO_ENV_FINGERPRINT, reason: 'resume_without_approval' }, { at: minute(2) }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isGaitError(refused) || refused.code !== JobErrorCodes.approvalRequired) {
    throw new VerificationError('expected approval requirement before resume', { code: 'demo_durable_unexpected', cause: refused });
  }
  await approveJob(ref, { actor: 'demo.approver', reason: 'approved_for_resume' }, { at: minute(3) });
  await resumeJob(ref, { actor: 'demo.user', reason: 'approved_resume', environmentFingerprint: DEMO_ENV_FINGERPRINT, identity: 'demo.user' }, { at: minute(4) });
  const state = await addCheckpoint(ref, { type: 'completed', summary: 'durable demo complete', actor: 'demo.user' }, { at: minute(5) });
  return { state, statePath: join(root, DEMO_JOB_ID, 'state.json'), simulatedFailure: 'resume blocked until approval' };
}
