// Catalogue, rendering and validation
export { catalogue, unpublished, type SchemaEntry, type SchemaKey, type SchemaType } from './catalogue.js';
export { toJsonSchema, renderSchemaText, type JsonSchema } from './render.js';
export { schemaFiles, schemaFilesDigest, type SchemaFile } from './files.js';
export { validate, assertValid, findSchema, type ValidationResult } from './validate.js';
export { type ValidationIssue } from './issues.js';
export { SchemaValidationError, UnknownSchemaError } from './errors.js';

// Shared pieces
export { VERDICTS, type Verdict, CONTEXT_EVIDENCE_MODES } from './schemas/primitives.js';
export {
  RelationshipEnvelopeSchema,
  type RelationshipEnvelope,
  CommonRelationshipEnvelopeSchema,
  type CommonRelationshipEnvelope,
} from './schemas/common.js';

// gate
export {
  IntentRequestSchema, type IntentRequest, INTENT_REQUEST_ID,
  IntentTargetSchema, type IntentTarget,
  ArgProvenanceSchema, type ArgProvenance,
  SkillProvenanceSchema, type SkillProvenance,
  AgentIdentitySchema, type AgentIdentity,
  IntentSandboxSchema, type IntentSandbox,
  IntentDelegationSchema, type IntentDelegation,
  IntentContextSchema, type IntentContext,
  IntentScriptSchema, type IntentScript,
  ScriptStepSchema, type ScriptStep,
  TARGET_KINDS, ENDPOINT_CLASSES, DISCOVERY_METHODS, PROVENANCE_SOURCES,
  GateResultSchema, type GateResult, GATE_RESULT_ID,
  TraceRecordSchema, type TraceRecord, TRACE_RECORD_ID,
  type Signature,
  FreezeWindowDecisionSchema, type FreezeWindowDecision,
  KillSwitchDecisionSchema, type KillSwitchDecision,
  SandboxDecisionSchema, type SandboxDecision,
  PolicySchema, type Policy, POLICY_ID,
  PolicyRuleSchema, type PolicyRule,
  PolicyMatchSchema, type PolicyMatch,
  PolicyRateLimitSchema, type PolicyRateLimit,
  PolicyExplainSchema, type PolicyExplain, POLICY_EXPLAIN_ID,
  AuthorizationBundleSchema, type AuthorizationBundle, AUTHORIZATION_BUNDLE_ID,
  ApprovalTokenSchema, type ApprovalToken, APPROVAL_TOKEN_ID,
  DelegationTokenSchema, type DelegationToken, DELEGATION_TOKEN_ID,
  ApprovedScriptEntrySchema, type ApprovedScriptEntry, APPROVED_SCRIPT_ENTRY_ID,
  ApprovalAuditRecordSchema, type ApprovalAuditRecord, APPROVAL_AUDIT_RECORD_ID,
  DelegationAuditRecordSchema, type DelegationAuditRecord, DELEGATION_AUDIT_RECORD_ID,
  BrokerRequestSchema, type BrokerRequest,
  BrokerCredentialRecordSchema, type BrokerCredentialRecord, BROKER_CREDENTIAL_RECORD_ID,
  KillSwitchStateSchema, type KillSwitchState, KILL_SWITCH_STATE_ID,
  KillSwitchEntrySchema, type KillSwitchEntry,
} from './schemas/gate.js';

// runpack
export {
  CAPTURE_MODES, type CaptureMode,
  RunpackManifestSchema, type RunpackManifest, RUNPACK_MANIFEST_ID,
  RunpackFileSchema, type RunpackFile,
  RunpackSignatureSchema, type RunpackSignature,
  RunpackRunSchema, type RunpackRun, RUNPACK_RUN_ID,
  RunEnvSchema, type RunEnv,
  TimelineEventSchema, type TimelineEvent,
  RunpackIntentSchema, type RunpackIntent, RUNPACK_INTENT_ID,
  RunpackResultSchema, type RunpackResult, RUNPACK_RESULT_ID,
  RunpackRefsSchema, type RunpackRefs, RUNPACK_REFS_ID,
  RefReceiptSchema, type RefReceipt, REF_IMMUTABILITY,
  SessionCheckpointSchema, type SessionCheckpoint, SESSION_CHECKPOINT_ID,
  JournalCheckpointSchema, type JournalCheckpoint,
  SessionEventSchema, type SessionEvent, SESSION_EVENT_ID,
  SessionJournalSchema, type SessionJournal, SESSION_JOURNAL_ID,
  SessionChainSchema, type SessionChain, SESSION_CHAIN_ID,
} from './schemas/runpack.js';

// context
export {
  ContextReferenceRecordSchema, type ContextReferenceRecord,
  ContextEnvelopeSchema, type ContextEnvelope, CONTEXT_ENVELOPE_ID,
  ContextBudgetReportSchema, type ContextBudgetReport, CONTEXT_BUDGET_REPORT_ID,
} from './schemas/context.js';

// guard
export {
  GUARD_CONTENT_TYPES,
  GuardPackManifestSchema, type GuardPackManifest, GUARD_PACK_MANIFEST_ID,
  GuardContentSchema, type GuardContent,
  EncryptedArtifactSchema, type EncryptedArtifact, ENCRYPTED_ARTIFACT_ID,
  RetentionReportSchema, type RetentionReport, RETENTION_REPORT_ID,
  RetentionFileEventSchema, type RetentionFileEvent,
} from './schemas/guard.js';

// pack
export {
  PACK_TYPES, type PackType, JOB_STATUSES, PRIVACY_MODES, DRIFT_CLASSIFICATIONS,
  PackManifestSchema, type PackManifest, PACK_MANIFEST_ID,
  PackContentSchema, type PackContent,
  PackRunSchema, type PackRun, PACK_RUN_ID,
  PackJobSchema, type PackJob, PACK_JOB_ID,
  PackCallSchema, type PackCall, PACK_CALL_ID,
  PackDiffSchema, type PackDiff, PACK_DIFF_ID,
  PackDiffSummarySchema, type PackDiffSummary,
} from './schemas/pack.js';

// policytest
export { PolicyTestResultSchema, type PolicyTestResult, POLICY_TEST_RESULT_ID } from './schemas/policytest.js';

// regress
export {
  REGRESS_STATUSES, CONTEXT_CONFORMANCE,
  RegressResultSchema, type RegressResult, REGRESS_RESULT_ID,
  RegressGraderSchema, type RegressGrader,
} from './schemas/regress.js';

// registry
export {
  RegistryPackSchema, type RegistryPack, REGISTRY_PACK_ID,
  RegistryVerificationReportSchema, type RegistryVerificationReport, REGISTRY_VERIFICATION_REPORT_ID,
  EcosystemIndexSchema, type EcosystemIndex, ECOSYSTEM_INDEX_ID,
  EcosystemEntrySchema, type EcosystemEntry,
} from './schemas/registry.js';

// scout
export {
  ADOPTION_MILESTONES, ERROR_CATEGORIES, SEVERITY_LEVELS, SIGNAL_DRIVERS,
  AdoptionEventSchema, type AdoptionEvent, ADOPTION_EVENT_ID,
  OperationalEventSchema, type OperationalEvent, OPERATIONAL_EVENT_ID,
  InventorySnapshotSchema, type InventorySnapshot, INVENTORY_SNAPSHOT_ID,
  InventoryItemSchema, type InventoryItem,
  RunFingerprintSchema, type RunFingerprint, RUN_FINGERPRINT_ID,
  SignalReportSchema, type SignalReport, SIGNAL_REPORT_ID,
  SignalFamilySchema, type SignalFamily,
  SignalIssueSchema, type SignalIssue,
  SignalFixSuggestionSchema, type SignalFixSuggestion,
} from './schemas/scout.js';

// voice
export {
  COMMITMENT_CLASSES, type CommitmentClass, CALL_EVENT_TYPES,
  CommitmentIntentSchema, type CommitmentIntent, COMMITMENT_INTENT_ID,
  SayTokenSchema, type SayToken, SAY_TOKEN_ID,
  CallEventSchema, type CallEvent, CALL_EVENT_ID,
  CallpackManifestSchema, type CallpackManifest, CALLPACK_MANIFEST_ID,
  CallRecordSchema, type CallRecord, CALL_RECORD_ID,
  CallGateDecisionSchema, type CallGateDecision,
  SpeakReceiptSchema, type SpeakReceipt,
} from './schemas/voice.js';

// action-contract
export {
  ProposedActionContractV3Schema, type ProposedActionContractV3, PROPOSED_ACTION_CONTRACT_V3_URL,
  ProposedActionContractArtifactSchema, type ProposedActionContractArtifact, PROPOSED_ACTION_CONTRACT_ARTIFACT_ID,
  ActivatedActionContractArtifactSchema, type ActivatedActionContractArtifact, ACTIVATED_ACTION_CONTRACT_ARTIFACT_ID,
  ActionContractConsumerReceiptSchema, type ActionContractConsumerReceipt,
} from './schemas/action-contract.js';
