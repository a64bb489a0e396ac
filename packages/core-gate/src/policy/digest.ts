/**
 * Policy digest (gate.md §2.4): a hand-built map with Go field names over the normalized policy, so
 * the digest stays equal to the pre-extension format. Optional members appear only when set.
 */
import { digestJcs } from '../digest.js';
import { mcpTrustDigestPayload } from './mcp-trust.js';
import type { Policy, PolicyMatch, PolicyRule, RateLimitSpec } from './types.js';

type Json = Record<string, unknown>;

function putList(out: Json, key: string, value: string[]): void {
  if (value.length > 0) out[key] = value;
}

function matchPayload(m: PolicyMatch): Json {
  const out: Json = {
    ToolNames: m.tool_names,
    RiskClasses: m.risk_classes,
    TargetKinds: m.target_kinds,
    TargetValues: m.target_values,
    ProvenanceSources: m.provenance_sources,
    Identities: m.identities,
    WorkspacePrefixes: m.workspace_prefixes,
  };
  putList(out, 'EndpointClasses', m.endpoint_classes);
  putList(out, 'SkillPublishers', m.skill_publishers);
  putList(out, 'SkillSources', m.skill_sources);
  putList(out, 'DataClasses', m.data_classes);
  putList(out, 'DestinationKinds', m.destination_kinds);
  putList(out, 'DestinationValues', m.destination_values);
  putList(out, 'DestinationOps', m.destination_operations);
  if (m.require_delegation) out.RequireDelegation = true;
  putList(out, 'AllowedDelegatorIdentities', m.allowed_delegator_identities);
  putList(out, 'AllowedDelegateIdentities', m.allowed_delegate_identities);
  putList(out, 'DelegationScopes', m.delegation_scopes);
  if (m.max_delegation_depth !== undefined) out.MaxDelegationDepth = m.max_delegation_depth;
  putList(out, 'DiscoveryMethod', m.discovery_methods);
  if (m.tool_annotations) {
    const a: Json = {};
    const t = m.tool_annotations;
    if (t.readOnlyHint !== undefined) a.ReadOnlyHint = t.readOnlyHint;
    if (t.destructiveHint !== undefined) a.DestructiveHint = t.destructiveHint;
    if (t.idempotentHint !== undefined) a.IdempotentHint = t.idempotentHint;
    if (t.openWorldHint !== undefined) a.OpenWorldHint = t.openWorldHint;
    if (Object.keys(a).length > 0) out.ToolAnnotations = a;
  }
  return out;
}

function limitPayload(limit: RateLimitSpec): Json {
  return { Requests: limit.requests, Window: limit.window, Scope: limit.scope };
}

function rulePayload(r: PolicyRule): Json {
  const out: Json = {
    Name: r.name,
    Priority: r.priority,
    Effect: r.effect,
    ReasonCodes: r.reason_codes,
    Violations: r.violations,
    Match: matchPayload(r.match),
  };
  if (r.min_approvals > 0) out.MinApprovals = r.min_approvals;
  if (r.require_distinct_approvers) out.RequireDistinctApprovers = true;
  if (r.require_context_evidence) out.RequireContextEvidence = true;
  if (r.required_context_evidence_mode !== '') out.RequiredContextEvidenceMode = r.required_context_evidence_mode;
  if (r.max_context_age_seconds > 0) out.MaxContextAgeSeconds = r.max_context_age_seconds;
  if (r.require_broker_credential) out.RequireBrokerCredential = true;
  if (r.broker_reference !== '') out.BrokerReference = r.broker_reference;
  putList(out, 'BrokerScopes', r.broker_scopes);
  if (r.rate_limit.requests > 0) out.RateLimit = limitPayload(r.rate_limit);
  if (r.destructive_budget.requests > 0) out.DestructiveBudget = limitPayload(r.destructive_budget);
  if (r.block_standing_credentials) out.BlockStandingCredentials = true;
  putList(out, 'AllowedCredentialSources', r.allowed_credential_sources);
  putList(out, 'AllowedCredentialIssuers', r.allowed_credential_issuers);
  putList(out, 'AllowedCredentialAccessTypes', r.allowed_credential_access_types);
  if (r.max_credential_ttl_seconds > 0) out.MaxCredentialTTLSeconds = r.max_credential_ttl_seconds;
  if (r.require_jit_credential) out.RequireJITCredential = true;
  if (r.dataflow.enabled) {
    const d = r.dataflow;
    const df: Json = {
      Enabled: true,
      TaintedSources: d.tainted_sources,
      Action: d.action,
      ReasonCode: d.reason_code,
      Violation: d.violation,
    };
    putList(df, 'DestinationKinds', d.destination_kinds);
    putList(df, 'DestinationValues', d.destination_values);
    putList(df, 'DestinationOperations', d.destination_operations);
    out.Dataflow = df;
  }
  if (r.endpoint.enabled) {
    const e = r.endpoint;
    out.Endpoint = {
      Enabled: true,
      PathAllowlist: e.path_allowlist,
      PathDenylist: e.path_denylist,
      DomainAllowlist: e.domain_allowlist,
      DomainDenylist: e.domain_denylist,
      EgressClasses: e.egress_classes,
      Action: e.action,
      DestructiveAction: e.destructive_action,
      ReasonCode: e.reason_code,
      Violation: e.violation,
    };
  }
  return out;
}

export function policyDigestPayload(policy: Policy): Json {
  const out: Json = {
    SchemaID: policy.schema_id,
    SchemaVersion: policy.schema_version,
    DefaultVerdict: policy.default_verdict,
    FailClosed: {
      Enabled: policy.fail_closed.enabled,
      RiskClasses: policy.fail_closed.risk_classes,
      RequiredFields: policy.fail_closed.required_fields,
    },
    Rules: policy.rules.map(rulePayload),
  };
  const trust = mcpTrustDigestPayload(policy.mcp_trust);
  if (trust) out.MCPTrust = trust;
  return out;
}

export function policyDigest(policy: Policy): string {
  return digestJcs(policyDigestPayload(policy));
}
