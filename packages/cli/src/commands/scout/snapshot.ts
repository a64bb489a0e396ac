import { readFileSync } from 'node:fs';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { cliVersion } from '../../version.js';
import { GaitCommand } from '../../gait-command.js';
import { locate, parseCsv } from '../runpack-support.js';
import { scoutFamily } from './family.js';

/** `gait scout snapshot`: inventory the agent tools in a tree and, with `--policy`, their coverage. */
export class ScoutSnapshotCommand extends GaitCommand {
  static override paths = [['scout', 'snapshot']];
  static override family = scoutFamily;
  static override explain = 'Generate an inventory snapshot from workspace files and optionally compute gating coverage from policy files.';
  static override usage = Command.Usage({
    description: 'Inventory agent tools and MCP servers in a source tree; with --policy, report which are gated.',
    details: [
      'Finds tools in TypeScript and JavaScript (Vercel AI SDK, OpenAI Agents JS, LangChain.js, MCP servers; parsed,',
      'so comments and strings never count), Python (LangChain, OpenAI Agents) and MCP client configs (JSON, YAML,',
      '`.mcp.json`). Skips .git, node_modules and __pycache__. Writes the snapshot (and the coverage report) under',
      './gait-out unless --out / --coverage-out say otherwise.',
    ].join(' '),
    examples: [
      ['Inventory the current folder', '$0 scout snapshot'],
      ['Coverage against two policies', '$0 scout snapshot --roots src,agents --policy policy.yaml,prod.yaml --json'],
    ],
  });

  roots = Option.String('--roots', { description: 'Folders to scan, comma-separated (default .)' });
  include = Option.String('--include', { description: 'Only paths matching one of these globs or substrings' });
  exclude = Option.String('--exclude', { description: 'Skip paths matching one of these globs or substrings' });
  policy = Option.String('--policy', { description: 'Policy files to compute coverage against, comma-separated' });
  out = Option.String('--out', { description: 'Snapshot path (default ./gait-out/inventory_snapshot_<id>.json)' });
  coverageOut = Option.String('--coverage-out', { description: 'Coverage path (default ./gait-out/inventory_coverage_<id>.json)' });

  protected async run(): Promise<number> {
    const scout = await import('@gait/core-scout');
    const { parsePolicyYaml } = await import('@gait/core-gate');
    const { cwd } = this.context;
    const snapshot = scout.buildSnapshot({
      roots: parseCsv(this.roots),
      include: parseCsv(this.include),
      exclude: parseCsv(this.exclude),
      cwd,
      producerVersion: cliVersion,
    });
    const snapshotPath = (this.out ?? '').trim() || scout.defaultSnapshotPath(snapshot.snapshot_id);
    const policies = parseCsv(this.policy).map((path) => {
      const text = readPolicyText(locate(cwd, path).io, path);
      return parsePolicyYaml(text);
    });
    await scout.writeJsonArtifact(locate(cwd, snapshotPath).io, snapshot);
    const json: Record<string, unknown> = { ok: true, snapshot_path: snapshotPath, snapshot_id: snapshot.snapshot_id, items: snapshot.items };
    const text = [`scout snapshot ok: ${snapshotPath}`];
    if (policies.length > 0) {
      const coverage = scout.computeCoverage(snapshot, policies);
      const coveragePath = (this.coverageOut ?? '').trim() || scout.defaultCoveragePath(snapshot.snapshot_id);
      await scout.writeJsonArtifact(locate(cwd, coveragePath).io, coverage);
      Object.assign(json, { coverage_path: coveragePath, coverage });
      text.push(
        `coverage: discovered=${coverage.discovered_tools} gated=${coverage.gated_tools} high_risk_ungated=${coverage.high_risk_ungated_tools} coverage_percent=${coverage.coverage_percent.toFixed(2)}`,
      );
      // Our addition: name what to gate next, since that is why a team runs this.
      for (const id of coverage.high_risk_ungated_tool_ids) text.push(`gate next: ${id}`);
    }
    return this.emit(json, text);
  }
}

function readPolicyText(ioPath: string, shown: string): string {
  try {
    return readFileSync(ioPath, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read policy ${shown}: ${error instanceof Error ? error.message : String(error)}`, { code: 'policy_unreadable' });
  }
}
