import type { GoTime } from '../go/time.js';

export interface IntentTarget {
  kind: string;
  value: string;
  operation: string;
  sensitivity: string;
  endpoint_class: string;
  endpoint_domain: string;
  destructive: boolean;
  /** HEAD: how the tool was discovered; normalized, defaults to `unknown`. */
  discovery_method: string;
  read_only_hint: boolean;
  destructive_hint: boolean;
  idempotent_hint: boolean;
  open_world_hint: boolean;
}

export interface IntentArgProvenance {
  arg_path: string;
  source: string;
  source_ref: string;
  integrity_digest: string;
}

export interface SkillProvenance {
  skill_name: string;
  skill_version: string;
  source: string;
  publisher: string;
  digest: string;
  signature_key_id: string;
}

export interface DelegationLink {
  delegator_identity: string;
  delegate_identity: string;
  scope_class: string;
  token_ref: string;
  issued_at: GoTime;
  expires_at: GoTime;
}

export interface IntentDelegation {
  requester_identity: string;
  scope_class: string;
  token_refs: string[];
  chain: DelegationLink[];
  issued_at: GoTime;
  expires_at: GoTime;
}

export interface IntentContext {
  identity: string;
  workspace: string;
  risk_class: string;
  /** HEAD: `plan` or `apply` (default). */
  phase: string;
  session_id: string;
  request_id: string;
  auth_context: Record<string, unknown> | undefined;
  credential_scopes: string[];
  environment_fingerprint: string;
  context_set_digest: string;
  context_evidence_mode: string;
  context_refs: string[];
  /** HEAD identifiers and credential posture; free text unless noted, "" when absent. */
  extra: ContextExtra;
}

/** HEAD context fields carried into the digest (omitted when empty) and the credential checks. */
export interface ContextExtra {
  agent_id: string;
  run_id: string;
  workflow_id: string;
  job_id: string;
  repo: string;
  environment: string;
  approval_ref: string;
  credential_ref: string;
  /** Lower-cased. */
  credential_source: string;
  /** Lower-cased. */
  credential_access_type: string;
  credential_issuer: string;
  credential_subject: string;
  credential_owner: string;
  credential_target_binding: string;
  credential_run_binding: string;
  credential_job_binding: string;
  credential_ttl_seconds: number;
}

/** An intent after normalization (gate.md §1.2–§1.3, HEAD §10.1). */
export interface NormalizedIntent {
  schema_id: string;
  schema_version: string;
  created_at: GoTime;
  producer_version: string;
  tool_name: string;
  args: Record<string, unknown>;
  targets: IntentTarget[];
  arg_provenance: IntentArgProvenance[];
  skill_provenance: SkillProvenance | undefined;
  delegation: IntentDelegation | undefined;
  context: IntentContext;
  args_digest: string;
  intent_digest: string;
}
