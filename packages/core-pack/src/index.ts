// Manifest and ids
export {
  PACK_MANIFEST_FILE,
  PACK_MANIFEST_SCHEMA_ID,
  PACK_TYPES,
  PACK_CREATED_AT,
  type PackType,
  type PackContent,
  type PackManifest,
  contentType,
  computePackId,
  packSignableDigest,
  decodePackManifest,
} from './manifest.js';
export { PROOF_RECORDS_FILE, type ProofRecord, buildProofRecords, verifyProofRecords } from './proof-records.js';

// Payloads
export { RUN_PAYLOAD_SCHEMA_ID, type RunPayload, buildRunPayload, buildContextEnvelope } from './run-payload.js';
export { CALL_PAYLOAD_SCHEMA_ID, CALLPACK_MANIFEST_SCHEMA_ID } from './call-payload.js';
export { CALL_RECORD_SCHEMA_ID, REQUIRED_CALL_EVENT_TYPES, decodeCallRecord } from './call-record.js';
export { JOB_PAYLOAD_SCHEMA_ID, JOB_STATUSES, type JobSource, buildJobPayload, readJobSource } from './job-payload.js';

// Operations
export { type PackBuildOptions, type BuiltPack, buildRunPack, buildJobPack } from './build.js';
export { type CallSource, buildCallPack, readCallSource } from './call-pack.js';
export { type PackSource, type PackVerifyOptions, type PackVerifyResult, verifyPack } from './verify.js';
export { type PackInspection, type RunLineage, type JobLineage, inspectPack } from './inspect.js';
export { PACK_DIFF_SCHEMA_ID, type PackDiff, type PackDiffSummary, diffPacks } from './diff.js';
