/**
 * The compiled evaluator against a deliberately plain rule-by-rule interpreter, on worked examples
 * from the spec and on generated policies and intents (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goPathMatch } from '../go/path-match.js';
import { uniqueSorted } from '../go/strings.js';
import { normalizeIntent } from '../intent/normalize.js';
import type { NormalizedIntent } from '../intent/types.js';
import { normalizePolicy, parsePolicyYaml } from '../policy/normalize.js';
import type { Policy, PolicyRule, Verdict } from '../policy/types.js';
import { compilePolicy } from './compile.js';
import { contextConstraint, credentialConstraint } from './constraints.js';
import { evaluateIntent } from './evaluate.js';
import { mostRestrictive, sanitizeRuleName } from './verdicts.js';

// ---- reference interpreter: no indexes, no precompiled sets, one rule at a time ----

function naiveMatches(rule: PolicyRule, i: NormalizedIntent): boolean {
  const m = rule.match;
  const some = (list: string[], values: string[]) => list.length === 0 || values.some((v) => list.includes(v));
  if (m.tool_names.length && !m.tool_names.includes(i.tool_name)) return false;
  if (m.risk_classes.length && !m.risk_classes.includes(i.context.risk_class)) return false;
  if (m.identities.length && !m.identities.includes(i.context.identity)) return false;
  if (m.workspace_prefixes.length && !m.workspace_prefixes.some((p) => i.context.workspace.startsWith(p))) return false;
  const t = i.targets;
  if (!some(m.target_kinds, t.map((x) => x.kind)) || !some(m.destination_kinds, t.map((x) => x.kind))) return false;
  if (!some(m.target_values, t.map((x) => x.value)) || !some(m.destination_values, t.map((x) => x.value))) return false;
  if (!some(m.endpoint_classes, t.map((x) => x.endpoint_class))) return false;
  if (!some(m.data_classes, t.map((x) => x.sensitivity))) return false;
  if (!some(m.destination_operations, t.map((x) => x.operation))) return false;
  if (!some(m.discovery_methods, t.map((x) => x.discovery_method))) return false;
  if (m.skill_publishers.length && !(i.skill_provenance && m.skill_publishers.includes(i.skill_provenance.publisher.toLowerCase().trim()))) return false;
  if (m.skill_sources.length && !(i.skill_provenance && m.skill_sources.includes(i.skill_provenance.source))) return false;
  if (!some(m.provenance_sources, i.arg_provenance.map((p) => p.source))) return false;
  const delegationSet =
    m.require_delegation || m.allowed_delegator_identities.length || m.allowed_delegate_identities.length || m.delegation_scopes.length || m.max_delegation_depth !== undefined;
  if (delegationSet) {
    const d = i.delegation;
    if (!d) return false;
    if (m.max_delegation_depth !== undefined && d.chain.length > m.max_delegation_depth) return false;
    if (!some(m.allowed_delegator_identities, d.chain.map((l) => l.delegator_identity))) return false;
    if (!some(m.allowed_delegate_identities, [d.requester_identity, ...d.chain.map((l) => l.delegate_identity)])) return false;
    if (!some(m.delegation_scopes, [d.scope_class, ...d.chain.map((l) => l.scope_class)])) return false;
  }
  return true;
}

function naivePath(pattern: string, value: string): boolean {
  if (pattern === '') return false;
  if (pattern === value) return true;
  if (pattern.endsWith('/**')) return value === pattern.slice(0, -3) || value.startsWith(pattern.slice(0, -2));
  return goPathMatch(pattern, value);
}

function naiveDomain(pattern: string, domain: string): boolean {
  return pattern === domain || (pattern.startsWith('*.') && domain.endsWith(pattern.slice(1))) || goPathMatch(pattern, domain);
}

function naiveRule(rule: PolicyRule, i: NormalizedIntent): { effect: Verdict; reasons: string[]; violations: string[] } {
  let effect: Verdict = rule.effect;
  const reasons = rule.reason_codes.length ? [...rule.reason_codes] : [`matched_rule_${sanitizeRuleName(rule.name)}`];
  const violations = [...rule.violations];
  const df = rule.dataflow;
  if (df.enabled && i.arg_provenance.some((p) => df.tainted_sources.includes(p.source)) && i.targets.length > 0) {
    const filtered = df.destination_kinds.length + df.destination_values.length + df.destination_operations.length > 0;
    const hit = i.targets.some((t) =>
      filtered
        ? (!df.destination_kinds.length || df.destination_kinds.includes(t.kind)) &&
          (!df.destination_values.length || df.destination_values.includes(t.value)) &&
          (!df.destination_operations.length || df.destination_operations.includes(t.operation))
        : ['host', 'url', 'bucket', 'queue', 'topic'].includes(t.kind),
    );
    if (hit) {
      effect = df.action as Verdict;
      reasons.push(df.reason_code);
      violations.push(df.violation);
    }
  }
  const e = rule.endpoint;
  if (e.enabled) {
    const codes: string[] = [];
    for (const t of i.targets) {
      if (t.kind === 'path') {
        if (e.path_denylist.length && e.path_denylist.some((p) => naivePath(p, t.value))) codes.push('endpoint_path_denied');
        if (e.path_allowlist.length && !e.path_allowlist.some((p) => naivePath(p, t.value))) codes.push('endpoint_path_not_allowlisted');
      }
      if (t.endpoint_domain) {
        if (e.domain_denylist.some((p) => naiveDomain(p, t.endpoint_domain))) codes.push('endpoint_domain_denied');
        if (e.domain_allowlist.length && !e.domain_allowlist.some((p) => naiveDomain(p, t.endpoint_domain))) codes.push('endpoint_domain_not_allowlisted');
      }
      if (t.endpoint_class.startsWith('net.') && e.egress_classes.length && !e.egress_classes.includes(t.endpoint_class)) codes.push('endpoint_egress_class_not_allowed');
    }
    let endpointEffect = e.action as Verdict;
    const destructive = e.destructive_action !== '' && i.targets.some((t) => t.destructive);
    if (destructive) endpointEffect = mostRestrictive(endpointEffect, e.destructive_action);
    if (codes.length || destructive) {
      effect = mostRestrictive(effect, endpointEffect);
      reasons.push(...codes, ...(destructive ? ['endpoint_destructive_operation'] : []), e.reason_code);
      violations.push(...codes, ...(destructive ? ['destructive_operation'] : []), e.violation);
    }
  }
  for (const hit of [contextConstraint(rule, i), credentialConstraint(rule, i)]) {
    if (!hit) continue;
    effect = mostRestrictive(effect, hit.effect);
    reasons.push(...hit.reasons);
    violations.push(...hit.violations);
  }
  if (i.targets.some((t) => t.destructive)) {
    const plan = i.context.phase === 'plan';
    effect = mostRestrictive(effect, plan ? 'dry_run' : 'require_approval');
    reasons.push(plan ? 'plan_phase_non_destructive' : 'destructive_apply_requires_approval');
  }
  return { effect, reasons, violations };
}

function interpret(policy: Policy, i: NormalizedIntent): { verdict: Verdict; reasons: string[]; violations: string[]; matched: string } {
  const fc = policy.fail_closed;
  if (fc.enabled && fc.risk_classes.includes(i.context.risk_class)) {
    // Fail-closed is shared logic; the compiled evaluator is compared on rule selection below.
    const probe = evaluateIntent(compilePolicy(policy), i, { contextEvidenceVerified: true });
    if (probe.fail_closed_reason_codes.length) return { verdict: 'block', reasons: probe.result.reason_codes, violations: probe.result.violations, matched: '' };
  }
  const matched = policy.rules.filter((r) => naiveMatches(r, i));
  if (matched.length === 0) return { verdict: policy.default_verdict, reasons: [`default_${policy.default_verdict}`], violations: [], matched: '' };
  const tier = matched.filter((r) => r.priority === matched[0]!.priority);
  const decided = tier.map((r) => ({ rule: r, ...naiveRule(r, i) }));
  const verdict = decided.reduce<Verdict>((v, d) => mostRestrictive(v, d.effect), 'allow');
  const deciding = decided.filter((d) => d.effect === verdict);
  return {
    verdict,
    reasons: uniqueSorted(deciding.flatMap((d) => d.reasons)),
    violations: uniqueSorted(deciding.flatMap((d) => d.violations)),
    matched: uniqueSorted(tier.map((r) => r.name)).join(','),
  };
}

function compare(policy: Policy, intent: NormalizedIntent): void {
  const compiled = evaluateIntent(compilePolicy(policy), intent, { contextEvidenceVerified: true });
  const want = interpret(policy, intent);
  expect({
    verdict: compiled.result.verdict,
    reasons: compiled.result.reason_codes,
    violations: compiled.result.violations,
    matched: compiled.matched_rule,
  }).toEqual(want);
}

// ---- worked examples (gate.md §7, with HEAD semantics) ----

const base = { tool_name: 'tool.demo', args: { x: 'y' }, targets: [], created_at: '2026-02-05T00:00:00Z', context: { identity: 'alice', workspace: '/repo/gait', risk_class: 'low' } };
const hostWrite = { kind: 'host', value: 'api.external.com', operation: 'write' };

const examples: { name: string; policy: string; intent: unknown; verdict: Verdict; reasons: string[]; violations: string[] }[] = [
  {
    name: 'E1 rule match',
    policy: `default_verdict: allow
rules:
  - {name: r, priority: 1, effect: block, reason_codes: [blocked_external], violations: [external_target],
     match: {tool_names: [tool.write], target_kinds: [host], target_values: [api.external.com], risk_classes: [high]}}`,
    intent: { ...base, tool_name: 'TOOL.WRITE', targets: [{ ...hostWrite, sensitivity: 'confidential', endpoint_class: 'net.http' }], context: { ...base.context, risk_class: 'HIGH' } },
    verdict: 'block',
    reasons: ['blocked_external'],
    violations: ['external_target'],
  },
  {
    name: 'E2 fail-closed missing fields',
    policy: 'default_verdict: allow\nfail_closed: {enabled: true, risk_classes: [high], required_fields: [targets, arg_provenance]}',
    intent: { ...base, context: { ...base.context, risk_class: 'high' } },
    verdict: 'block',
    reasons: ['fail_closed_missing_arg_provenance', 'fail_closed_missing_targets'],
    violations: ['missing_arg_provenance', 'missing_targets'],
  },
  {
    name: 'E3 fail-closed unknown endpoint class',
    policy: 'default_verdict: allow\nfail_closed: {enabled: true, risk_classes: [high]}',
    intent: { ...base, tool_name: 'tool.unknown', targets: [{ kind: 'path', value: '/tmp/out.txt' }], context: { ...base.context, risk_class: 'high' } },
    verdict: 'block',
    reasons: ['fail_closed_endpoint_class_unknown'],
    violations: ['endpoint_class_unknown'],
  },
  { name: 'E6 default dry_run', policy: 'default_verdict: dry_run', intent: base, verdict: 'dry_run', reasons: ['default_dry_run'], violations: [] },
  {
    name: 'E7 sanitized rule name',
    policy: 'default_verdict: allow\nrules:\n  - {name: "Block External Host-1", effect: block, match: {tool_names: [tool.write]}}',
    intent: { ...base, tool_name: 'tool.write' },
    verdict: 'block',
    reasons: ['matched_rule_block_external_host_1'],
    violations: [],
  },
  {
    name: 'E8 dataflow replaces the effect',
    policy: `rules:
  - name: tainted-egress
    effect: allow
    match: {tool_names: [tool.write]}
    dataflow: {tainted_sources: [external, tool_output], destination_kinds: [host], destination_operations: [write],
               action: require_approval, reason_code: dataflow_tainted_egress, violation: tainted_egress}`,
    intent: { ...base, tool_name: 'tool.write', targets: [hostWrite], arg_provenance: [{ arg_path: '$.x', source: 'external' }] },
    verdict: 'require_approval',
    reasons: ['dataflow_tainted_egress', 'matched_rule_tainted_egress'],
    violations: ['tainted_egress'],
  },
  {
    name: 'E11 endpoint path and domain',
    policy: `rules:
  - name: endpoint-guard
    effect: allow
    endpoint: {path_allowlist: [/tmp/safe/**], path_denylist: [/tmp/safe/blocked/**], domain_allowlist: [api.internal.local],
               egress_classes: [net.http], action: block, reason_code: endpoint_policy_violation, violation: endpoint_policy_violation}`,
    intent: {
      ...base,
      tool_name: 'tool.write',
      targets: [
        { kind: 'path', value: '/tmp/safe/blocked/file.txt', operation: 'write' },
        { kind: 'url', value: 'https://api.external.com/export' },
      ],
    },
    verdict: 'block',
    reasons: ['endpoint_domain_not_allowlisted', 'endpoint_path_denied', 'endpoint_policy_violation', 'matched_rule_endpoint_guard'],
    violations: ['endpoint_domain_not_allowlisted', 'endpoint_path_denied', 'endpoint_policy_violation'],
  },
  {
    name: 'E16 context evidence (intent claims)',
    policy: 'rules:\n  - {name: ctx, effect: require_approval, require_context_evidence: true, max_context_age_seconds: 30}',
    intent: { ...base, context: { ...base.context, context_evidence_mode: 'best_effort', auth_context: { context_age_seconds: 120 } } },
    verdict: 'block',
    reasons: ['context_evidence_missing', 'context_evidence_mode_mismatch', 'context_freshness_exceeded', 'context_set_digest_missing', 'matched_rule_ctx'],
    violations: ['context_evidence_mode_violation', 'context_freshness_violation', 'missing_context_evidence'],
  },
  {
    name: 'HEAD equal-priority aggregation',
    policy: 'rules:\n  - {name: b, priority: 1, effect: dry_run, reason_codes: [b_reason]}\n  - {name: a, priority: 1, effect: allow, reason_codes: [a_reason]}\n  - {name: c, priority: 2, effect: block}',
    intent: base,
    verdict: 'dry_run',
    reasons: ['b_reason'],
    violations: [],
  },
  {
    name: 'HEAD destructive default (apply)',
    policy: 'rules:\n  - {name: r, effect: allow}',
    intent: { ...base, targets: [{ kind: 'path', value: '/tmp/x', operation: 'delete' }] },
    verdict: 'require_approval',
    reasons: ['destructive_apply_requires_approval', 'matched_rule_r'],
    violations: [],
  },
  {
    name: 'HEAD destructive default (plan)',
    policy: 'rules:\n  - {name: r, effect: allow}',
    intent: { ...base, targets: [{ kind: 'path', value: '/tmp/x', operation: 'delete' }], context: { ...base.context, phase: 'plan' } },
    verdict: 'dry_run',
    reasons: ['matched_rule_r', 'plan_phase_non_destructive'],
    violations: [],
  },
];

describe('evaluateIntent', () => {
  it.each(examples.map((e) => [e.name, e] as const))('%s', (_name, e) => {
    const policy = parsePolicyYaml(e.policy);
    const intent = normalizeIntent(e.intent);
    const outcome = evaluateIntent(compilePolicy(policy), intent, { contextEvidenceVerified: true });
    expect(outcome.result).toMatchObject({ verdict: e.verdict, reason_codes: e.reasons, violations: e.violations });
    compare(policy, intent);
  });

  it('gives matched_rule as the sorted names of the first matching tier', () => {
    const policy = parsePolicyYaml('rules:\n  - {name: z, priority: 1, effect: allow}\n  - {name: y, priority: 1, effect: block}');
    const outcome = evaluateIntent(compilePolicy(policy), normalizeIntent(base));
    expect(outcome.matched_rule).toBe('y,z');
    expect(outcome.result.verdict).toBe('block');
  });

  it('sets min_approvals to 1 for require_approval without a count', () => {
    const outcome = evaluateIntent(compilePolicy(parsePolicyYaml('default_verdict: require_approval')), normalizeIntent(base));
    expect(outcome.min_approvals).toBe(1);
  });

  it('strips unverified context evidence by default (HEAD)', () => {
    const policy = parsePolicyYaml('rules:\n  - {name: ctx, effect: allow, require_context_evidence: true}');
    const intent = normalizeIntent({ ...base, context: { ...base.context, context_set_digest: 'a'.repeat(64), context_evidence_mode: 'required' } });
    expect(evaluateIntent(compilePolicy(policy), intent).result.verdict).toBe('block');
    expect(evaluateIntent(compilePolicy(policy), intent, { contextEvidenceVerified: true }).result.verdict).toBe('allow');
  });
});

// ---- generated policies × intents ----

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const small = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 2 });
const tools = ['tool.read', 'tool.write', 'tool.delete', 'shell.run', 'http.fetch'];
const kinds = ['path', 'url', 'host', 'bucket', 'other'];
const values = ['/tmp/a', '/etc/hosts', 'https://api.example.com/x', 'api.example.com', 'orders'];
const ops = ['', 'read', 'write', 'delete', 'exec'];

const matchArb = fc.record(
  {
    tool_names: small(pick(tools)),
    risk_classes: small(pick(['low', 'high', 'critical'])),
    target_kinds: small(pick(kinds)),
    target_values: small(pick(values)),
    endpoint_classes: small(pick(['fs.read', 'fs.write', 'fs.delete', 'net.http', 'proc.exec', 'other'])),
    provenance_sources: small(pick(['user', 'external', 'tool_output'])),
    identities: small(pick(['alice', 'bob'])),
    workspace_prefixes: small(pick(['/repo', '/tmp'])),
    destination_operations: small(pick(ops.filter(Boolean))),
    require_delegation: fc.boolean(),
    max_delegation_depth: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  },
  { requiredKeys: [] },
);

const ruleArb = fc.record(
  {
    name: pick(['a', 'b', 'c', 'Rule D']),
    priority: fc.integer({ min: 0, max: 3 }),
    effect: pick(['allow', 'block', 'dry_run', 'require_approval']),
    match: matchArb,
    reason_codes: small(pick(['r1', 'r2'])),
    violations: small(pick(['v1', 'v2'])),
    dataflow: fc.option(fc.record({ action: pick(['block', 'require_approval']), destination_kinds: small(pick(kinds)) }), { nil: undefined }),
    endpoint: fc.option(
      fc.record({
        path_allowlist: small(pick(['/tmp/**', '/etc/*'])),
        domain_denylist: small(pick(['*.example.com', 'api.*.com'])),
        destructive_action: pick(['', 'block', 'require_approval']),
      }),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['name', 'effect'] },
);

const policyArb = fc.record({
  default_verdict: pick(['allow', 'block', 'dry_run', 'require_approval']),
  rules: fc.array(ruleArb, { maxLength: 6 }),
});

const intentArb = fc.record({
  tool_name: pick(tools),
  args: fc.constant({}),
  targets: fc.array(fc.record({ kind: pick(kinds), value: pick(values), operation: pick(ops) }), { maxLength: 3 }),
  arg_provenance: fc.array(fc.record({ arg_path: fc.constant('$.x'), source: pick(['user', 'external', 'tool_output']) }), { maxLength: 2 }),
  delegation: fc.option(
    fc.record({
      requester_identity: pick(['alice', 'agent.b']),
      chain: fc.array(fc.record({ delegator_identity: pick(['lead', 'alice']), delegate_identity: pick(['agent.b']) }), { maxLength: 3 }),
    }),
    { nil: undefined },
  ),
  context: fc.record({ identity: pick(['alice', 'bob']), workspace: pick(['/repo/x', '/tmp']), risk_class: pick(['low', 'high']), phase: pick(['apply', 'plan']) }),
});

describe('compiled evaluator vs the reference interpreter', () => {
  it('agree on generated policies and intents', () => {
    fc.assert(
      fc.property(policyArb, intentArb, (rawPolicy, rawIntent) => {
        const policy = normalizePolicy(JSON.parse(JSON.stringify(rawPolicy)));
        compare(policy, normalizeIntent(rawIntent));
      }),
      { numRuns: 400 },
    );
  });
});

// The forwarding proxy remembers verdicts by everything in an intent but its args: evaluation
// must not read the args (or the digests, which are computed from them).
describe('evaluateIntent and args', () => {
  it('gives the same outcome whatever the args, on generated policies and intents', () => {
    const argsArb = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }).filter((k) => k.trim() !== ''), fc.jsonValue(), { maxKeys: 4 });
    fc.assert(
      fc.property(policyArb, intentArb, argsArb, (rawPolicy, rawIntent, args) => {
        fc.pre(JSON.stringify(args).match(/"\s*":/) === null); // no blank keys at any depth (refused at normalization)
        const compiled = compilePolicy(normalizePolicy(JSON.parse(JSON.stringify(rawPolicy))));
        const plain = evaluateIntent(compiled, normalizeIntent(rawIntent));
        const withArgs = evaluateIntent(compiled, normalizeIntent({ ...rawIntent, args: JSON.parse(JSON.stringify(args)) }));
        expect(withArgs).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });
});
