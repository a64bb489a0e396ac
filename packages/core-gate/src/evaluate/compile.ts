/**
 * A policy compiled for repeated evaluation: list fields become Sets, endpoint patterns become
 * matcher functions, and rules are indexed by tool name so an intent only visits rules that can
 * match it. `evaluateIntent` gives exactly what a rule-by-rule walk gives.
 */
import type { NormalizedIntent } from '../intent/types.js';
import { policyDigest } from '../policy/digest.js';
import type { Policy, PolicyRule } from '../policy/types.js';
import { type Matcher, compileDomainPatterns, compilePathPatterns } from './patterns.js';
import { ruleMatches } from './match.js';

export interface CompiledEndpoint {
  pathAllow: Matcher | undefined;
  pathDeny: Matcher | undefined;
  domainAllow: Matcher | undefined;
  domainDeny: Matcher | undefined;
  egress: ReadonlySet<string>;
}

export interface CompiledRule {
  rule: PolicyRule;
  /** Position in the sorted rule list. */
  index: number;
  matches: (intent: NormalizedIntent) => boolean;
  endpoint: CompiledEndpoint | undefined;
  sets: {
    taintedSources: ReadonlySet<string>;
    dataflowKinds: ReadonlySet<string>;
    dataflowValues: ReadonlySet<string>;
    dataflowOps: ReadonlySet<string>;
  };
}

export interface CompiledPolicy {
  readonly policy: Policy;
  readonly policyDigest: string;
  readonly rules: readonly CompiledRule[];
  /** Rules that may match an intent with this tool name, in evaluation order. */
  candidates(toolName: string): readonly CompiledRule[];
}

function compileRule(rule: PolicyRule, index: number): CompiledRule {
  const e = rule.endpoint;
  return {
    rule,
    index,
    matches: ruleMatches(rule.match),
    endpoint: e.enabled
      ? {
          pathAllow: e.path_allowlist.length > 0 ? compilePathPatterns(e.path_allowlist) : undefined,
          pathDeny: e.path_denylist.length > 0 ? compilePathPatterns(e.path_denylist) : undefined,
          domainAllow: e.domain_allowlist.length > 0 ? compileDomainPatterns(e.domain_allowlist) : undefined,
          domainDeny: e.domain_denylist.length > 0 ? compileDomainPatterns(e.domain_denylist) : undefined,
          egress: new Set(e.egress_classes),
        }
      : undefined,
    sets: {
      taintedSources: new Set(rule.dataflow.tainted_sources),
      dataflowKinds: new Set(rule.dataflow.destination_kinds),
      dataflowValues: new Set(rule.dataflow.destination_values),
      dataflowOps: new Set(rule.dataflow.destination_operations),
    },
  };
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const rules = policy.rules.map(compileRule);
  const generic = rules.filter((r) => r.rule.match.tool_names.length === 0);
  const byTool = new Map<string, CompiledRule[]>();
  for (const r of rules) {
    for (const tool of r.rule.match.tool_names) {
      let list = byTool.get(tool);
      if (!list) byTool.set(tool, (list = []));
      list.push(r);
    }
  }
  const merged = new Map<string, readonly CompiledRule[]>();
  let digest: string | undefined;
  return {
    policy,
    // Hashing the whole policy costs more than evaluating it; only callers that report it pay.
    get policyDigest() {
      return (digest ??= policyDigest(policy));
    },
    rules,
    candidates(toolName) {
      const specific = byTool.get(toolName);
      if (!specific) return generic;
      let list = merged.get(toolName);
      if (!list) {
        list = [...generic, ...specific].sort((a, b) => a.index - b.index);
        merged.set(toolName, list);
      }
      return list;
    },
  };
}
