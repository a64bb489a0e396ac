/**
 * Runpack artifacts: the members of a runpack zip (manifest, run, intents, results, refs) and the
 * session journal, checkpoints and chains that cut long sessions into runpacks.
 */
import { Type, type Static } from '@sinclair/typebox';
import { RelationshipField, relationshipDefs } from './common.js';
import {
  AnyObject,
  ContextEvidenceMode,
  Count,
  DateTime,
  Digest,
  NonEmpty,
  NonEmptyStrings,
  Opt,
  RunId,
  SignatureSchema,
  StringEnum,
  Strings,
  VerdictEnum,
  fileOptions,
  gaitSchemaUrl,
  header,
} from './primitives.js';

const closed = { additionalProperties: false } as const;

export const CAPTURE_MODES = ['reference', 'raw'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];

// ---------------------------------------------------------------------------------------------
// runpack/manifest

export const RunpackFileSchema = Type.Object({ path: Type.String(), sha256: Digest() }, closed);
export type RunpackFile = Static<typeof RunpackFileSchema>;

export const RunpackSignatureSchema = SignatureSchema();
export type RunpackSignature = Static<typeof RunpackSignatureSchema>;

export const RUNPACK_MANIFEST_ID = 'gait.runpack.manifest';
export const RunpackManifestSchema = Type.Object(
  {
    ...header(RUNPACK_MANIFEST_ID),
    run_id: RunId(),
    capture_mode: StringEnum(CAPTURE_MODES, {
      description:
        'reference stores digests and refs without raw intent/result payload objects; raw explicitly retains raw payloads.',
    }),
    files: Type.Array(RunpackFileSchema),
    manifest_digest: Digest(),
    signatures: Opt(Type.Array(RunpackSignatureSchema, { default: [] })),
  },
  fileOptions('Runpack Manifest', gaitSchemaUrl('runpack', 'manifest')),
);
export type RunpackManifest = Static<typeof RunpackManifestSchema>;

// ---------------------------------------------------------------------------------------------
// runpack/run

export const RunEnvSchema = Type.Object(
  { os: Type.String(), arch: Type.String(), runtime: Type.String() },
  { additionalProperties: true },
);
export type RunEnv = Static<typeof RunEnvSchema>;

export const TimelineEventSchema = Type.Object(
  { event: Type.String(), ts: DateTime(), ref: Opt(Type.String()), relationship: RelationshipField() },
  { additionalProperties: true },
);
export type TimelineEvent = Static<typeof TimelineEventSchema>;

export const RUNPACK_RUN_ID = 'gait.runpack.run';
export const RunpackRunSchema = Type.Object(
  {
    ...header(RUNPACK_RUN_ID),
    run_id: RunId(),
    env: RunEnvSchema,
    timeline: Type.Array(TimelineEventSchema),
  },
  fileOptions('Runpack Run', undefined, { $defs: relationshipDefs() }),
);
export type RunpackRun = Static<typeof RunpackRunSchema>;

// ---------------------------------------------------------------------------------------------
// runpack/intent and runpack/result (one JSONL record each)

export const RUNPACK_INTENT_ID = 'gait.runpack.intent';
export const RunpackIntentSchema = Type.Object(
  {
    ...header(RUNPACK_INTENT_ID),
    run_id: RunId(),
    intent_id: Type.String(),
    tool_name: Type.String(),
    args_digest: Digest(),
    args: Opt(
      AnyObject({
        description:
          'Raw intent arguments. Present only when capture_mode=raw; reference mode records args_digest and omits args.',
      }),
    ),
  },
  fileOptions('Runpack Intent (JSONL record)', gaitSchemaUrl('runpack', 'intent')),
);
export type RunpackIntent = Static<typeof RunpackIntentSchema>;

export const RUNPACK_RESULT_ID = 'gait.runpack.result';
export const RunpackResultSchema = Type.Object(
  {
    ...header(RUNPACK_RESULT_ID),
    run_id: RunId(),
    intent_id: Type.String(),
    status: StringEnum(['ok', 'error']),
    result_digest: Digest(),
    result: Opt(
      AnyObject({
        description:
          'Raw result payload. Present only when capture_mode=raw; reference mode records result_digest and omits result.',
      }),
    ),
  },
  fileOptions('Runpack Result (JSONL record)', gaitSchemaUrl('runpack', 'result')),
);
export type RunpackResult = Static<typeof RunpackResultSchema>;

// ---------------------------------------------------------------------------------------------
// runpack/refs

export const REF_IMMUTABILITY = ['unknown', 'mutable', 'immutable'] as const;

export const RefReceiptSchema = Type.Object(
  {
    ref_id: Type.String(),
    source_type: Type.String(),
    source_locator: Type.String(),
    query_digest: Digest(),
    content_digest: Digest(),
    retrieved_at: DateTime(),
    redaction_mode: Type.String(),
    immutability: Opt(StringEnum(REF_IMMUTABILITY)),
    freshness_sla_seconds: Opt(Count()),
    sensitivity_label: Opt(Type.String()),
    retrieval_params: Opt(AnyObject()),
  },
  closed,
);
export type RefReceipt = Static<typeof RefReceiptSchema>;

export const RUNPACK_REFS_ID = 'gait.runpack.refs';
export const RunpackRefsSchema = Type.Object(
  {
    ...header(RUNPACK_REFS_ID),
    run_id: RunId(),
    context_set_digest: Opt(Digest()),
    context_evidence_mode: Opt(ContextEvidenceMode()),
    context_ref_count: Opt(Count()),
    receipts: Type.Array(RefReceiptSchema),
  },
  fileOptions('Runpack Reference Receipts', gaitSchemaUrl('runpack', 'refs')),
);
export type RunpackRefs = Static<typeof RunpackRefsSchema>;

// ---------------------------------------------------------------------------------------------
// Sessions

const sessionIds = () => ({ session_id: NonEmpty(), run_id: NonEmpty() });
const safetyInvariant = () => ({
  safety_invariant_version: Opt(NonEmpty()),
  safety_invariant_hash: Opt(Digest()),
});

export const SESSION_CHECKPOINT_ID = 'gait.runpack.session_checkpoint';
const checkpointProperties = () => ({
  ...header(SESSION_CHECKPOINT_ID),
  ...sessionIds(),
  checkpoint_index: Type.Integer({ minimum: 1 }),
  sequence_start: Type.Integer({ minimum: 1 }),
  sequence_end: Type.Integer({ minimum: 1 }),
  runpack_path: NonEmpty(),
  manifest_digest: Digest(),
  prev_checkpoint_digest: Opt(Digest()),
  checkpoint_digest: Digest(),
  relationship: RelationshipField(),
});

export const SessionCheckpointSchema = Type.Object(
  checkpointProperties(),
  fileOptions('Runpack Session Checkpoint', undefined, { $defs: relationshipDefs() }),
);
export type SessionCheckpoint = Static<typeof SessionCheckpointSchema>;

/** A checkpoint as recorded inside a journal, which may carry the safety invariant. */
export const JournalCheckpointSchema = Type.Object({ ...checkpointProperties(), ...safetyInvariant() }, closed);
export type JournalCheckpoint = Static<typeof JournalCheckpointSchema>;

export const SESSION_EVENT_ID = 'gait.runpack.session_event';
export const SessionEventSchema = Type.Object(
  {
    ...header(SESSION_EVENT_ID),
    ...sessionIds(),
    sequence: Type.Integer({ minimum: 1 }),
    intent_id: Opt(Type.String()),
    tool_name: Opt(Type.String()),
    intent_digest: Opt(Digest()),
    policy_digest: Opt(Digest()),
    policy_id: Opt(NonEmpty()),
    policy_version: Opt(NonEmpty()),
    matched_rule_ids: Opt(NonEmptyStrings()),
    trace_id: Opt(Type.String()),
    trace_path: Opt(Type.String()),
    verdict: Opt(VerdictEnum()),
    reason_codes: Opt(Strings()),
    violations: Opt(Strings()),
    relationship: RelationshipField(),
    ...safetyInvariant(),
  },
  closed,
);
export type SessionEvent = Static<typeof SessionEventSchema>;

export const SESSION_JOURNAL_ID = 'gait.runpack.session_journal';
export const SessionJournalSchema = Type.Object(
  {
    ...header(SESSION_JOURNAL_ID),
    ...sessionIds(),
    started_at: DateTime(),
    events: Type.Array(SessionEventSchema),
    checkpoints: Opt(Type.Array(JournalCheckpointSchema)),
  },
  fileOptions('Runpack Session Journal', undefined, { $defs: relationshipDefs() }),
);
export type SessionJournal = Static<typeof SessionJournalSchema>;

export const SESSION_CHAIN_ID = 'gait.runpack.session_chain';
export const SessionChainSchema = Type.Object(
  {
    ...header(SESSION_CHAIN_ID),
    ...sessionIds(),
    checkpoints: Type.Array(Type.Object(checkpointProperties(), closed), { minItems: 1 }),
  },
  fileOptions('Runpack Session Chain', undefined, { $defs: relationshipDefs() }),
);
export type SessionChain = Static<typeof SessionChainSchema>;
