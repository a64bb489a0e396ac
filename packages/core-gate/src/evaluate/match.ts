/** `ruleMatches` (gate.md §3.2): AND across the set fields, ANY within a list. */
import { goLower, goTrim } from '../go/strings.js';
import type { IntentTarget, NormalizedIntent } from '../intent/types.js';
import type { PolicyMatch, ToolAnnotationsMatch } from '../policy/types.js';

type Check = (intent: NormalizedIntent) => boolean;

function setOrUndefined(values: readonly string[]): ReadonlySet<string> | undefined {
  return values.length > 0 ? new Set(values) : undefined;
}

function someTarget(set: ReadonlySet<string>, pick: (t: IntentTarget) => string): Check {
  return (intent) => intent.targets.some((t) => set.has(pick(t)));
}

function annotationsCheck(a: ToolAnnotationsMatch): Check | undefined {
  const wanted: [keyof IntentTarget, boolean][] = [];
  if (a.readOnlyHint !== undefined) wanted.push(['read_only_hint', a.readOnlyHint]);
  if (a.destructiveHint !== undefined) wanted.push(['destructive_hint', a.destructiveHint]);
  if (a.idempotentHint !== undefined) wanted.push(['idempotent_hint', a.idempotentHint]);
  if (a.openWorldHint !== undefined) wanted.push(['open_world_hint', a.openWorldHint]);
  if (wanted.length === 0) return undefined;
  return (intent) => intent.targets.some((t) => wanted.every(([key, value]) => t[key] === value));
}

function delegationCheck(m: PolicyMatch): Check | undefined {
  const active =
    m.require_delegation ||
    m.allowed_delegator_identities.length > 0 ||
    m.allowed_delegate_identities.length > 0 ||
    m.delegation_scopes.length > 0 ||
    m.max_delegation_depth !== undefined;
  if (!active) return undefined;
  const delegators = setOrUndefined(m.allowed_delegator_identities);
  const delegates = setOrUndefined(m.allowed_delegate_identities);
  const scopes = setOrUndefined(m.delegation_scopes);
  const maxDepth = m.max_delegation_depth;
  return (intent) => {
    const d = intent.delegation;
    if (!d) return false;
    if (maxDepth !== undefined && d.chain.length > maxDepth) return false;
    if (delegators && !d.chain.some((l) => delegators.has(l.delegator_identity))) return false;
    if (delegates && !delegates.has(d.requester_identity) && !d.chain.some((l) => delegates.has(l.delegate_identity))) return false;
    if (scopes && !scopes.has(d.scope_class) && !d.chain.some((l) => scopes.has(l.scope_class))) return false;
    return true;
  };
}

/** Build the match predicate once; each check is present only when its field is set. */
export function ruleMatches(m: PolicyMatch): Check {
  const checks: Check[] = [];
  const tools = setOrUndefined(m.tool_names);
  if (tools) checks.push((i) => tools.has(i.tool_name));
  const risks = setOrUndefined(m.risk_classes);
  if (risks) checks.push((i) => risks.has(i.context.risk_class));
  const identities = setOrUndefined(m.identities);
  if (identities) checks.push((i) => identities.has(i.context.identity));
  if (m.workspace_prefixes.length > 0) {
    const prefixes = m.workspace_prefixes;
    checks.push((i) => prefixes.some((p) => i.context.workspace.startsWith(p)));
  }
  for (const [values, pick] of [
    [m.target_kinds, (t: IntentTarget) => t.kind],
    [m.destination_kinds, (t: IntentTarget) => t.kind],
    [m.target_values, (t: IntentTarget) => t.value],
    [m.destination_values, (t: IntentTarget) => t.value],
    [m.endpoint_classes, (t: IntentTarget) => t.endpoint_class],
    [m.data_classes, (t: IntentTarget) => t.sensitivity],
    [m.destination_operations, (t: IntentTarget) => t.operation],
    [m.discovery_methods, (t: IntentTarget) => t.discovery_method],
  ] as const) {
    const set = setOrUndefined(values);
    if (set) checks.push(someTarget(set, pick));
  }
  const publishers = setOrUndefined(m.skill_publishers);
  if (publishers) checks.push((i) => i.skill_provenance !== undefined && publishers.has(goLower(goTrim(i.skill_provenance.publisher))));
  const skillSources = setOrUndefined(m.skill_sources);
  if (skillSources) checks.push((i) => i.skill_provenance !== undefined && skillSources.has(i.skill_provenance.source));
  const provenance = setOrUndefined(m.provenance_sources);
  if (provenance) checks.push((i) => i.arg_provenance.some((p) => provenance.has(p.source)));
  const annotations = m.tool_annotations && annotationsCheck(m.tool_annotations);
  if (annotations) checks.push(annotations);
  const delegation = delegationCheck(m);
  if (delegation) checks.push(delegation);
  if (checks.length === 0) return () => true;
  return (intent) => {
    for (const check of checks) if (!check(intent)) return false;
    return true;
  };
}
