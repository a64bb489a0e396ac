/** A policy after normalization (gate.md §2, HEAD §10.2). Field names follow the YAML keys. */
export type Verdict = 'allow' | 'block' | 'dry_run' | 'require_approval';

export interface FailClosed {
  enabled: boolean;
  risk_classes: string[];
  required_fields: string[];
}

export interface ToolAnnotationsMatch {
  readOnlyHint: boolean | undefined;
  destructiveHint: boolean | undefined;
  idempotentHint: boolean | undefined;
  openWorldHint: boolean | undefined;
}

export interface PolicyMatch {
  tool_names: string[];
  risk_classes: string[];
  target_kinds: string[];
  target_values: string[];
  provenance_sources: string[];
  identities: string[];
  workspace_prefixes: string[];
  endpoint_classes: string[];
  skill_publishers: string[];
  skill_sources: string[];
  data_classes: string[];
  destination_kinds: string[];
  destination_values: string[];
  destination_operations: string[];
  require_delegation: boolean;
  allowed_delegator_identities: string[];
  allowed_delegate_identities: string[];
  delegation_scopes: string[];
  max_delegation_depth: number | undefined;
  discovery_methods: string[];
  tool_annotations: ToolAnnotationsMatch | undefined;
}

export interface RateLimitSpec {
  requests: number;
  window: string;
  scope: string;
}

export interface DataflowSpec {
  enabled: boolean;
  tainted_sources: string[];
  destination_kinds: string[];
  destination_values: string[];
  destination_operations: string[];
  action: string;
  reason_code: string;
  violation: string;
}

export interface EndpointSpec {
  enabled: boolean;
  path_allowlist: string[];
  path_denylist: string[];
  domain_allowlist: string[];
  domain_denylist: string[];
  egress_classes: string[];
  action: string;
  destructive_action: string;
  reason_code: string;
  violation: string;
}

export interface CredentialPosture {
  block_standing_credentials: boolean;
  allowed_credential_sources: string[];
  allowed_credential_issuers: string[];
  allowed_credential_access_types: string[];
  max_credential_ttl_seconds: number;
  require_jit_credential: boolean;
}

export interface PolicyRule extends CredentialPosture {
  name: string;
  priority: number;
  effect: Verdict;
  match: PolicyMatch;
  reason_codes: string[];
  violations: string[];
  min_approvals: number;
  require_distinct_approvers: boolean;
  require_context_evidence: boolean;
  required_context_evidence_mode: string;
  max_context_age_seconds: number;
  require_broker_credential: boolean;
  broker_reference: string;
  broker_scopes: string[];
  rate_limit: RateLimitSpec;
  destructive_budget: RateLimitSpec;
  dataflow: DataflowSpec;
  endpoint: EndpointSpec;
}

/** Top-level `mcp_trust` (HEAD): MCP server trust checks against a local snapshot. */
export interface McpTrustPolicy {
  enabled: boolean;
  /** Trust snapshot file path, trimmed; required when enabled. */
  snapshot: string;
  action: 'block' | 'require_approval';
  /** Risk classes whose calls are enforced; defaults to [critical, high]. */
  required_risk_classes: string[];
  /** 0..1; undefined when unset (no threshold). */
  min_score: number | undefined;
  /** A Go duration as written (`720h`); '' when unset. */
  max_age: string;
  publisher_allowlist: string[];
  require_registry: boolean;
}

export interface Policy {
  schema_id: string;
  schema_version: string;
  default_verdict: Verdict;
  fail_closed: FailClosed;
  /** Absent when the policy has no `mcp_trust` block. */
  mcp_trust?: McpTrustPolicy;
  rules: PolicyRule[];
}
