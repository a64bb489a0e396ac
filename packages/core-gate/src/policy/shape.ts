/** The keys a policy file may contain, with their types (gate.md §2.2, HEAD §10.2). */
import type { Shape } from './yaml-read.js';

const rateLimit: Shape = { object: { requests: 'int', window: 'string', scope: 'string' } };

const match: Shape = {
  object: {
    tool_names: 'stringList',
    tool_name: 'stringOrList',
    risk_classes: 'stringList',
    target_kinds: 'stringList',
    target_values: 'stringList',
    provenance_sources: 'stringList',
    identities: 'stringList',
    workspace_prefixes: 'stringList',
    endpoint_classes: 'stringList',
    endpoint_class: 'stringOrList',
    skill_publishers: 'stringList',
    skill_sources: 'stringList',
    data_classes: 'stringList',
    destination_kinds: 'stringList',
    destination_values: 'stringList',
    destination_operations: 'stringList',
    require_delegation: 'bool',
    allowed_delegator_identities: 'stringList',
    allowed_delegate_identities: 'stringList',
    delegation_scopes: 'stringList',
    max_delegation_depth: 'nullableInt',
    discovery_method: 'stringOrList',
    tool_annotations: {
      object: {
        readOnlyHint: 'nullableBool',
        destructiveHint: 'nullableBool',
        idempotentHint: 'nullableBool',
        openWorldHint: 'nullableBool',
      },
    },
  },
};

const rule: Shape = {
  object: {
    name: 'string',
    priority: 'int',
    effect: 'string',
    action: 'string',
    match,
    reason_codes: 'stringList',
    violations: 'stringList',
    min_approvals: 'int',
    require_distinct_approvers: 'bool',
    require_context_evidence: 'bool',
    required_context_evidence_mode: 'string',
    max_context_age_seconds: 'int',
    require_broker_credential: 'bool',
    broker_reference: 'string',
    broker_scopes: 'stringList',
    rate_limit: rateLimit,
    destructive_budget: rateLimit,
    block_standing_credentials: 'bool',
    allowed_credential_sources: 'stringList',
    allowed_credential_issuers: 'stringList',
    allowed_credential_access_types: 'stringList',
    max_credential_ttl_seconds: 'int',
    require_jit_credential: 'bool',
    dataflow: {
      object: {
        enabled: 'bool',
        tainted_sources: 'stringList',
        destination_kinds: 'stringList',
        destination_values: 'stringList',
        destination_operations: 'stringList',
        action: 'string',
        reason_code: 'string',
        violation: 'string',
      },
    },
    endpoint: {
      object: {
        enabled: 'bool',
        path_allowlist: 'stringList',
        path_denylist: 'stringList',
        domain_allowlist: 'stringList',
        domain_denylist: 'stringList',
        egress_classes: 'stringList',
        action: 'string',
        destructive_action: 'string',
        reason_code: 'string',
        violation: 'string',
      },
    },
  },
};

const mcpTrust: Shape = {
  object: {
    enabled: 'nullableBool',
    snapshot: 'string',
    action: 'string',
    required_risk_classes: 'stringList',
    min_score: 'number',
    max_age: 'string',
    publisher_allowlist: 'stringList',
    require_registry: 'bool',
  },
};

export const policyShape = {
  object: {
    schema_id: 'string',
    schema_version: 'string',
    default_verdict: 'string',
    default_action: 'string',
    fail_closed: { object: { enabled: 'bool', risk_classes: 'stringList', required_fields: 'stringList' } },
    mcp_trust: mcpTrust,
    rules: { list: rule },
  },
} as const satisfies { object: Record<string, Shape> };

/** SEED-era proposal fields HEAD rejects with a migration hint. */
export const LEGACY_TOP_LEVEL_FIELDS = ['version', 'name', 'boundaries', 'defaults', 'trust_sources', 'unknown_server'];
