/** Scout: adoption and operational telemetry, inventories, run fingerprints and signal reports. */
import { Type, type Static } from '@sinclair/typebox';
import { RelationshipField, relationshipDefs } from './common.js';
import {
  Count,
  DefRef,
  DigestLower,
  NonEmpty,
  NonEmptyStrings,
  Opt,
  RunId,
  StringEnum,
  Strings,
  fileOptions,
  gaitSchemaUrl,
  header,
} from './primitives.js';

const closed = { additionalProperties: false } as const;

export const ScoutEnvironmentSchema = Type.Object({ os: NonEmpty(), arch: NonEmpty() }, closed);
const ExitCode = () => Type.Integer({ minimum: 0, maximum: 255 });

export const ADOPTION_MILESTONES = ['A1', 'A2', 'A3', 'A4', 'E1', 'E2', 'E3'] as const;

export const ADOPTION_EVENT_ID = 'gait.scout.adoption_event';
export const AdoptionEventSchema = Type.Object(
  {
    ...header(ADOPTION_EVENT_ID),
    command: NonEmpty(),
    workflow_id: Opt(NonEmpty()),
    success: Type.Boolean(),
    exit_code: ExitCode(),
    elapsed_ms: Count(),
    milestones: Opt(Type.Array(StringEnum(ADOPTION_MILESTONES))),
    environment: ScoutEnvironmentSchema,
  },
  fileOptions('Scout Adoption Event', gaitSchemaUrl('scout', 'adoption_event')),
);
export type AdoptionEvent = Static<typeof AdoptionEventSchema>;

export const ERROR_CATEGORIES = [
  'none', 'invalid_input', 'verification_failed', 'policy_blocked', 'approval_required', 'dependency_missing',
  'io_failure', 'state_contention', 'network_transient', 'network_permanent', 'internal_failure',
] as const;

export const OPERATIONAL_EVENT_ID = 'gait.scout.operational_event';
export const OperationalEventSchema = Type.Object(
  {
    ...header(OPERATIONAL_EVENT_ID),
    correlation_id: NonEmpty(),
    command: NonEmpty(),
    phase: StringEnum(['start', 'end']),
    exit_code: ExitCode(),
    error_category: StringEnum(ERROR_CATEGORIES),
    retryable: Type.Boolean(),
    elapsed_ms: Count(),
    environment: ScoutEnvironmentSchema,
  },
  fileOptions('Scout Operational Event', gaitSchemaUrl('scout', 'operational_event')),
);
export type OperationalEvent = Static<typeof OperationalEventSchema>;

export const SEVERITY_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

export const InventoryItemSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    locator: Type.String(),
    risk_level: Opt(StringEnum(SEVERITY_LEVELS)),
    tags: Opt(Strings()),
    last_seen_run: Opt(RunId()),
    relationship: RelationshipField(),
  },
  closed,
);
export type InventoryItem = Static<typeof InventoryItemSchema>;

export const INVENTORY_SNAPSHOT_ID = 'gait.scout.inventory_snapshot';
export const InventorySnapshotSchema = Type.Object(
  {
    ...header(INVENTORY_SNAPSHOT_ID),
    snapshot_id: Type.String(),
    workspace: Opt(Type.String()),
    items: Type.Array(InventoryItemSchema),
  },
  fileOptions('Scout Inventory Snapshot', undefined, { $defs: relationshipDefs() }),
);
export type InventorySnapshot = Static<typeof InventorySnapshotSchema>;

export const RUN_FINGERPRINT_ID = 'gait.scout.run_fingerprint';
const runFingerprintProperties = () => ({
  ...header(RUN_FINGERPRINT_ID),
  producer_version: NonEmpty(),
  run_id: NonEmpty(),
  fingerprint: DigestLower(),
  action_sequence: NonEmptyStrings(),
  tool_classes: NonEmptyStrings(),
  target_systems: NonEmptyStrings(),
  reason_code_vector: NonEmptyStrings(),
  ref_receipt_digests: Type.Array(DigestLower()),
  source_runpack: Opt(Type.String()),
  trace_count: Opt(Count()),
  regress_evidence_seen: Opt(Type.Boolean()),
});

export const RunFingerprintSchema = Type.Object(
  runFingerprintProperties(),
  fileOptions('Scout Run Fingerprint', gaitSchemaUrl('scout', 'run_fingerprint')),
);
export type RunFingerprint = Static<typeof RunFingerprintSchema>;

export const SIGNAL_DRIVERS = [
  'policy_change', 'tool_result_shape_change', 'reference_set_change', 'configuration_change',
] as const;

const SignalRunFingerprintSchema = Type.Object(runFingerprintProperties(), closed);

export const SignalFixSuggestionSchema = Type.Object(
  { kind: NonEmpty(), summary: NonEmpty(), likely_scope: NonEmpty() },
  closed,
);
export type SignalFixSuggestion = Static<typeof SignalFixSuggestionSchema>;

const suggestions = () => Opt(Type.Array(DefRef('signal_fix_suggestion', SignalFixSuggestionSchema)));

export const SignalFamilySchema = Type.Object(
  {
    family_id: NonEmpty(),
    fingerprint: DigestLower(),
    count: Type.Integer({ minimum: 1 }),
    run_ids: NonEmptyStrings(),
    canonical_run_id: NonEmpty(),
    top_failure_reason: Opt(Type.String()),
    drivers: Opt(Type.Array(StringEnum(SIGNAL_DRIVERS))),
    severity_score: Count(),
    severity_level: StringEnum(SEVERITY_LEVELS),
    artifact_pointers: Opt(NonEmptyStrings()),
    suggestions: suggestions(),
  },
  closed,
);
export type SignalFamily = Static<typeof SignalFamilySchema>;

export const SignalIssueSchema = Type.Object(
  {
    rank: Type.Integer({ minimum: 1 }),
    family_id: NonEmpty(),
    fingerprint: DigestLower(),
    count: Type.Integer({ minimum: 1 }),
    canonical_run_id: NonEmpty(),
    top_failure_reason: Opt(Type.String()),
    drivers: Opt(Type.Array(StringEnum(SIGNAL_DRIVERS))),
    severity_score: Count(),
    severity_level: StringEnum(SEVERITY_LEVELS),
    suggestions: suggestions(),
  },
  closed,
);
export type SignalIssue = Static<typeof SignalIssueSchema>;

export const SIGNAL_REPORT_ID = 'gait.scout.signal_report';
export const SignalReportSchema = Type.Object(
  {
    ...header(SIGNAL_REPORT_ID),
    producer_version: NonEmpty(),
    run_count: Count(),
    family_count: Count(),
    fingerprints: Type.Array(DefRef('signal_run_fingerprint', SignalRunFingerprintSchema)),
    families: Type.Array(DefRef('signal_family', SignalFamilySchema)),
    top_issues: Type.Array(DefRef('signal_issue', SignalIssueSchema)),
  },
  fileOptions('Scout Signal Report', gaitSchemaUrl('scout', 'signal_report'), {
    $defs: {
      signal_run_fingerprint: SignalRunFingerprintSchema,
      signal_fix_suggestion: SignalFixSuggestionSchema,
      signal_family: SignalFamilySchema,
      signal_issue: SignalIssueSchema,
    },
  }),
);
export type SignalReport = Static<typeof SignalReportSchema>;
