import { Command, Option } from 'clipanion';
import { cliVersion } from '../../version.js';
import { GaitCommand } from '../../gait-command.js';
import { locate, parseCsv } from '../runpack-support.js';
import { scoutFamily } from './family.js';

/** `gait scout signal --runs ...`: cluster runs into incident families and rank them offline. */
export class ScoutSignalCommand extends GaitCommand {
  static override paths = [['scout', 'signal']];
  static override family = scoutFamily;
  static override explain = 'Cluster incident families from runpacks and emit deterministic offline drift/risk signals.';
  static override usage = Command.Usage({
    description: 'Group runs whose actions, targets and failures match into families, ranked by severity.',
    details: 'Traces and regress results add reason codes to the runs they name. The report is dated 1980-01-01 so it is reproducible.',
    examples: [['Rank three runs with their traces', '$0 scout signal --runs run_a,run_b,run_c --traces trace_a.json --json']],
  });

  runs = Option.String('--runs', { description: 'Run ids or runpack paths, comma-separated (arguments are added)' });
  traces = Option.String('--traces', { description: 'Trace files, comma-separated' });
  regress = Option.String('--regress', { description: 'regress_result.json files, comma-separated' });
  out = Option.String('--out', { description: 'Report path (default ./gait-out/scout_signal_report.json)' });
  rest = Option.Rest({ name: 'run' });

  protected async run(): Promise<number> {
    const scout = await import('@gait/core-scout');
    const report = await scout.buildSignalReport({
      runs: [...parseCsv(this.runs), ...this.rest.map((v) => v.trim()).filter((v) => v !== '')],
      traces: parseCsv(this.traces),
      regress: parseCsv(this.regress),
      cwd: this.context.cwd,
      producerVersion: cliVersion,
    });
    const out = (this.out ?? '').trim() || scout.DEFAULT_SIGNAL_REPORT_PATH;
    await scout.writeJsonArtifact(locate(this.context.cwd, out).io, report, 'indent');
    const json = { ok: true, output_path: out, run_count: report.run_count, family_count: report.family_count, top_issues: report.top_issues.length, report };
    const text = [
      `scout signal ok: runs=${report.run_count} families=${report.family_count} top_issues=${report.top_issues.length}`,
      `output: ${out}`,
      ...report.top_issues.map(
        (issue) => `top_issue: family=${issue.family_id} severity=${issue.severity_level} score=${issue.severity_score} reason=${issue.top_failure_reason ?? ''}`,
      ),
    ];
    return this.emit(json, text);
  }
}
