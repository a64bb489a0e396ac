/**
 * Action contracts (HEAD only): a proposal produced by Wrkr, Gait's signed activation of it, and
 * the receipt Gait writes when it consumes one. Unlike the other areas these files pin versions
 * with bare `const`s, use URL `schema_id`s and `$id`s that are not under their folder; all of
 * that is kept as published.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  BareConst,
  BareEnum,
  DateTime,
  DefRef,
  DigestLower,
  FileRef,
  NonEmpty,
  Opt,
  PrefixedDigest,
  StringEnum,
  Strings,
  AnyObject,
  DRAFT_2020_12,
} from './primitives.js';

const closed = { additionalProperties: false } as const;

const PAC_ID = '^pac-[a-f0-9]{8,64}$';
const PACF_ID = '^pacf-[a-f0-9]{8,64}$';
const PACA_ID = '^paca-[a-f0-9]{16}$';

// ---------------------------------------------------------------------------------------------
// action-contract/proposed-action-contract-v3

export const PROPOSED_ACTION_CONTRACT_V3_URL = 'https://wrkr.dev/schemas/v1/proposed-action-contract-v3.schema.json';

const EvidenceStateSchema = StringEnum(['verified', 'declared', 'inferred', 'unknown', 'contradictory']);
const FreshnessStateSchema = StringEnum(['fresh', 'stale', 'expired', 'unknown']);

/** Evidence state, freshness and references: the tail every requirement carries. */
const evidence = () => ({
  evidence_state: DefRef('evidenceState', EvidenceStateSchema),
  freshness_state: DefRef('freshnessState', FreshnessStateSchema),
  evidence_refs: Opt(Strings()),
  reason_codes: Opt(Strings()),
});

const TransitionSchema = Type.Object(
  {
    transition_id: Type.String(),
    from_stage_id: Type.String(),
    to_stage_id: Type.String(),
    from_role: Opt(Type.String()),
    to_role: Opt(Type.String()),
    reason: Opt(Type.String()),
  },
  closed,
);

const TargetConstraintSchema = Type.Object({ key: Type.String(), value: Type.String() }, closed);

const AuthorityRequirementSchema = Type.Object(
  {
    requirement_id: Type.String(),
    kind: StringEnum([
      'originating_intent', 'requester_identity', 'business_owner', 'affected_system_owner', 'permitted_agent_role',
      'policy_authority', 'delegation_root', 'credential_subject_constraint', 'separation_of_duties',
    ]),
    required_constraint: Type.String(),
    observed_value: Opt(Type.String()),
    ...evidence(),
  },
  closed,
);

const PreconditionSchema = Type.Object(
  {
    requirement_id: Type.String(),
    kind: StringEnum([
      'validation_contract', 'effect_contract', 'required_check', 'producer', 'freshness', 'environment', 'target',
      'sandbox', 'policy_digest', 'credential_mode', 'expected_effect', 'forbidden_effect',
    ]),
    required_constraint: Type.String(),
    observed_value: Opt(Type.String()),
    observed_result: Opt(Type.String()),
    acceptable_producers: Opt(Strings()),
    max_age: Opt(Type.String()),
    ...evidence(),
  },
  closed,
);

const ConfirmationSchema = Type.Object(
  {
    mode: StringEnum(['explicit_confirmation', 'not_required']),
    required: Type.Boolean(),
    ...evidence(),
  },
  closed,
);

const ApprovalSchema = Type.Object(
  {
    required: Type.Boolean(),
    approver_roles: Opt(Strings()),
    minimum_approvals: Type.Integer({ minimum: 0 }),
    separation_of_duties: Opt(Strings()),
    scope_digest: PrefixedDigest(),
    validity_window: Opt(Type.String()),
    reapproval_triggers: Opt(Strings()),
    ...evidence(),
  },
  closed,
);

const CompensationSchema = Type.Object(
  {
    required: Type.Boolean(),
    kind: StringEnum(['documented_recovery', 'rollback', 'restore', 'irreversible_escalation', 'not_required']),
    procedure_ref: Opt(Type.String()),
    target: Opt(Type.String()),
    execution_window: Opt(Type.String()),
    verification_required: Type.Boolean(),
    acceptable_producers: Opt(Strings()),
    ...evidence(),
  },
  closed,
);

const LifecycleObservationSchema = Type.Object(
  {
    observation_id: Type.String(),
    kind: StringEnum([
      'proposal_creation', 'gait_activation_request', 'gait_activation_receipt', 'gait_rejection', 'supersession',
      'gait_execution', 'gait_effect', 'axym_verification',
    ]),
    producer: Type.String(),
    evidence_state: DefRef('evidenceState', EvidenceStateSchema),
    freshness_state: DefRef('freshnessState', FreshnessStateSchema),
    observed_at: Opt(DateTime()),
    evidence_refs: Opt(Strings()),
    action_contract_artifact_refs: Opt(Strings()),
    proof_refs: Opt(Strings()),
    reason_codes: Opt(Strings()),
  },
  closed,
);

const transitions = () => Opt(Type.Array(DefRef('transition', TransitionSchema)));

export const ProposedActionContractV3Schema = Type.Object(
  {
    contract_id: Type.String(),
    contract_family_id: Type.String(),
    contract_content_digest: PrefixedDigest(),
    contract_version: BareConst('3'),
    contract_kind: BareConst('proposed_action_contract'),
    composition_ref: Type.String(),
    resolution_key: Opt(Type.String()),
    revision: Type.Integer({ minimum: 1 }),
    supersedes_ref: Opt(Type.String()),
    lifecycle_observations: Opt(Type.Array(DefRef('lifecycleObservation', LifecycleObservationSchema))),
    allowed_transitions: transitions(),
    prohibited_transitions: transitions(),
    approval_required_transitions: transitions(),
    target_constraints: Opt(Type.Array(DefRef('targetConstraint', TargetConstraintSchema))),
    required_credential_mode: Opt(StringEnum(['ephemeral', 'scoped', 'standing_or_unknown'])),
    maximum_delegation_depth: Type.Integer({ minimum: 0 }),
    evidence_requirements: Opt(Strings()),
    acceptable_countersigners: Opt(Strings()),
    expected_outcome_class: Opt(Type.String()),
    compensation_required: Opt(Type.Boolean()),
    expires_at: Opt(DateTime()),
    source_digests: Opt(Strings()),
    authority_requirements: Type.Array(DefRef('authorityRequirement', AuthorityRequirementSchema)),
    authority_readiness_state: StringEnum(['ready', 'needs_evidence', 'blocked_by_contradiction']),
    preconditions: Type.Array(DefRef('precondition', PreconditionSchema)),
    confirmation_requirement: DefRef('confirmation', ConfirmationSchema),
    approval_requirement: DefRef('approval', ApprovalSchema),
    compensation_requirement: DefRef('compensation', CompensationSchema),
    report_only: BareConst(true),
    readiness_state: Opt(StringEnum(['ready_for_report_only', 'needs_evidence', 'blocked_by_contradiction'])),
    reason_codes: Opt(Strings()),
  },
  {
    $schema: DRAFT_2020_12,
    $id: PROPOSED_ACTION_CONTRACT_V3_URL,
    title: 'Wrkr Proposed Action Contract v3',
    additionalProperties: false,
    $defs: {
      evidenceState: EvidenceStateSchema,
      freshnessState: FreshnessStateSchema,
      transition: TransitionSchema,
      targetConstraint: TargetConstraintSchema,
      authorityRequirement: AuthorityRequirementSchema,
      precondition: PreconditionSchema,
      confirmation: ConfirmationSchema,
      approval: ApprovalSchema,
      compensation: CompensationSchema,
      lifecycleObservation: LifecycleObservationSchema,
    },
  },
);
export type ProposedActionContractV3 = Static<typeof ProposedActionContractV3Schema>;

// ---------------------------------------------------------------------------------------------
// action-contract/proposed-action-contract-artifact

export const PROPOSED_ACTION_CONTRACT_ARTIFACT_ID =
  'https://wrkr.dev/schemas/v1/proposed-action-contract-artifact.schema.json';

export const ProposedActionContractArtifactSchema = Type.Object(
  {
    schema_id: BareConst(PROPOSED_ACTION_CONTRACT_ARTIFACT_ID),
    schema_version: BareConst('1'),
    artifact_id: Type.String({ pattern: PACA_ID }),
    contract_id: Type.String({ pattern: PAC_ID }),
    contract_family_id: Type.String(),
    revision: Type.Integer({ minimum: 1 }),
    producer: Type.Object(
      {
        name: BareConst('wrkr'),
        artifact_schema_version: BareConst('1'),
        contract_schema_version: BareConst('3'),
      },
      closed,
    ),
    source_scan_refs: Type.Array(Type.String(), { minItems: 1 }),
    composition_refs: Type.Array(Type.String(), { minItems: 1 }),
    resolution_key: Opt(Type.String()),
    creation_evidence: Type.Array(Type.String(), { minItems: 1 }),
    canonical_content_digest: PrefixedDigest(),
    variant: Type.Object(
      {
        share_profile: StringEnum([
          'internal', 'public', 'customer-redacted', 'design-partner', 'external-redacted', 'investor-safe',
        ]),
        redacted: Type.Boolean(),
      },
      closed,
    ),
    report_only: BareConst(true),
    contract: FileRef(PROPOSED_ACTION_CONTRACT_V3_URL, ProposedActionContractV3Schema),
  },
  {
    $schema: DRAFT_2020_12,
    $id: PROPOSED_ACTION_CONTRACT_ARTIFACT_ID,
    title: 'Wrkr Proposed Action Contract Portable Artifact',
    additionalProperties: false,
  },
);
export type ProposedActionContractArtifact = Static<typeof ProposedActionContractArtifactSchema>;

// ---------------------------------------------------------------------------------------------
// action-contract/activated-action-contract-artifact

export const ACTIVATED_ACTION_CONTRACT_ARTIFACT_ID =
  'https://gait.dev/schemas/v1/activated-action-contract-artifact.schema.json';

export const ActivatedActionContractArtifactSchema = Type.Object(
  {
    schema_id: BareConst(ACTIVATED_ACTION_CONTRACT_ARTIFACT_ID),
    schema_version: BareConst('1'),
    artifact_id: Type.String({ pattern: '^gact-[a-f0-9]{16}$' }),
    contract_id: Type.String({ pattern: PAC_ID }),
    contract_family_id: Type.String({ pattern: PACF_ID }),
    revision: Type.Integer({ minimum: 1 }),
    producer: Type.Object(
      {
        name: BareConst('gait'),
        artifact_schema_version: BareConst('1'),
        contract_schema_version: BareConst('1'),
      },
      closed,
    ),
    proposal: Type.Object(
      {
        artifact_id: Type.String({ pattern: PACA_ID }),
        canonical_content_digest: PrefixedDigest(),
        contract_id: Type.String({ pattern: PAC_ID }),
        contract_family_id: Type.String({ pattern: PACF_ID }),
        revision: Type.Integer({ minimum: 1 }),
        schema_id: BareConst(PROPOSED_ACTION_CONTRACT_ARTIFACT_ID),
        schema_version: BareConst('1'),
        contract_schema_version: BareConst('3'),
      },
      closed,
    ),
    policy_digest: PrefixedDigest(),
    activating_principal: NonEmpty(),
    authority_refs: Type.Array(NonEmpty(), { minItems: 1 }),
    target: NonEmpty(),
    environment: NonEmpty(),
    activation_mode: BareEnum(['context_only', 'enforce_floor', 'required']),
    validity: Type.Object({ not_before: DateTime(), not_after: Opt(DateTime()) }, closed),
    explicit_exceptions: Strings(),
    report_only: BareConst(false),
    development_signing: Type.Boolean(),
    signature: Type.Object(
      { alg: BareConst('ed25519'), key_id: NonEmpty(), sig: NonEmpty(), signed_digest: DigestLower() },
      closed,
    ),
  },
  {
    $schema: DRAFT_2020_12,
    $id: ACTIVATED_ACTION_CONTRACT_ARTIFACT_ID,
    title: 'Gait Activated Action Contract Artifact',
    additionalProperties: false,
  },
);
export type ActivatedActionContractArtifact = Static<typeof ActivatedActionContractArtifactSchema>;

// ---------------------------------------------------------------------------------------------
// action-contract/consumer-receipt

export const ActionContractConsumerReceiptSchema = Type.Object(
  {
    consumer: BareConst('gait'),
    version: NonEmpty(),
    scenario_id: NonEmpty(),
    artifact_sha256: PrefixedDigest(),
    status: BareEnum(['pass', 'reject', 'dependency_missing']),
    self_attestation: BareConst(false),
    proposal_artifact_id: Opt(Type.String()),
    contract_id: Opt(Type.String()),
    contract_family_id: Opt(Type.String()),
    revision: Opt(Type.Integer({ minimum: 1 })),
    resolution_key: Opt(Type.String()),
    schema_versions: Type.Object({ artifact: Type.String(), contract: Type.String() }, closed),
    supported_constraints: AnyObject(),
    // Left open, as published.
    semantic_result: Type.Object({
      proposal_valid: Type.Boolean(),
      activation_ready: Type.Boolean(),
      reason_codes: Opt(Strings()),
      execution_claim: BareConst(false),
      effect_claim: BareConst(false),
    }),
  },
  {
    $schema: DRAFT_2020_12,
    $id: 'https://gait.dev/schemas/v1/action-contract-consumer-receipt.schema.json',
    title: 'Gait Action Contract Consumer Receipt',
    additionalProperties: false,
  },
);
export type ActionContractConsumerReceipt = Static<typeof ActionContractConsumerReceiptSchema>;
