/** Per-rule constraints (gate.md §3.3 and HEAD credential posture §10.2). */
import type { NormalizedIntent } from '../intent/types.js';
import type { PolicyRule, Verdict } from '../policy/types.js';
import type { CompiledRule } from './compile.js';
import { mostRestrictive } from './verdicts.js';

export interface ConstraintHit {
  effect: Verdict;
  reasons: string[];
  violations: string[];
}

const DEFAULT_EGRESS_KINDS = new Set(['host', 'url', 'bucket', 'queue', 'topic']);

/** (a) Tainted data flowing to an egress destination; the dataflow action replaces the effect. */
export function dataflowConstraint(compiled: CompiledRule, intent: NormalizedIntent): ConstraintHit | undefined {
  const d = compiled.rule.dataflow;
  if (!d.enabled) return undefined;
  const { taintedSources, dataflowKinds, dataflowValues, dataflowOps } = compiled.sets;
  if (!intent.arg_provenance.some((p) => taintedSources.has(p.source))) return undefined;
  if (intent.targets.length === 0) return undefined;
  const filtered = dataflowKinds.size + dataflowValues.size + dataflowOps.size > 0;
  const hit = filtered
    ? intent.targets.some(
        (t) =>
          (dataflowKinds.size === 0 || dataflowKinds.has(t.kind)) &&
          (dataflowValues.size === 0 || dataflowValues.has(t.value)) &&
          (dataflowOps.size === 0 || dataflowOps.has(t.operation)),
      )
    : intent.targets.some((t) => DEFAULT_EGRESS_KINDS.has(t.kind));
  if (!hit) return undefined;
  return { effect: d.action as Verdict, reasons: [d.reason_code], violations: [d.violation] };
}

/** (b) Path and domain allow/deny lists, egress classes and destructive operations. */
export function endpointConstraint(compiled: CompiledRule, intent: NormalizedIntent): ConstraintHit | undefined {
  const spec = compiled.rule.endpoint;
  const e = compiled.endpoint;
  if (!spec.enabled || !e) return undefined;
  const codes: string[] = [];
  const violations: string[] = [];
  const add = (code: string, violation = code) => {
    codes.push(code);
    violations.push(violation);
  };
  for (const t of intent.targets) {
    if (t.kind === 'path') {
      if (e.pathDeny?.(t.value)) add('endpoint_path_denied');
      if (e.pathAllow && !e.pathAllow(t.value)) add('endpoint_path_not_allowlisted');
    }
    if (t.endpoint_domain !== '') {
      if (e.domainDeny?.(t.endpoint_domain)) add('endpoint_domain_denied');
      if (e.domainAllow && !e.domainAllow(t.endpoint_domain)) add('endpoint_domain_not_allowlisted');
    }
    if (t.endpoint_class.startsWith('net.') && e.egress.size > 0 && !e.egress.has(t.endpoint_class)) {
      add('endpoint_egress_class_not_allowed');
    }
  }
  let effect = spec.action as Verdict;
  if (spec.destructive_action !== '' && intent.targets.some((t) => t.destructive)) {
    effect = mostRestrictive(effect, spec.destructive_action);
    add('endpoint_destructive_operation', 'destructive_operation');
  }
  if (codes.length === 0) return undefined;
  codes.push(spec.reason_code);
  violations.push(spec.violation);
  return { effect, reasons: codes, violations };
}

function contextAge(intent: NormalizedIntent): number | undefined {
  const raw = intent.context.auth_context?.context_age_seconds;
  if (typeof raw === 'number') return raw >= 0 ? Math.trunc(raw) : undefined;
  if (typeof raw === 'string' && /^[+-]?\d+$/.test(raw)) {
    const n = Number(raw);
    return n >= 0 && Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** (c) Context evidence: digest present, mode required, freshness bound. Always blocks. */
export function contextConstraint(rule: PolicyRule, intent: NormalizedIntent): ConstraintHit | undefined {
  const modeRequired = rule.required_context_evidence_mode === 'required';
  if (!rule.require_context_evidence && !modeRequired && rule.max_context_age_seconds <= 0) return undefined;
  const reasons: string[] = [];
  const violations: string[] = [];
  const c = intent.context;
  if (c.context_set_digest === '') {
    reasons.push('context_evidence_missing', 'context_set_digest_missing');
    violations.push('missing_context_evidence');
  }
  if (modeRequired && c.context_evidence_mode !== 'required') {
    reasons.push('context_evidence_mode_mismatch');
    violations.push('context_evidence_mode_violation');
  }
  if (rule.max_context_age_seconds > 0) {
    const age = contextAge(intent);
    if (age === undefined || age > rule.max_context_age_seconds) {
      reasons.push('context_freshness_exceeded');
      violations.push('context_freshness_violation');
    }
  }
  return reasons.length > 0 ? { effect: 'block', reasons, violations } : undefined;
}

function hasCredentialPosture(rule: PolicyRule): boolean {
  return (
    rule.block_standing_credentials ||
    rule.require_jit_credential ||
    rule.max_credential_ttl_seconds > 0 ||
    rule.allowed_credential_sources.length > 0 ||
    rule.allowed_credential_issuers.length > 0 ||
    rule.allowed_credential_access_types.length > 0
  );
}

/**
 * HEAD credential posture. The reference's exact rules are not in the spec; these follow the one
 * observed decision (no credential context at all gives source/access-type unknown and
 * disallowed, issuer disallowed, standing disallowed and evidence missing) and the reason names
 * listed in gate.md §10.3. Every hit blocks.
 */
export function credentialConstraint(rule: PolicyRule, intent: NormalizedIntent): ConstraintHit | undefined {
  if (!hasCredentialPosture(rule)) return undefined;
  const x = intent.context.extra;
  const codes: string[] = [];
  if (x.credential_ref === '') codes.push('credential_evidence_missing');
  if (rule.allowed_credential_sources.length > 0) {
    if (x.credential_source === '') codes.push('credential_source_unknown');
    if (!rule.allowed_credential_sources.includes(x.credential_source)) codes.push('credential_source_disallowed');
  }
  if (rule.allowed_credential_issuers.length > 0 && !rule.allowed_credential_issuers.includes(x.credential_issuer.toLowerCase())) {
    codes.push('credential_issuer_disallowed');
  }
  if (rule.allowed_credential_access_types.length > 0) {
    if (x.credential_access_type === '') codes.push('credential_access_type_unknown');
    if (!rule.allowed_credential_access_types.includes(x.credential_access_type)) codes.push('credential_access_type_disallowed');
  }
  if (rule.block_standing_credentials && x.credential_access_type !== 'jit') codes.push('standing_credential_disallowed');
  if (rule.require_jit_credential && x.credential_access_type !== '' && x.credential_access_type !== 'jit') codes.push('credential_not_jit');
  if (rule.max_credential_ttl_seconds > 0 && x.credential_ttl_seconds > rule.max_credential_ttl_seconds) codes.push('credential_ttl_exceeded');
  return codes.length > 0 ? { effect: 'block', reasons: codes, violations: [...codes] } : undefined;
}
