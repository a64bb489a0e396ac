/** PackSpec v1: the pack manifest, the run/job/call payloads inside packs, and pack diffs. */
import { Type, type Static } from '@sinclair/typebox';
import {
  ContextEvidenceMode,
  Count,
  Digest,
  NonEmpty,
  NonEmptyStrings,
  Opt,
  SignatureSchema,
  StringEnum,
  fileOptions,
  gaitSchemaUrl,
  header,
  headerNoProducer,
} from './primitives.js';
import { CAPTURE_MODES } from './runpack.js';

const closed = { additionalProperties: false } as const;

export const PACK_TYPES = ['run', 'job', 'call'] as const;
export type PackType = (typeof PACK_TYPES)[number];

export const PackContentSchema = Type.Object({ path: NonEmpty(), sha256: Digest(), type: NonEmpty() }, closed);
export type PackContent = Static<typeof PackContentSchema>;

export const PACK_MANIFEST_ID = 'gait.pack.manifest';
export const PackManifestSchema = Type.Object(
  {
    ...header(PACK_MANIFEST_ID),
    producer_version: NonEmpty(),
    pack_id: Digest(),
    pack_type: StringEnum(PACK_TYPES),
    source_ref: NonEmpty(),
    contents: Type.Array(PackContentSchema),
    signatures: Opt(Type.Array(SignatureSchema({ nonEmpty: true }))),
  },
  fileOptions('Pack Manifest', gaitSchemaUrl('pack', 'manifest')),
);
export type PackManifest = Static<typeof PackManifestSchema>;

export const PACK_RUN_ID = 'gait.pack.run';
export const PackRunSchema = Type.Object(
  {
    ...headerNoProducer(PACK_RUN_ID),
    run_id: NonEmpty(),
    capture_mode: StringEnum(CAPTURE_MODES),
    manifest_digest: Digest(),
    intents_count: Count(),
    results_count: Count(),
    refs_count: Count(),
    context_set_digest: Opt(Digest()),
    context_ref_count: Opt(Count()),
    context_evidence_mode: Opt(ContextEvidenceMode()),
    context_privacy_mode: Opt(NonEmpty()),
  },
  fileOptions('Pack Run Payload', gaitSchemaUrl('pack', 'run')),
);
export type PackRun = Static<typeof PackRunSchema>;

export const JOB_STATUSES = [
  'running', 'paused', 'decision_needed', 'blocked', 'completed', 'cancelled', 'emergency_stopped',
] as const;

export const PACK_JOB_ID = 'gait.pack.job';
export const PackJobSchema = Type.Object(
  {
    ...headerNoProducer(PACK_JOB_ID),
    job_id: NonEmpty(),
    status: StringEnum(JOB_STATUSES),
    stop_reason: NonEmpty(),
    status_reason_code: NonEmpty(),
    environment_fingerprint: NonEmpty(),
    safety_invariant_version: Opt(NonEmpty()),
    safety_invariant_hash: Opt(Digest()),
    checkpoint_count: Count(),
    approval_count: Count(),
  },
  fileOptions('Pack Job Payload', gaitSchemaUrl('pack', 'job')),
);
export type PackJob = Static<typeof PackJobSchema>;

export const PRIVACY_MODES = ['hash_only', 'dispute_encrypted'] as const;

/** The counters a call pack and a voice callpack manifest both carry. */
export function callCounters() {
  return {
    call_id: NonEmpty(),
    privacy_mode: StringEnum(PRIVACY_MODES),
    event_count: Count(),
    commitment_count: Count(),
    decision_count: Count(),
    speak_receipt_count: Count(),
    reference_digest_count: Count(),
  };
}

export const PACK_CALL_ID = 'gait.pack.call';
const { call_id: callId, ...counters } = callCounters();
export const PackCallSchema = Type.Object(
  {
    ...headerNoProducer(PACK_CALL_ID),
    call_id: callId,
    run_id: Opt(NonEmpty()),
    ...counters,
    environment_fingerprint: Opt(NonEmpty()),
  },
  fileOptions('Pack Call Payload', gaitSchemaUrl('pack', 'call')),
);
export type PackCall = Static<typeof PackCallSchema>;

export const DRIFT_CLASSIFICATIONS = ['none', 'runtime_only', 'semantic'] as const;

export const PackDiffSummarySchema = Type.Object(
  {
    changed: Type.Boolean(),
    added_files: Opt(NonEmptyStrings()),
    removed_files: Opt(NonEmptyStrings()),
    changed_files: Opt(NonEmptyStrings()),
    manifest_delta: Type.Boolean(),
    context_changed: Opt(Type.Boolean()),
    context_runtime_only_changes: Opt(Type.Boolean()),
    context_drift_classification: Opt(StringEnum(DRIFT_CLASSIFICATIONS)),
  },
  closed,
);
export type PackDiffSummary = Static<typeof PackDiffSummarySchema>;

export const PACK_DIFF_ID = 'gait.pack.diff';
export const PackDiffSchema = Type.Object(
  {
    ...headerNoProducer(PACK_DIFF_ID),
    left_pack_id: NonEmpty(),
    right_pack_id: NonEmpty(),
    left_pack_type: NonEmpty(),
    right_pack_type: NonEmpty(),
    summary: PackDiffSummarySchema,
  },
  fileOptions('Pack Diff Result', gaitSchemaUrl('pack', 'diff')),
);
export type PackDiff = Static<typeof PackDiffSchema>;
