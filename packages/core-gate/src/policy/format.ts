/**
 * `gait policy fmt`: the normalized policy as YAML, every field explicit, rules in evaluation
 * order. Byte identity with the reference's goccy/go-yaml output is not attempted (gate.md §6);
 * the guarantees are idempotence and an unchanged digest on re-parse.
 */
import { stringify } from 'yaml';
import type { Policy, PolicyRule } from './types.js';

function ruleDocument(r: PolicyRule): Record<string, unknown> {
  const m = r.match;
  const match: Record<string, unknown> = {
    tool_names: m.tool_names,
    risk_classes: m.risk_classes,
    target_kinds: m.target_kinds,
    target_values: m.target_values,
    provenance_sources: m.provenance_sources,
    identities: m.identities,
    workspace_prefixes: m.workspace_prefixes,
    endpoint_classes: m.endpoint_classes,
    skill_publishers: m.skill_publishers,
    skill_sources: m.skill_sources,
    data_classes: m.data_classes,
    destination_kinds: m.destination_kinds,
    destination_values: m.destination_values,
    destination_operations: m.destination_operations,
    require_delegation: m.require_delegation,
    allowed_delegator_identities: m.allowed_delegator_identities,
    allowed_delegate_identities: m.allowed_delegate_identities,
    delegation_scopes: m.delegation_scopes,
    max_delegation_depth: m.max_delegation_depth ?? null,
  };
  if (m.discovery_methods.length > 0) match.discovery_method = m.discovery_methods;
  if (m.tool_annotations) {
    const a = Object.fromEntries(Object.entries(m.tool_annotations).filter(([, v]) => v !== undefined));
    if (Object.keys(a).length > 0) match.tool_annotations = a;
  }
  return {
    name: r.name,
    priority: r.priority,
    effect: r.effect,
    match,
    reason_codes: r.reason_codes,
    violations: r.violations,
    min_approvals: r.min_approvals,
    require_distinct_approvers: r.require_distinct_approvers,
    require_context_evidence: r.require_context_evidence,
    required_context_evidence_mode: r.required_context_evidence_mode,
    max_context_age_seconds: r.max_context_age_seconds,
    require_broker_credential: r.require_broker_credential,
    broker_reference: r.broker_reference,
    broker_scopes: r.broker_scopes,
    rate_limit: r.rate_limit,
    destructive_budget: r.destructive_budget,
    block_standing_credentials: r.block_standing_credentials,
    allowed_credential_sources: r.allowed_credential_sources,
    allowed_credential_issuers: r.allowed_credential_issuers,
    allowed_credential_access_types: r.allowed_credential_access_types,
    max_credential_ttl_seconds: r.max_credential_ttl_seconds,
    require_jit_credential: r.require_jit_credential,
    dataflow: r.dataflow,
    endpoint: r.endpoint,
  };
}

export function formatPolicyYaml(policy: Policy): string {
  const doc: Record<string, unknown> = {
    schema_id: policy.schema_id,
    schema_version: policy.schema_version,
    default_verdict: policy.default_verdict,
    fail_closed: policy.fail_closed,
  };
  if (policy.mcp_trust) {
    const { min_score, max_age, ...rest } = policy.mcp_trust;
    // Unset optional values stay unset, so a re-parse gives the same policy and digest.
    doc.mcp_trust = { ...rest, ...(min_score === undefined ? {} : { min_score }), ...(max_age === '' ? {} : { max_age }) };
  }
  doc.rules = policy.rules.map(ruleDocument);
  const text = stringify(doc, { indent: 2, lineWidth: 0, nullStr: 'null', indentSeq: true });
  return text.endsWith('\n') ? text : `${text}\n`;
}
