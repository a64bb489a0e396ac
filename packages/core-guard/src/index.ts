// Reading packs
export { compareBytes } from './go-strings.js';
export { type Archive, type ArchiveSource, readArchive, openArchive } from './archive.js';
export { type SignatureStatus, type SignatureCheck, type SignatureCheckOptions, checkSignatures } from './signatures.js';

// Guard pack manifest
export {
  GUARD_MANIFEST_SCHEMA_ID,
  GUARD_MANIFEST_FILE,
  type GuardContentType,
  type GuardContent,
  type GuardControl,
  type EvidencePointer,
  type IncidentWindow,
  type RenderedArtifact,
  type GuardPackManifest,
  computeGuardPackId,
  guardSignableDigest,
  decodeGuardManifest,
} from './manifest.js';
export { type TemplateId, resolveTemplate, buildControlIndex } from './templates.js';

// Building
export { type PackFile } from './evidence-files.js';
export { type EvidencePackOptions, type BuiltGuardPack, buildEvidencePack, guardEntryType } from './evidence-pack.js';
export { type IncidentPackOptions, type BuiltIncidentPack, buildIncidentPack } from './incident-pack.js';
export { type SummaryPdfInput, renderSummaryPdf, summaryPdfLines } from './summary-pdf.js';

// Verifying
export { type GuardVerifyResult, type GuardVerifyOptions, verifyGuardPack, verifyGuardArchive, readGuardManifest } from './verify.js';
export { type HashMismatch, type MemberCheck, checkMembers } from './members.js';

// Encryption and retention
export {
  ENCRYPTED_ARTIFACT_SCHEMA_ID,
  type EncryptedArtifact,
  type KeySource,
  type KeySourceOptions,
  type ResolvedKey,
  type EncryptOptions,
  resolveEncryptionKey,
  encryptArtifact,
  encodeEncryptedArtifact,
  parseEncryptedArtifact,
  decryptArtifact,
  defaultDecryptOutput,
} from './encryption.js';
export {
  RETENTION_REPORT_SCHEMA_ID,
  type RetentionKind,
  type RetentionEvent,
  type RetentionReport,
  type RetentionOptions,
  classifyRetention,
  applyRetention,
  encodeRetentionReport,
} from './retention.js';
