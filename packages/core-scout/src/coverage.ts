import { compareBytes, compilePolicy, evaluateIntent, mostRestrictive, normalizeIntent, policyDigest, type Policy, type Verdict } from '@gait/core-gate';
import type { InventorySnapshot } from '@gait/core-schema';
import { isHighRisk } from './names.js';

/** How one discovered tool fares under the policies (our addition; the reference lists names only). */
export interface ToolVerdict {
  readonly id: string;
  readonly name: string;
  readonly risk_level: string;
  /** Named in some rule's `match.tool_names` (the reference's definition of gated). */
  readonly gated: boolean;
  /** Most restrictive verdict of the policies for a bare call of the tool (no args, no targets). */
  readonly verdict: Verdict;
  /** Rules that decided it, as `<policy_digest[:12]>:<rule>`; empty when a default verdict applied. */
  readonly matched_rules: string[];
}

/** The reference's coverage report, plus `tool_verdicts`. */
export interface CoverageReport {
  snapshot_id: string;
  discovered_tools: number;
  gated_tools: number;
  high_risk_ungated_tools: number;
  coverage_percent: number;
  policy_digests: string[];
  discovered_tool_names: string[];
  gated_tool_names: string[];
  high_risk_ungated_tool_ids: string[];
  tool_verdicts: ToolVerdict[];
}

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort(compareBytes);

/**
 * Coverage of a snapshot by policies, as the reference computes it: a tool is gated when its
 * lower-cased name appears in some rule's `match.tool_names`; the percentage is gated discovered
 * names over discovered names (100 when nothing was found), rounded to 2 decimals. High-risk
 * ungated items are what to gate next.
 *
 * Each tool is also run through the gate (`evaluateIntent`) as a bare call, so a team sees which
 * rule or default verdict would decide it today; a tool no rule names usually falls to
 * `default_<verdict>`.
 */
export function computeCoverage(snapshot: InventorySnapshot, policies: readonly Policy[]): CoverageReport {
  const toolItems = snapshot.items.filter((item) => item.kind === 'tool' || item.kind === 'mcp_server');
  const discovered = sortedUnique(toolItems.map((item) => item.name.toLowerCase()));
  const gatedNames = sortedUnique(policies.flatMap((policy) => policy.rules.flatMap((rule) => rule.match.tool_names.map((name) => name.toLowerCase()))));
  const gatedSet = new Set(gatedNames);
  const gatedCount = discovered.filter((name) => gatedSet.has(name)).length;
  const highRiskUngated = sortedUnique(toolItems.filter((item) => isHighRisk(item.risk_level) && !gatedSet.has(item.name.toLowerCase())).map((item) => item.id));
  const percent = discovered.length === 0 ? 100 : Math.round((gatedCount / discovered.length) * 10000) / 100;
  const compiled = policies.map((policy) => ({ digest: policyDigest(policy), compiled: compilePolicy(policy) }));
  return {
    snapshot_id: snapshot.snapshot_id,
    discovered_tools: discovered.length,
    gated_tools: gatedCount,
    high_risk_ungated_tools: highRiskUngated.length,
    coverage_percent: percent,
    policy_digests: sortedUnique(compiled.map((entry) => entry.digest)),
    discovered_tool_names: discovered,
    gated_tool_names: gatedNames,
    high_risk_ungated_tool_ids: highRiskUngated,
    tool_verdicts: toolItems.filter((item) => item.name.trim() !== '').map((item) => {
      const intent = normalizeIntent({
        tool_name: item.name,
        args: {},
        context: { identity: 'gait-scout', workspace: snapshot.workspace ?? '.', risk_class: item.risk_level ?? 'low' },
      });
      let verdict: Verdict = 'allow';
      const matched: string[] = [];
      for (const entry of compiled) {
        const outcome = evaluateIntent(entry.compiled, intent);
        verdict = mostRestrictive(verdict, outcome.result.verdict);
        for (const rule of outcome.matched_rules) matched.push(`${entry.digest.slice(0, 12)}:${rule}`);
      }
      return {
        id: item.id,
        name: item.name,
        risk_level: item.risk_level ?? 'low',
        gated: gatedSet.has(item.name.toLowerCase()),
        verdict,
        matched_rules: sortedUnique(matched),
      };
    }),
  };
}
