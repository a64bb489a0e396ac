// Records and their shapes
export {
  SCHEMA_VERSION,
  DEFAULT_PRODUCER_VERSION,
  SchemaIds,
  DATA_FILES,
  MANIFEST_FILE,
  type CaptureMode,
  type RunEnv,
  type TimelineEvent,
  type RunRecord,
  type IntentRecord,
  type ResultRecord,
  type RefReceipt,
  type RefsRecord,
  type ManifestFile,
  type ManifestRecord,
  type Runpack,
} from './records.js';
export { GO_ZERO_TIME, goTimeNow, normalizeGoTime, parseGoTime, formatGoTime, type GoTime } from './go-time.js';
export { normalizeRefs } from './refs.js';
export { computeManifestDigest, computeSignableDigest } from './manifest.js';
export { defaultRunEnv } from './env.js';
export { goMarshal, goMarshalIndent } from './go-json.js';

// Writing
export {
  recordRun,
  decodeRecordInput,
  writeRunpack,
  writeRunpackBytes,
  parseCaptureMode,
  type RecordRunInput,
  type RecordRunOptions,
  type RecordPolicy,
  type RecordedRunpack,
  type WrittenRunpack,
} from './record.js';
export {
  parseContextEnvelope,
  applyContextEnvelope,
  CONTEXT_ENVELOPE_SCHEMA_ID,
  type ContextEnvelope,
  type ContextRecord,
} from './context-envelope.js';
// Re-serialise records already read (gait migrate).
export { assembleRunpack } from './record.js';
export { buildDemoRunpack, DEMO_RUN_ID, DEMO_PRODUCER_VERSION } from './demo.js';
export { ticketFooter, isValidTicketFooter } from './ticket-footer.js';
export { DEFAULT_OUT_DIR, normalizeOutputPath, resolveRunpackPath, looksLikePath } from './paths.js';

// Reading and checking
export { type RunpackSource } from './archive.js';
export { readRunpack } from './read.js';
export {
  verifyRunpack,
  type RunpackVerifyResult,
  type VerifyRunpackOptions,
  type VerifyFailure,
  type HashMismatch,
  type SchemaIssue,
  type SignatureStatus,
} from './verify.js';
export { inspectRunpack, inspectRunpackContent, type RunpackInspection, type InspectEntry, type UnmatchedResult } from './inspect.js';
export {
  diffRunpacks,
  diffRunpackContents,
  classifyRefsDrift,
  isDiffUnchanged,
  type RunpackDiff,
  type RunpackDiffSummary,
  type DiffPrivacy,
  type ContextDrift,
} from './diff.js';
export {
  reduceRunpack,
  writeReduction,
  defaultReducedPath,
  parseReducePredicate,
  type ReducePredicate,
  type ReduceReport,
  type ReduceResult,
} from './reduce.js';
export { replayRunpack, replayRunpackContent, type ReplayOptions, type ReplayResult, type ReplayStep, type StubType } from './replay.js';

// Sessions
export {
  startSession,
  sessionStatus,
  appendSessionEvent,
  checkpointSession,
  defaultChainPath,
  writeSessionChain,
  type SessionStatus,
  type StartSessionOptions,
  type SessionEventInput,
  type CheckpointOptions,
  type CheckpointResult,
  type SessionPathOptions,
} from './session/session.js';
export { readSessionJournal, parseSessionJournal } from './session/journal.js';
export { compactSession, type CompactOptions, type CompactionResult } from './session/compact.js';
export {
  readSessionChain,
  verifySessionChain,
  inspectSessionChain,
  diffSessionChains,
  findJournalFor,
  type VerifySessionChainOptions,
  type SessionChainVerifyResult,
  type SessionChainInspection,
} from './session/chain.js';
export { computeCheckpointDigest } from './session/records.js';
export { sessionLockProfile, parseGoDuration, type SessionLockProfile } from './session/lock.js';
export {
  SessionSchemaIds,
  SESSION_VERDICTS,
  type SessionVerdict,
  type SessionHeader,
  type SessionEvent,
  type SessionCheckpoint,
  type SessionState,
  type SessionChain,
  type SessionJournal,
} from './session/types.js';
