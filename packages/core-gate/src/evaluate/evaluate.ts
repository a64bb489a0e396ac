/** `evaluateIntent`: the gate decision for one normalized intent (gate.md §3.1 with HEAD §10.2). */
import { uniqueSorted } from '../go/strings.js';
import { resultCreatedAt } from '../intent/normalize.js';
import type { NormalizedIntent } from '../intent/types.js';
import type { RateLimitSpec, Verdict } from '../policy/types.js';
import type { CompiledPolicy, CompiledRule } from './compile.js';
import { contextConstraint, credentialConstraint, dataflowConstraint, endpointConstraint } from './constraints.js';
import { stripUnverifiedContextEvidence } from './context-evidence.js';
import type { EvalOutcome, EvaluateOptions, GateResult } from './types.js';
import { mostRestrictive, sanitizeRuleName } from './verdicts.js';

const NO_LIMIT: RateLimitSpec = { requests: 0, window: '', scope: '' };

interface RuleDecision {
  compiled: CompiledRule;
  effect: Verdict;
  reasons: string[];
  violations: string[];
  dataflowTriggered: boolean;
}

/** One matched rule's effect after its constraints (gate.md §3.1 step 4). */
export function decideRule(compiled: CompiledRule, intent: NormalizedIntent): RuleDecision {
  const rule = compiled.rule;
  let effect: Verdict = rule.effect;
  const reasons = rule.reason_codes.length > 0 ? [...rule.reason_codes] : [`matched_rule_${sanitizeRuleName(rule.name)}`];
  const violations = [...rule.violations];
  const dataflow = dataflowConstraint(compiled, intent);
  if (dataflow) {
    // The reference replaces the effect here (a block rule can become require_approval).
    effect = dataflow.effect;
    reasons.push(...dataflow.reasons);
    violations.push(...dataflow.violations);
  }
  for (const hit of [endpointConstraint(compiled, intent), contextConstraint(rule, intent), credentialConstraint(rule, intent)]) {
    if (!hit) continue;
    effect = mostRestrictive(effect, hit.effect);
    reasons.push(...hit.reasons);
    violations.push(...hit.violations);
  }
  // HEAD destructive default, applied per matched rule before aggregation (the default verdict is
  // not subject to it): approval in phase apply, a dry run in phase plan; stricter effects stay.
  if (intent.targets.some((t) => t.destructive)) {
    const plan = intent.context.phase === 'plan';
    effect = mostRestrictive(effect, plan ? 'dry_run' : 'require_approval');
    reasons.push(plan ? 'plan_phase_non_destructive' : 'destructive_apply_requires_approval');
  }
  return { compiled, effect, reasons, violations, dataflowTriggered: dataflow !== undefined };
}

const NOT_FAIL_CLOSED: { reasons: string[]; violations: string[] } = Object.freeze({ reasons: [], violations: [] });

function failClosedReasons(compiled: CompiledPolicy, intent: NormalizedIntent): { reasons: string[]; violations: string[] } {
  const fc = compiled.policy.fail_closed;
  if (!fc.enabled || fc.risk_classes.length === 0 || !fc.risk_classes.includes(intent.context.risk_class)) return NOT_FAIL_CLOSED;
  const reasons: string[] = [];
  const violations: string[] = [];
  const unknownClass = intent.targets.some((t) => t.endpoint_class === '' || t.endpoint_class === 'other');
  for (const field of fc.required_fields) {
    if (field === 'targets' && intent.targets.length === 0) {
      reasons.push('fail_closed_missing_targets');
      violations.push('missing_targets');
    } else if (field === 'arg_provenance' && intent.arg_provenance.length === 0) {
      reasons.push('fail_closed_missing_arg_provenance');
      violations.push('missing_arg_provenance');
    } else if (field === 'endpoint_class' && unknownClass) {
      reasons.push('fail_closed_missing_endpoint_class');
      violations.push('missing_endpoint_class');
    } else if (field === 'delegation' && !intent.delegation) {
      reasons.push('fail_closed_missing_delegation');
      violations.push('missing_delegation');
    } else if (field === 'context_evidence' && intent.context.context_set_digest === '') {
      reasons.push('context_evidence_missing');
      violations.push('missing_context_evidence');
    }
  }
  if (unknownClass) {
    reasons.push('fail_closed_endpoint_class_unknown');
    violations.push('endpoint_class_unknown');
  }
  return { reasons, violations };
}

function baseOutcome(intent: NormalizedIntent, verdict: Verdict, reasons: string[], violations: string[], producerVersion: string): EvalOutcome {
  const result: GateResult = {
    schema_id: 'gait.gate.result',
    schema_version: '1.0.0',
    created_at: resultCreatedAt(intent.created_at),
    producer_version: producerVersion,
    verdict,
    reason_codes: uniqueSorted(reasons),
    violations: uniqueSorted(violations),
  };
  return {
    result,
    matched_rule: '',
    matched_rules: [],
    min_approvals: 0,
    require_distinct_approvers: false,
    require_broker_credential: false,
    require_delegation: false,
    broker_reference: '',
    broker_scopes: [],
    rate_limit: NO_LIMIT,
    destructive_budget: NO_LIMIT,
    dataflow_triggered: false,
    fail_closed_reason_codes: [],
    phase: intent.context.phase,
  };
}

/** The rules that match at the first matching priority (HEAD evaluates all of them). */
function matchingTier(compiled: CompiledPolicy, intent: NormalizedIntent): CompiledRule[] {
  const tier: CompiledRule[] = [];
  for (const candidate of compiled.candidates(intent.tool_name)) {
    if (tier.length > 0 && candidate.rule.priority !== tier[0]!.rule.priority) break;
    if (candidate.matches(intent)) tier.push(candidate);
  }
  return tier;
}

export function evaluateIntent(compiled: CompiledPolicy, normalized: NormalizedIntent, options: EvaluateOptions = {}): EvalOutcome {
  const producerVersion = options.producerVersion ?? '0.0.0-dev';
  const intent = options.contextEvidenceVerified ? normalized : stripUnverifiedContextEvidence(normalized);
  const failClosed = failClosedReasons(compiled, intent);
  if (failClosed.reasons.length > 0) {
    const outcome = baseOutcome(intent, 'block', failClosed.reasons, failClosed.violations, producerVersion);
    outcome.fail_closed_reason_codes = outcome.result.reason_codes;
    return outcome;
  }
  const tier = matchingTier(compiled, intent);
  let outcome: EvalOutcome;
  if (tier.length === 0) {
    const verdict = compiled.policy.default_verdict;
    outcome = baseOutcome(intent, verdict, [`default_${verdict}`], [], producerVersion);
    outcome.min_approvals = verdict === 'require_approval' ? 1 : 0;
  } else {
    const decisions = tier.map((c) => decideRule(c, intent));
    let verdict: Verdict = 'allow';
    for (const d of decisions) verdict = mostRestrictive(verdict, d.effect);
    // One pass over the deciding rules (the most restrictive effect), in tier order.
    const reasons: string[] = [];
    const violations: string[] = [];
    const brokerScopes: string[] = [];
    let minApprovals = -Infinity;
    let distinct = false;
    let broker = false;
    let delegation = false;
    let brokerReference = '';
    let rateLimit = NO_LIMIT;
    let destructiveBudget = NO_LIMIT;
    let dataflow = false;
    for (const d of decisions) {
      if (d.effect !== verdict) continue;
      const r = d.compiled.rule;
      reasons.push(...d.reasons);
      violations.push(...d.violations);
      brokerScopes.push(...r.broker_scopes);
      minApprovals = Math.max(minApprovals, r.min_approvals);
      distinct ||= r.require_distinct_approvers;
      broker ||= r.require_broker_credential;
      delegation ||= r.match.require_delegation;
      if (brokerReference === '') brokerReference = r.broker_reference;
      if (rateLimit === NO_LIMIT && r.rate_limit.requests > 0) rateLimit = r.rate_limit;
      if (destructiveBudget === NO_LIMIT && r.destructive_budget.requests > 0) destructiveBudget = r.destructive_budget;
      dataflow ||= d.dataflowTriggered;
    }
    outcome = baseOutcome(intent, verdict, reasons, violations, producerVersion);
    outcome.matched_rules = uniqueSorted(tier.map((c) => c.rule.name));
    outcome.matched_rule = outcome.matched_rules.join(',');
    outcome.min_approvals = minApprovals;
    outcome.require_distinct_approvers = distinct;
    outcome.require_broker_credential = broker;
    outcome.require_delegation = delegation;
    outcome.broker_reference = brokerReference;
    outcome.broker_scopes = uniqueSorted(brokerScopes);
    outcome.rate_limit = rateLimit;
    outcome.destructive_budget = destructiveBudget;
    outcome.dataflow_triggered = dataflow;
  }
  if (outcome.result.verdict === 'require_approval' && outcome.min_approvals === 0) outcome.min_approvals = 1;
  return outcome;
}
