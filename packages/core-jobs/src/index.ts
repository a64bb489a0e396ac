export {
  JobSchemaIds,
  JOB_SCHEMA_VERSION,
  JOB_STATUSES,
  CHECKPOINT_TYPES,
  encodeJobState,
  encodeJobEvent,
  jobStateObject,
  jobEventObject,
  jobCheckpointObject,
  type JobStatus,
  type CheckpointType,
  type JobCheckpoint,
  type JobApproval,
  type JobState,
  type JobEvent,
  type JobEventPayload,
} from './records.js';
export { JobError, JobErrorCodes, type JobErrorCode } from './errors.js';
export { environmentFingerprint, currentFingerprintHost, goPlatform, type FingerprintHost } from './fingerprint.js';
export { safetyInvariants, SAFETY_INVARIANT_VERSION, type SafetyInvariants } from './safety.js';
export {
  MAX_SUMMARY_BYTES,
  type JobChange,
  type ActorInput,
  type ApproveInput,
  type CheckpointInput,
  type ResumeInput,
} from './transitions.js';
export { DEFAULT_JOB_ROOT, jobLockDefaults, jobPaths, type JobPaths } from './store.js';
export {
  submitJob,
  addCheckpoint,
  pauseJob,
  approveJob,
  resumeJob,
  cancelJob,
  stopJob,
  readJob,
  readJobSync,
  inspectJob,
  listCheckpoints,
  getCheckpoint,
  recoverJob,
  type JobRef,
  type MutationOptions,
  type SubmitJobInput,
  type ResumeJobInput,
  type JobInspection,
} from './runtime.js';
export { readRevokedIdentities } from './revocations.js';
export { diagnoseJobs, formatDurableIssues, type DurableDiagnosis, type DurableIssue, type DurableIssueKind } from './diagnose.js';
export { runDurableDemo, DEMO_JOB_ID, DEMO_ENV_FINGERPRINT, type DurableDemoResult, type DurableDemoOptions } from './demo.js';
