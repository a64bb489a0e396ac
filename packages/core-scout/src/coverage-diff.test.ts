import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePolicyYaml } from '@gait/core-gate';
import { readFileSync } from 'node:fs';
import { announceSkip, conformanceDir, hasConformance } from '../../../test-support/conformance.js';
import { computeCoverage } from './coverage.js';
import { diffSnapshots, isDiffEmpty, parseSnapshot } from './diff.js';
import { buildSnapshot } from './snapshot.js';
import { AGENT_TREE, POLICY_YAML, makeTree } from './test-tree.js';

announceSkip('scout coverage against the reference example policies', hasConformance, conformanceDir);

const root = makeTree(AGENT_TREE);
afterAll(() => rmSync(root, { recursive: true, force: true }));
const snapshot = buildSnapshot({ cwd: root, createdAt: '2026-02-05T00:00:00Z' });

describe('computeCoverage', () => {
  const coverage = computeCoverage(snapshot, [parsePolicyYaml(POLICY_YAML)]);

  it('counts gated names and lists the high-risk tools no rule names', () => {
    expect(coverage).toMatchObject({
      discovered_tools: 7,
      gated_tools: 3,
      high_risk_ungated_tools: 2,
      coverage_percent: 42.86,
      gated_tool_names: ['delete_account', 'lookup', 'searchdocs'],
      high_risk_ungated_tool_ids: ['tool:framework:mcp:write_file', 'tool:framework:vercel_ai:sendemail'],
    });
    expect(coverage.policy_digests).toHaveLength(1);
  });

  it('runs every tool through the gate and reports the deciding rule or default', () => {
    const byName = Object.fromEntries(coverage.tool_verdicts.map((v) => [v.name, v]));
    expect(byName.delete_account).toMatchObject({ gated: true, verdict: 'block' });
    expect(byName.delete_account?.matched_rules[0]).toMatch(/^[0-9a-f]{12}:block-delete$/);
    expect(byName.searchDocs).toMatchObject({ gated: true, verdict: 'allow' });
    expect(byName.sendEmail).toMatchObject({ gated: false, verdict: 'require_approval', matched_rules: [] });
  });

  it('is 100 percent when nothing was discovered', () => {
    expect(computeCoverage({ ...snapshot, items: [] }, [parsePolicyYaml(POLICY_YAML)]).coverage_percent).toBe(100);
  });

  it.runIf(hasConformance)('uses every policy given (reference example policies)', () => {
    const policies = ['base_high_risk.yaml', 'base_low_risk.yaml'].map((f) => parsePolicyYaml(readFileSync(join(conformanceDir, 'examples/policy', f), 'utf8')));
    const report = computeCoverage(snapshot, policies);
    expect(report.policy_digests).toHaveLength(2);
    expect(report.gated_tool_names).toContain('tool.write');
  });
});

describe('diffSnapshots', () => {
  it('is empty for the same tree and reports added, removed and changed items by id', () => {
    expect(isDiffEmpty(diffSnapshots(snapshot, buildSnapshot({ cwd: root })))).toBe(true);
    const [first, second, ...rest] = snapshot.items;
    const changed = { ...second!, locator: 'moved.ts', risk_level: 'critical' as const };
    const added = { ...first!, id: 'tool:framework:mcp:zzz', name: 'zzz' };
    const diff = diffSnapshots(snapshot, { ...snapshot, items: [changed, ...rest, added] });
    expect(diff.added.map((i) => i.id)).toEqual(['tool:framework:mcp:zzz']);
    expect(diff.removed.map((i) => i.id)).toEqual([first!.id]);
    expect(diff.changed).toEqual([{ id: second!.id, kind: 'tool', name: second!.name, before_locator: second!.locator, after_locator: 'moved.ts', before_risk: 'low', after_risk: 'critical' }]);
    expect([diff.added_count, diff.removed_count, diff.changed_count]).toEqual([1, 1, 1]);
  });

  it('rejects files that are not inventory snapshots', () => {
    expect(() => parseSnapshot('{"schema_id":"x","items":[]}', 'a.json')).toThrow(/schema_id must be gait\.scout\.inventory_snapshot/);
    expect(() => parseSnapshot('nope', 'a.json')).toThrow(/parse snapshot a\.json/);
  });
});
