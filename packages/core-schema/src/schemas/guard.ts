/** Guard artifacts: evidence-pack manifests, encrypted files and retention reports. */
import { Type, type Static } from '@sinclair/typebox';
import {
  Count,
  DateTime,
  DefRef,
  Digest,
  Opt,
  RunId,
  SignatureSchema,
  StringEnum,
  Strings,
  fileOptions,
  gaitSchemaUrl,
  header,
} from './primitives.js';

const closed = { additionalProperties: false } as const;

export const GUARD_CONTENT_TYPES = ['runpack', 'trace', 'report', 'evidence'] as const;

export const GuardControlSchema = Type.Object(
  { control_id: Type.String(), title: Type.String(), evidence_paths: Strings() },
  closed,
);
export const GuardEvidencePointerSchema = Type.Object(
  { pointer_id: Type.String(), path: Type.String(), type: StringEnum(GUARD_CONTENT_TYPES), sha256: Digest() },
  closed,
);
export const GuardIncidentWindowSchema = Type.Object(
  { from: DateTime(), to: DateTime(), window_seconds: Count(), selection_anchor: Opt(Type.String()) },
  closed,
);
export const GuardRenderedArtifactSchema = Type.Object(
  { format: StringEnum(['pdf']), path: Type.String(), sha256: Digest() },
  closed,
);
export const GuardContentSchema = Type.Object(
  { path: Type.String(), sha256: Digest(), type: StringEnum(GUARD_CONTENT_TYPES) },
  closed,
);
export type GuardContent = Static<typeof GuardContentSchema>;

export const GUARD_PACK_MANIFEST_ID = 'gait.guard.pack_manifest';
export const GuardPackManifestSchema = Type.Object(
  {
    ...header(GUARD_PACK_MANIFEST_ID),
    pack_id: Type.String(),
    run_id: RunId(),
    case_id: Opt(Type.String()),
    template_id: Opt(Type.String()),
    generated_at: DateTime(),
    control_index: Opt(Type.Array(GuardControlSchema)),
    evidence_pointers: Opt(Type.Array(GuardEvidencePointerSchema)),
    incident_window: Opt(GuardIncidentWindowSchema),
    rendered_artifacts: Opt(Type.Array(GuardRenderedArtifactSchema)),
    contents: Type.Array(GuardContentSchema),
    signatures: Opt(Type.Array(SignatureSchema({ alg: 'ed25519' }))),
  },
  fileOptions('Guard Evidence Pack Manifest', gaitSchemaUrl('guard', 'pack_manifest')),
);
export type GuardPackManifest = Static<typeof GuardPackManifestSchema>;

export const ENCRYPTED_ARTIFACT_ID = 'gait.guard.encrypted_artifact';
export const EncryptedArtifactSchema = Type.Object(
  {
    ...header(ENCRYPTED_ARTIFACT_ID),
    algorithm: Type.Literal('aes-256-gcm'),
    key_source: Type.Object(
      { mode: StringEnum(['env', 'command']), ref: Opt(Type.String()), command: Opt(Type.String()) },
      closed,
    ),
    nonce: Type.String(),
    ciphertext: Type.String(),
    plain_sha256: Digest(),
    plain_size: Count(),
  },
  fileOptions('Guard Encrypted Artifact', gaitSchemaUrl('guard', 'encrypted_artifact')),
);
export type EncryptedArtifact = Static<typeof EncryptedArtifactSchema>;

export const RetentionFileEventSchema = Type.Object(
  {
    path: Type.String(),
    kind: StringEnum(['trace', 'pack']),
    modified_at: DateTime(),
    age_seconds: Count(),
    action: StringEnum(['kept', 'deleted']),
  },
  closed,
);
export type RetentionFileEvent = Static<typeof RetentionFileEventSchema>;
const RetentionEventsSchema = Type.Array(RetentionFileEventSchema);

export const RETENTION_REPORT_ID = 'gait.guard.retention_report';
export const RetentionReportSchema = Type.Object(
  {
    ...header(RETENTION_REPORT_ID),
    root_path: Type.String(),
    dry_run: Type.Boolean(),
    trace_ttl_seconds: Type.Integer(),
    pack_ttl_seconds: Type.Integer(),
    scanned_files: Count(),
    deleted_files: DefRef('events', RetentionEventsSchema),
    kept_files: DefRef('events', RetentionEventsSchema),
  },
  fileOptions('Guard Retention Report', gaitSchemaUrl('guard', 'retention_report'), {
    $defs: { events: RetentionEventsSchema },
  }),
);
export type RetentionReport = Static<typeof RetentionReportSchema>;
