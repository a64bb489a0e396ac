/**
 * Gate artifacts: what an agent asks for (intent request), what the gate answers (result, trace,
 * explain), the policy it evaluates, and the tokens and audit records around approvals,
 * delegation, brokered credentials, scripts and the kill switch.
 */
import { Type, type Static } from '@sinclair/typebox';
import { RelationshipField, relationshipDefs } from './common.js';
import {
  AnyObject,
  ContextEvidenceMode,
  Count,
  DateTime,
  DefRef,
  Digest,
  DigestLower,
  FileRef,
  NonEmpty,
  NonEmptyStrings,
  Opt,
  SignatureSchema,
  StringEnum,
  Strings,
  VERDICTS,
  VerdictEnum,
  fileOptions,
  gaitSchemaUrl,
  header,
  SchemaId,
  SchemaVersion,
} from './primitives.js';

const closed = { additionalProperties: false } as const;

// ---------------------------------------------------------------------------------------------
// Pieces shared by intent requests, traces and explain output.

export const TARGET_KINDS = ['path', 'url', 'host', 'repo', 'bucket', 'table', 'queue', 'topic', 'other'] as const;
export const ENDPOINT_CLASSES = [
  'fs.read', 'fs.write', 'fs.delete', 'proc.exec', 'net.http', 'net.dns', 'ui.click', 'ui.type', 'ui.navigate', 'other',
] as const;
export const DISCOVERY_METHODS = ['webmcp', 'dynamic_mcp', 'a2a', 'mcp', 'static_mcp', 'manual', 'unknown'] as const;
export const PROVENANCE_SOURCES = ['user', 'tool_output', 'external', 'system'] as const;

export const IntentTargetSchema = Type.Object(
  {
    kind: StringEnum(TARGET_KINDS),
    value: NonEmpty(),
    operation: Opt(Type.String()),
    sensitivity: Opt(Type.String()),
    endpoint_class: Opt(StringEnum(ENDPOINT_CLASSES)),
    endpoint_domain: Opt(Type.String()),
    destructive: Opt(Type.Boolean()),
    discovery_method: Opt(StringEnum(DISCOVERY_METHODS)),
    read_only_hint: Opt(Type.Boolean()),
    destructive_hint: Opt(Type.Boolean()),
    idempotent_hint: Opt(Type.Boolean()),
    open_world_hint: Opt(Type.Boolean()),
  },
  closed,
);
export type IntentTarget = Static<typeof IntentTargetSchema>;

export const ArgProvenanceSchema = Type.Object(
  {
    arg_path: NonEmpty(),
    source: StringEnum(PROVENANCE_SOURCES),
    source_ref: Opt(Type.String()),
    integrity_digest: Opt(Digest()),
  },
  closed,
);
export type ArgProvenance = Static<typeof ArgProvenanceSchema>;

export const SkillProvenanceSchema = Type.Object(
  {
    skill_name: NonEmpty(),
    skill_version: Opt(Type.String()),
    source: NonEmpty(),
    publisher: NonEmpty(),
    digest: Opt(Digest()),
    signature_key_id: Opt(Type.String()),
  },
  closed,
);
export type SkillProvenance = Static<typeof SkillProvenanceSchema>;

export const AgentIdentitySchema = Type.Object(
  {
    lifecycle_states: Opt(NonEmptyStrings()),
    owner: Opt(NonEmpty()),
    manifest_digest: Opt(Digest()),
    publisher: Opt(NonEmpty()),
    source: Opt(NonEmpty()),
    issued_at: Opt(DateTime()),
    approved_at: Opt(DateTime()),
    expires_at: Opt(DateTime()),
    revoked: Opt(Type.Boolean()),
  },
  closed,
);
export type AgentIdentity = Static<typeof AgentIdentitySchema>;

export const NETWORK_MODES = ['disabled', 'egress_allowlist', 'full'] as const;
export const USER_MODES = ['default', 'root', 'unprivileged'] as const;

/** Sandbox metadata an intent declares. */
export const IntentSandboxSchema = Type.Object(
  {
    network_mode: Opt(StringEnum(NETWORK_MODES)),
    writable_paths: Opt(NonEmptyStrings()),
    read_only_roots: Opt(NonEmptyStrings()),
    env_exposure_mode: Opt(StringEnum(['none', 'allowlist', 'full'])),
    timeout_seconds: Opt(Count()),
    filesystem_isolation: Opt(StringEnum(['none', 'workspace', 'container'])),
    user_mode: Opt(StringEnum(USER_MODES)),
    evidence_ref: Opt(NonEmpty()),
    evidence_digest: Opt(Digest()),
  },
  closed,
);
export type IntentSandbox = Static<typeof IntentSandboxSchema>;

export const IntentDelegationLinkSchema = Type.Object(
  {
    delegator_identity: NonEmpty(),
    delegate_identity: NonEmpty(),
    scope_class: Opt(Type.String()),
    token_ref: Opt(Type.String()),
    issued_at: Opt(DateTime()),
    expires_at: Opt(DateTime()),
  },
  closed,
);

export const IntentDelegationSchema = Type.Object(
  {
    requester_identity: NonEmpty(),
    scope_class: Opt(Type.String()),
    token_refs: Opt(NonEmptyStrings()),
    issued_at: Opt(DateTime()),
    expires_at: Opt(DateTime()),
    chain: Opt(Type.Array(IntentDelegationLinkSchema)),
  },
  closed,
);
export type IntentDelegation = Static<typeof IntentDelegationSchema>;

/** The caller's context. Open: callers may add keys the gate ignores. */
export const IntentContextSchema = Type.Object(
  {
    identity: NonEmpty(),
    workspace: NonEmpty(),
    risk_class: NonEmpty(),
    phase: Opt(StringEnum(['plan', 'apply'])),
    agent_id: Opt(NonEmpty()),
    agent_identity: Opt(AgentIdentitySchema),
    run_id: Opt(NonEmpty()),
    workflow_id: Opt(NonEmpty()),
    repo: Opt(NonEmpty()),
    environment: Opt(NonEmpty()),
    job_id: Opt(NonEmpty()),
    session_id: Opt(Type.String()),
    request_id: Opt(Type.String()),
    credential_ref: Opt(NonEmpty()),
    credential_source: Opt(NonEmpty()),
    credential_access_type: Opt(NonEmpty()),
    credential_issuer: Opt(NonEmpty()),
    credential_subject: Opt(NonEmpty()),
    credential_owner: Opt(NonEmpty()),
    credential_target_binding: Opt(NonEmpty()),
    credential_run_binding: Opt(NonEmpty()),
    credential_job_binding: Opt(NonEmpty()),
    credential_ttl_seconds: Opt(Type.Integer({ minimum: 1 })),
    approval_ref: Opt(NonEmpty()),
    wrkr_inventory_ref: Opt(NonEmpty()),
    agent_action_bom_ref: Opt(NonEmpty()),
    sandbox: Opt(IntentSandboxSchema),
    auth_context: Opt(AnyObject({ additionalProperties: true })),
    credential_scopes: Opt(NonEmptyStrings()),
    environment_fingerprint: Opt(NonEmpty()),
    context_set_digest: Opt(Digest()),
    context_evidence_mode: Opt(ContextEvidenceMode()),
    context_refs: Opt(NonEmptyStrings()),
  },
  { additionalProperties: true },
);
export type IntentContext = Static<typeof IntentContextSchema>;

export const ScriptStepSchema = Type.Object(
  {
    tool_name: NonEmpty(),
    args: AnyObject(),
    targets: Opt(Type.Array(IntentTargetSchema)),
    arg_provenance: Opt(Type.Array(ArgProvenanceSchema)),
  },
  closed,
);
export type ScriptStep = Static<typeof ScriptStepSchema>;

export const IntentScriptSchema = Type.Object({ steps: Type.Array(ScriptStepSchema, { minItems: 1 }) }, closed);
export type IntentScript = Static<typeof IntentScriptSchema>;

// ---------------------------------------------------------------------------------------------
// gate/intent_request

export const INTENT_REQUEST_ID = 'gait.gate.intent_request';
export const IntentRequestSchema = Type.Object(
  {
    ...header(INTENT_REQUEST_ID),
    tool_name: NonEmpty(),
    args: AnyObject(),
    args_digest: Opt(Digest()),
    intent_digest: Opt(Digest()),
    script_hash: Opt(Digest()),
    script: Opt(IntentScriptSchema),
    targets: Type.Array(IntentTargetSchema),
    arg_provenance: Opt(Type.Array(ArgProvenanceSchema)),
    skill_provenance: Opt(SkillProvenanceSchema),
    delegation: Opt(IntentDelegationSchema),
    relationship: RelationshipField(),
    context: IntentContextSchema,
  },
  fileOptions('Gate Intent Request', undefined, { $defs: relationshipDefs() }),
);
export type IntentRequest = Static<typeof IntentRequestSchema>;

// ---------------------------------------------------------------------------------------------
// gate/gate_result

export const GATE_RESULT_ID = 'gait.gate.result';
export const GateResultSchema = Type.Object(
  {
    ...header(GATE_RESULT_ID),
    verdict: VerdictEnum(),
    reason_codes: Strings(),
    violations: Strings(),
  },
  fileOptions('Gate Result', gaitSchemaUrl('gate', 'gate_result')),
);
export type GateResult = Static<typeof GateResultSchema>;

// ---------------------------------------------------------------------------------------------
// Decisions of the HEAD-only controls (freeze windows, kill switch, sandbox).

const SANDBOX_STATUSES = ['disallowed', 'invalid', 'missing', 'valid'] as const;

export const FreezeWindowDecisionSchema = Type.Object(
  {
    status: Opt(StringEnum(['active', 'inactive', 'invalid'])),
    effect: Opt(StringEnum(['block', 'require_approval'])),
    timezone: Opt(NonEmpty()),
    evaluated_at: Opt(DateTime()),
    window_name: Opt(NonEmpty()),
    window_start: Opt(DateTime()),
    window_end: Opt(DateTime()),
    reason: Opt(NonEmpty()),
    reason_code: Opt(NonEmpty()),
  },
  closed,
);
export type FreezeWindowDecision = Static<typeof FreezeWindowDecisionSchema>;

export const KillSwitchDecisionSchema = Type.Object(
  {
    status: Opt(StringEnum(['active', 'inactive', 'unavailable'])),
    reason_code: Opt(NonEmpty()),
    reason_codes: Opt(NonEmptyStrings()),
    matched_entry_ids: Opt(NonEmptyStrings()),
    evaluated_at: Opt(DateTime()),
  },
  closed,
);
export type KillSwitchDecision = Static<typeof KillSwitchDecisionSchema>;

export const SandboxDecisionSchema = Type.Object(
  {
    status: Opt(StringEnum(SANDBOX_STATUSES)),
    network_mode: Opt(StringEnum(NETWORK_MODES)),
    env_exposure_mode: Opt(StringEnum(['allowlist', 'full', 'none'])),
    timeout_seconds: Opt(Count()),
    filesystem_isolation: Opt(StringEnum(['container', 'none', 'workspace'])),
    user_mode: Opt(StringEnum(USER_MODES)),
    evidence_ref: Opt(NonEmpty()),
    evidence_digest: Opt(Digest()),
    reason_codes: Opt(NonEmptyStrings()),
  },
  closed,
);
export type SandboxDecision = Static<typeof SandboxDecisionSchema>;

// ---------------------------------------------------------------------------------------------
// gate/trace_record

export const TraceStepVerdictSchema = Type.Object(
  {
    index: Count(),
    tool_name: Type.String(),
    verdict: VerdictEnum(),
    reason_codes: Opt(Strings()),
    violations: Opt(Strings()),
    matched_rule: Opt(Type.String()),
  },
  closed,
);

export const McpTrustDecisionSchema = Type.Object(
  {
    server_id: Opt(NonEmpty()),
    server_name: Opt(NonEmpty()),
    publisher: Opt(NonEmpty()),
    source: Opt(NonEmpty()),
    status: Opt(StringEnum(['trusted', 'missing', 'unknown', 'untrusted', 'invalid', 'stale', 'below_threshold'])),
    decision_source: Opt(NonEmpty()),
    score: Opt(Type.Number()),
    threshold: Opt(Type.Number()),
    updated_at: Opt(DateTime()),
    max_age_seconds: Opt(Count()),
    required: Opt(Type.Boolean()),
    enforced: Opt(Type.Boolean()),
    registry_verified: Opt(Type.Boolean()),
    publisher_allowed: Opt(Type.Boolean()),
    reason_codes: Opt(Strings()),
  },
  closed,
);

export const TraceDelegationRefSchema = Type.Object(
  {
    delegation_token_ref: Opt(Type.String()),
    requester_identity: Opt(Type.String()),
    delegation_depth: Opt(Count()),
    scope_class: Opt(Type.String()),
    chain_digest: Opt(Digest()),
    reason_codes: Opt(Strings()),
  },
  closed,
);

export const SignatureSchemaDefault = SignatureSchema();
export type Signature = Static<typeof SignatureSchemaDefault>;

export const TRACE_RECORD_ID = 'gait.gate.trace';
export const TraceRecordSchema = Type.Object(
  {
    schema_id: SchemaId(TRACE_RECORD_ID),
    schema_version: SchemaVersion(),
    created_at: DateTime(),
    observed_at: Opt(DateTime()),
    producer_version: Type.String(),
    trace_id: Type.String(),
    event_id: Opt(Type.String()),
    correlation_id: Opt(Type.String()),
    tool_name: Type.String(),
    args_digest: Digest(),
    intent_digest: Digest(),
    policy_digest: Digest(),
    agent_id: Opt(NonEmpty()),
    agent_identity: Opt(AgentIdentitySchema),
    run_id: Opt(NonEmpty()),
    workflow_id: Opt(NonEmpty()),
    repo: Opt(NonEmpty()),
    environment: Opt(NonEmpty()),
    credential_ref: Opt(NonEmpty()),
    credential_source: Opt(NonEmpty()),
    credential_access_type: Opt(NonEmpty()),
    credential_issuer: Opt(NonEmpty()),
    credential_subject: Opt(NonEmpty()),
    credential_owner: Opt(NonEmpty()),
    credential_target_binding: Opt(NonEmpty()),
    credential_run_binding: Opt(NonEmpty()),
    credential_job_binding: Opt(NonEmpty()),
    credential_ttl_seconds: Opt(Type.Integer({ minimum: 1 })),
    broker_credential_ref: Opt(NonEmpty()),
    broker_credential_source: Opt(NonEmpty()),
    broker_credential_access_type: Opt(NonEmpty()),
    broker_credential_issuer: Opt(NonEmpty()),
    broker_request_digest: Opt(Digest()),
    broker_target_binding: Opt(NonEmpty()),
    broker_run_binding: Opt(NonEmpty()),
    broker_job_binding: Opt(NonEmpty()),
    approval_ref: Opt(NonEmpty()),
    wrkr_inventory_ref: Opt(NonEmpty()),
    agent_action_bom_ref: Opt(NonEmpty()),
    policy_id: Opt(NonEmpty()),
    policy_version: Opt(NonEmpty()),
    matched_rule_ids: Opt(NonEmptyStrings()),
    verdict: VerdictEnum(),
    context_set_digest: Opt(Digest()),
    context_evidence_mode: Opt(ContextEvidenceMode()),
    context_ref_count: Opt(Count()),
    context_source: Opt(Type.String()),
    script: Opt(Type.Boolean()),
    step_count: Opt(Count()),
    script_hash: Opt(Digest()),
    composite_risk_class: Opt(Type.String()),
    step_verdicts: Opt(Type.Array(TraceStepVerdictSchema)),
    pre_approved: Opt(Type.Boolean()),
    pattern_id: Opt(Type.String()),
    registry_reason: Opt(Type.String()),
    violations: Opt(Type.Array(Type.String(), { default: [] })),
    latency_ms: Opt(Type.Number()),
    approval_token_ref: Opt(Type.String()),
    freeze_window: Opt(FreezeWindowDecisionSchema),
    sandbox: Opt(SandboxDecisionSchema),
    kill_switch: Opt(KillSwitchDecisionSchema),
    mcp_trust: Opt(McpTrustDecisionSchema),
    delegation_ref: Opt(TraceDelegationRefSchema),
    skill_provenance: Opt(SkillProvenanceSchema),
    relationship: RelationshipField(),
    signature: Opt(SignatureSchemaDefault),
  },
  fileOptions('Gate Trace Record', undefined, { $defs: relationshipDefs() }),
);
export type TraceRecord = Static<typeof TraceRecordSchema>;

// ---------------------------------------------------------------------------------------------
// gate/policy

const POLICY_ACTIONS = ['block', 'require_approval'] as const;
const FAIL_CLOSED_FIELDS = ['targets', 'arg_provenance', 'endpoint_class', 'delegation', 'context_evidence'] as const;
const HIGH_RISK_FIELDS = [
  'agent_id', 'agent_identity', 'run_id', 'workflow_id', 'repo', 'environment', 'credential_ref', 'credential_source',
  'credential_access_type', 'credential_issuer', 'credential_ttl_seconds', 'approval_ref', 'wrkr_inventory_ref',
  'agent_action_bom_ref',
] as const;

export const PolicyMatchSchema = Type.Object(
  {
    tool_name: Opt(Type.String()),
    tool_names: Opt(Strings()),
    risk_classes: Opt(Strings()),
    target_kinds: Opt(Strings()),
    target_values: Opt(Strings()),
    endpoint_class: Opt(Strings()),
    endpoint_classes: Opt(Strings()),
    discovery_method: Opt(Strings()),
    tool_annotations: Opt(
      Type.Object(
        {
          readOnlyHint: Opt(Type.Boolean()),
          destructiveHint: Opt(Type.Boolean()),
          idempotentHint: Opt(Type.Boolean()),
          openWorldHint: Opt(Type.Boolean()),
        },
        closed,
      ),
    ),
    skill_publishers: Opt(Strings()),
    skill_sources: Opt(Strings()),
    data_classes: Opt(Strings()),
    destination_kinds: Opt(Strings()),
    destination_values: Opt(Strings()),
    destination_operations: Opt(Strings()),
    provenance_sources: Opt(Strings()),
    identities: Opt(Strings()),
    workspace_prefixes: Opt(Strings()),
    context_tool_names: Opt(Strings()),
    context_data_classes: Opt(Strings()),
    context_endpoint_classes: Opt(Strings()),
    context_autonomy_levels: Opt(Strings()),
    require_delegation: Opt(Type.Boolean()),
    allowed_delegator_identities: Opt(Strings()),
    allowed_delegate_identities: Opt(Strings()),
    delegation_scopes: Opt(Strings()),
    max_delegation_depth: Opt(Count()),
  },
  closed,
);
export type PolicyMatch = Static<typeof PolicyMatchSchema>;

export const PolicyEndpointSchema = Type.Object(
  {
    enabled: Opt(Type.Boolean()),
    path_allowlist: Opt(Strings()),
    path_denylist: Opt(Strings()),
    domain_allowlist: Opt(Strings()),
    domain_denylist: Opt(Strings()),
    egress_classes: Opt(Strings()),
    action: Opt(StringEnum(POLICY_ACTIONS)),
    destructive_action: Opt(StringEnum(POLICY_ACTIONS)),
    reason_code: Opt(Type.String()),
    violation: Opt(Type.String()),
  },
  closed,
);

export const PolicyFreezeWindowSchema = Type.Object(
  {
    enabled: Opt(Type.Boolean()),
    timezone: Opt(NonEmpty()),
    effect: Opt(StringEnum(POLICY_ACTIONS)),
    reason: Opt(Type.String()),
    environments: Opt(NonEmptyStrings()),
    risk_classes: Opt(NonEmptyStrings()),
    windows: Opt(
      Type.Array(Type.Object({ name: Opt(Type.String()), start: NonEmpty(), end: NonEmpty() }, closed)),
    ),
  },
  closed,
);

export const PolicySandboxSchema = Type.Object(
  {
    enabled: Opt(Type.Boolean()),
    allowed_network_modes: Opt(Type.Array(StringEnum(NETWORK_MODES))),
    allowed_writable_path_prefixes: Opt(NonEmptyStrings()),
    required_read_only_roots: Opt(NonEmptyStrings()),
    allowed_env_exposure_modes: Opt(Type.Array(StringEnum(['none', 'allowlist', 'full']))),
    max_timeout_seconds: Opt(Count()),
    allowed_filesystem_isolations: Opt(Type.Array(StringEnum(['none', 'workspace', 'container']))),
    allowed_user_modes: Opt(Type.Array(StringEnum(USER_MODES))),
  },
  closed,
);

/** A rate limit or destructive budget: `requests` per `window`, counted per `scope`. */
const budget = () =>
  Type.Object(
    {
      requests: Opt(Type.Integer({ minimum: 1 })),
      window: Opt(StringEnum(['minute', 'hour'])),
      scope: Opt(StringEnum(['tool', 'identity', 'tool_identity'])),
    },
    closed,
  );
export const PolicyRateLimitSchema = budget();
export type PolicyRateLimit = Static<typeof PolicyRateLimitSchema>;

export const PolicyDataflowSchema = Type.Object(
  {
    enabled: Opt(Type.Boolean()),
    tainted_sources: Opt(Strings()),
    destination_kinds: Opt(Strings()),
    destination_values: Opt(Strings()),
    destination_operations: Opt(Strings()),
    action: Opt(StringEnum(POLICY_ACTIONS)),
    reason_code: Opt(Type.String()),
    violation: Opt(Type.String()),
  },
  closed,
);

/** A rule needs `name` and at least one of `effect` / `action` (the older spelling). */
export const PolicyRuleSchema = Type.Object(
  {
    name: NonEmpty(),
    priority: Opt(Count()),
    effect: Opt(VerdictEnum()),
    action: Opt(VerdictEnum()),
    match: Opt(PolicyMatchSchema),
    endpoint: Opt(PolicyEndpointSchema),
    reason_codes: Opt(Strings()),
    violations: Opt(Strings()),
    require_declared_agent: Opt(Type.Boolean()),
    allowed_agent_ids: Opt(NonEmptyStrings()),
    denied_agent_ids: Opt(NonEmptyStrings()),
    required_agent_manifest_digest: Opt(Digest()),
    allowed_agent_manifest_publishers: Opt(NonEmptyStrings()),
    allowed_agent_manifest_sources: Opt(NonEmptyStrings()),
    required_agent_lifecycle_states: Opt(NonEmptyStrings()),
    require_agent_owner: Opt(Type.Boolean()),
    require_unexpired_agent: Opt(Type.Boolean()),
    block_standing_credentials: Opt(Type.Boolean()),
    allowed_credential_sources: Opt(NonEmptyStrings()),
    allowed_credential_issuers: Opt(NonEmptyStrings()),
    allowed_credential_access_types: Opt(NonEmptyStrings()),
    max_credential_ttl_seconds: Opt(Count()),
    require_jit_credential: Opt(Type.Boolean()),
    min_approvals: Opt(Type.Integer({ minimum: 1 })),
    require_distinct_approvers: Opt(Type.Boolean()),
    require_context_evidence: Opt(Type.Boolean()),
    required_context_evidence_mode: Opt(StringEnum(['required'])),
    max_context_age_seconds: Opt(Count()),
    require_broker_credential: Opt(Type.Boolean()),
    broker_reference: Opt(Type.String()),
    broker_scopes: Opt(Strings()),
    freeze_window: Opt(PolicyFreezeWindowSchema),
    sandbox: Opt(PolicySandboxSchema),
    rate_limit: Opt(budget()),
    destructive_budget: Opt(budget()),
    dataflow: Opt(PolicyDataflowSchema),
  },
  { additionalProperties: false, anyOf: [{ required: ['effect'] }, { required: ['action'] }] },
);
export type PolicyRule = Static<typeof PolicyRuleSchema>;

export const POLICY_ID = 'gait.gate.policy';
export const PolicySchema = Type.Object(
  {
    schema_id: Opt(SchemaId(POLICY_ID)),
    schema_version: Opt(SchemaVersion()),
    default_verdict: Opt(VerdictEnum()),
    default_action: Opt(VerdictEnum()),
    scripts: Opt(
      Type.Object(
        {
          max_steps: Opt(Type.Integer({ minimum: 1 })),
          require_approval_above: Opt(Count()),
          block_mixed_risk: Opt(Type.Boolean()),
        },
        closed,
      ),
    ),
    fail_closed: Opt(
      Type.Object(
        {
          enabled: Opt(Type.Boolean()),
          risk_classes: Opt(Strings()),
          required_fields: Opt(Type.Array(StringEnum(FAIL_CLOSED_FIELDS))),
          required_high_risk_fields: Opt(Type.Array(StringEnum(HIGH_RISK_FIELDS))),
        },
        closed,
      ),
    ),
    mcp_trust: Opt(
      Type.Object(
        {
          enabled: Opt(Type.Boolean()),
          snapshot: Opt(NonEmpty()),
          action: Opt(StringEnum(POLICY_ACTIONS)),
          required_risk_classes: Opt(Strings()),
          min_score: Opt(Type.Number({ minimum: 0, maximum: 1 })),
          max_age: Opt(NonEmpty()),
          publisher_allowlist: Opt(Strings()),
          require_registry: Opt(Type.Boolean()),
        },
        closed,
      ),
    ),
    rules: Opt(Type.Array(PolicyRuleSchema)),
  },
  fileOptions('Gate Policy', gaitSchemaUrl('gate', 'policy')),
);
export type Policy = Static<typeof PolicySchema>;

// ---------------------------------------------------------------------------------------------
// gate/policy_explain

export const POLICY_EXPLAIN_ID = 'gait.gate.policy_explain';
export const PolicyExplainSchema = Type.Object(
  {
    ok: Type.Boolean(),
    ...header(POLICY_EXPLAIN_ID),
    verdict: VerdictEnum(),
    matched_rule: Opt(Type.String()),
    matched_rules: Opt(
      Type.Array(Type.Object({ name: NonEmpty(), priority: Type.Integer(), effect: VerdictEnum() }, closed)),
    ),
    reason_codes: Opt(NonEmptyStrings()),
    violations: Opt(NonEmptyStrings()),
    missing_fields: Opt(NonEmptyStrings()),
    fail_closed_reason_codes: Opt(NonEmptyStrings()),
    approval_required: Opt(Type.Boolean()),
    required_approvals: Opt(Count()),
    valid_approvals: Opt(Count()),
    require_broker_credential: Opt(Type.Boolean()),
    broker_reference: Opt(Type.String()),
    broker_scopes: Opt(NonEmptyStrings()),
    require_delegation: Opt(Type.Boolean()),
    required_delegation_scopes: Opt(NonEmptyStrings()),
    credential_posture: Opt(
      Type.Object(
        {
          present: Type.Boolean(),
          source: Opt(Type.String()),
          access_type: Opt(Type.String()),
          issuer: Opt(Type.String()),
          ttl_seconds: Opt(Count()),
          credential_ref: Opt(Type.String()),
        },
        closed,
      ),
    ),
    context_evidence_status: Opt(StringEnum(['missing', 'not_required', 'present', 'verified'])),
    freeze_window: Opt(DefRef('freeze_window_decision', FreezeWindowDecisionSchema)),
    kill_switch: Opt(DefRef('kill_switch_decision', KillSwitchDecisionSchema)),
    sandbox: Opt(DefRef('sandbox_decision', SandboxDecisionSchema)),
    proof_refs: Opt(
      Type.Object(
        {
          trace_id: Opt(Type.String()),
          trace_path: Opt(Type.String()),
          approval_audit_path: Opt(Type.String()),
          delegation_audit_path: Opt(Type.String()),
          credential_evidence_path: Opt(Type.String()),
        },
        closed,
      ),
    ),
  },
  fileOptions('Gate Policy Explain', gaitSchemaUrl('gate', 'policy_explain'), {
    $defs: {
      freeze_window_decision: FreezeWindowDecisionSchema,
      kill_switch_decision: KillSwitchDecisionSchema,
      sandbox_decision: SandboxDecisionSchema,
    },
  }),
);
export type PolicyExplain = Static<typeof PolicyExplainSchema>;

// ---------------------------------------------------------------------------------------------
// gate/authorization_bundle

export const AUTHORIZATION_BUNDLE_ID = 'gait.gate.authorization_bundle';
export const AuthorizationBundleSchema = Type.Object(
  {
    ...header(AUTHORIZATION_BUNDLE_ID),
    trace_id: NonEmpty(),
    policy_digest: Digest(),
    intent_digest: Digest(),
    trace_path: Opt(NonEmpty()),
    trace_digest: Opt(Digest()),
    approval_audit_path: Opt(NonEmpty()),
    approval_audit_digest: Opt(Digest()),
    credential_evidence_path: Opt(NonEmpty()),
    credential_evidence_digest: Opt(Digest()),
    delegation_audit_path: Opt(NonEmpty()),
    delegation_audit_digest: Opt(Digest()),
    context_evidence_path: Opt(NonEmpty()),
    context_evidence_digest: Opt(Digest()),
    outcome_path: Opt(NonEmpty()),
    outcome_digest: Opt(Digest()),
    outcome_status: Opt(StringEnum(VERDICTS)),
    freeze_window: Opt(FileRef('policy_explain.schema.json#/$defs/freeze_window_decision', FreezeWindowDecisionSchema)),
    kill_switch: Opt(FileRef('policy_explain.schema.json#/$defs/kill_switch_decision', KillSwitchDecisionSchema)),
    sandbox: Opt(FileRef('policy_explain.schema.json#/$defs/sandbox_decision', SandboxDecisionSchema)),
  },
  fileOptions('Gate Authorization Bundle', gaitSchemaUrl('gate', 'authorization_bundle')),
);
export type AuthorizationBundle = Static<typeof AuthorizationBundleSchema>;

// ---------------------------------------------------------------------------------------------
// Tokens

export const APPROVAL_TOKEN_ID = 'gait.gate.approval_token';
export const ApprovalTokenSchema = Type.Object(
  {
    ...header(APPROVAL_TOKEN_ID),
    token_id: NonEmpty(),
    approver_identity: NonEmpty(),
    reason_code: NonEmpty(),
    intent_digest: Digest(),
    policy_digest: Digest(),
    delegation_binding_digest: Opt(Digest()),
    scope: Type.Array(NonEmpty(), { minItems: 1 }),
    max_targets: Opt(Count()),
    max_ops: Opt(Count()),
    expires_at: DateTime(),
    signature: Opt(SignatureSchemaDefault),
  },
  fileOptions('Gate Approval Token', gaitSchemaUrl('gate', 'approval_token')),
);
export type ApprovalToken = Static<typeof ApprovalTokenSchema>;

export const DELEGATION_TOKEN_ID = 'gait.gate.delegation_token';
export const DelegationTokenSchema = Type.Object(
  {
    ...header(DELEGATION_TOKEN_ID),
    token_id: NonEmpty(),
    delegator_identity: NonEmpty(),
    delegate_identity: NonEmpty(),
    scope: Type.Array(NonEmpty(), { minItems: 1 }),
    scope_class: Opt(Type.String()),
    intent_digest: Opt(Digest()),
    policy_digest: Opt(Digest()),
    expires_at: DateTime(),
    signature: Opt(SignatureSchemaDefault),
  },
  fileOptions('Gate Delegation Token', gaitSchemaUrl('gate', 'delegation_token')),
);
export type DelegationToken = Static<typeof DelegationTokenSchema>;

export const APPROVED_SCRIPT_ENTRY_ID = 'gait.gate.approved_script_entry';
export const ApprovedScriptEntrySchema = Type.Object(
  {
    ...header(APPROVED_SCRIPT_ENTRY_ID),
    pattern_id: NonEmpty(),
    policy_digest: Digest(),
    script_hash: Digest(),
    tool_sequence: Type.Array(NonEmpty(), { minItems: 1 }),
    scope: Opt(NonEmptyStrings()),
    approver_identity: NonEmpty(),
    expires_at: DateTime(),
    signature: Opt(SignatureSchemaDefault),
  },
  fileOptions('Approved Script Entry', gaitSchemaUrl('gate', 'approved_script_entry')),
);
export type ApprovedScriptEntry = Static<typeof ApprovedScriptEntrySchema>;

// ---------------------------------------------------------------------------------------------
// Audit records

export const APPROVAL_AUDIT_RECORD_ID = 'gait.gate.approval_audit_record';
export const ApprovalAuditEntrySchema = Type.Object(
  {
    token_id: Opt(Type.String()),
    approver_identity: Opt(Type.String()),
    reason_code: Opt(Type.String()),
    scope: Opt(NonEmptyStrings()),
    expires_at: Opt(DateTime()),
    valid: Type.Boolean(),
    error_code: Opt(Type.String()),
  },
  closed,
);
/** Note: approval audit digests are lower-case only, unlike most gate digests. */
export const ApprovalAuditRecordSchema = Type.Object(
  {
    ...header(APPROVAL_AUDIT_RECORD_ID),
    trace_id: NonEmpty(),
    tool_name: NonEmpty(),
    intent_digest: DigestLower(),
    policy_digest: DigestLower(),
    required_approvals: Count(),
    valid_approvals: Count(),
    approved: Type.Boolean(),
    approvers: Opt(NonEmptyStrings()),
    relationship: RelationshipField(),
    entries: Type.Array(ApprovalAuditEntrySchema),
  },
  fileOptions('Approval Audit Record', undefined, { $defs: relationshipDefs() }),
);
export type ApprovalAuditRecord = Static<typeof ApprovalAuditRecordSchema>;

export const DELEGATION_AUDIT_RECORD_ID = 'gait.gate.delegation_audit_record';
export const DelegationAuditEntrySchema = Type.Object(
  {
    token_id: Opt(Type.String()),
    delegator_identity: Opt(Type.String()),
    delegate_identity: Opt(Type.String()),
    scope: Opt(Strings()),
    expires_at: Opt(DateTime()),
    valid: Type.Boolean(),
    error_code: Opt(Type.String()),
  },
  closed,
);
export const DelegationAuditRecordSchema = Type.Object(
  {
    ...header(DELEGATION_AUDIT_RECORD_ID),
    trace_id: NonEmpty(),
    tool_name: NonEmpty(),
    intent_digest: Digest(),
    policy_digest: Digest(),
    delegation_required: Type.Boolean(),
    valid_delegations: Count(),
    delegated: Type.Boolean(),
    delegation_ref: Opt(Type.String()),
    relationship: RelationshipField(),
    entries: Type.Array(DelegationAuditEntrySchema),
  },
  fileOptions('Delegation Audit Record', undefined, { $defs: relationshipDefs() }),
);
export type DelegationAuditRecord = Static<typeof DelegationAuditRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Credential broker

export const BrokerRequestSchema = Type.Object(
  {
    tool_name: NonEmpty(),
    identity: NonEmpty(),
    workspace: Opt(Type.String()),
    session_id: Opt(Type.String()),
    request_id: Opt(Type.String()),
    run_id: Opt(Type.String()),
    job_id: Opt(Type.String()),
    reference: Opt(Type.String()),
    scope: Opt(NonEmptyStrings()),
    target_binding: Opt(NonEmpty()),
  },
  fileOptions('Broker Request', gaitSchemaUrl('gate', 'broker_request')),
);
export type BrokerRequest = Static<typeof BrokerRequestSchema>;

export const BROKER_CREDENTIAL_RECORD_ID = 'gait.gate.broker_credential_record';
export const BrokerCredentialRecordSchema = Type.Object(
  {
    ...header(BROKER_CREDENTIAL_RECORD_ID),
    trace_id: NonEmpty(),
    tool_name: NonEmpty(),
    identity: NonEmpty(),
    broker: NonEmpty(),
    reference: Opt(Type.String()),
    credential_source: Opt(NonEmpty()),
    credential_access_type: Opt(NonEmpty()),
    credential_issuer: Opt(NonEmpty()),
    credential_subject: Opt(NonEmpty()),
    credential_owner: Opt(NonEmpty()),
    scope: Opt(NonEmptyStrings()),
    credential_ref: NonEmpty(),
    target_binding: Opt(NonEmpty()),
    run_binding: Opt(NonEmpty()),
    job_binding: Opt(NonEmpty()),
    request_digest: Opt(Digest()),
    issued_at: Opt(DateTime()),
    expires_at: Opt(DateTime()),
    ttl_seconds: Opt(Type.Integer({ minimum: 1 })),
  },
  fileOptions('Broker Credential Record', gaitSchemaUrl('gate', 'broker_credential_record')),
);
export type BrokerCredentialRecord = Static<typeof BrokerCredentialRecordSchema>;

// ---------------------------------------------------------------------------------------------
// gate/kill_switch_state

export const KillSwitchEntrySchema = Type.Object(
  {
    entry_id: NonEmpty(),
    enabled: Type.Boolean(),
    agent_id: Opt(NonEmpty()),
    identity: Opt(NonEmpty()),
    tool_name: Opt(NonEmpty()),
    target_kind: Opt(NonEmpty()),
    target_value: Opt(NonEmpty()),
    environment: Opt(NonEmpty()),
    path_prefixes: Opt(NonEmptyStrings()),
    workspace_prefixes: Opt(NonEmptyStrings()),
    reason: Opt(Type.String()),
    actor: Opt(Type.String()),
    created_at: DateTime(),
    expires_at: Opt(DateTime()),
  },
  closed,
);
export type KillSwitchEntry = Static<typeof KillSwitchEntrySchema>;

export const KILL_SWITCH_STATE_ID = 'gait.gate.kill_switch_state';
export const KillSwitchStateSchema = Type.Object(
  {
    schema_id: SchemaId(KILL_SWITCH_STATE_ID),
    schema_version: SchemaVersion(),
    created_at: DateTime(),
    updated_at: DateTime(),
    producer_version: Type.String(),
    entries: Type.Array(KillSwitchEntrySchema),
  },
  fileOptions('Gate Kill Switch State', gaitSchemaUrl('gate', 'kill_switch_state')),
);
export type KillSwitchState = Static<typeof KillSwitchStateSchema>;
