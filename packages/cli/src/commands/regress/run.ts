import { Command } from 'clipanion';
import { REGRESS_FAILED, outcomeText, runJson } from './report.js';
import { RegressRunFlags } from './run-options.js';

/** `gait regress run`: every fixture through every grader; exit 0 pass, 5 regression, 6 bad input. */
export class RegressRunCommand extends RegressRunFlags {
  static override paths = [['regress', 'run']];
  static override explain = 'Execute configured regress fixtures and graders with stable JSON output and exit codes.';
  static override usage = Command.Usage({
    description: 'Execute configured regress fixtures and graders with stable JSON output and exit codes.',
    details: [
      'Runs the schema_validation, expected_exit_code, diff and trajectory graders (and context_conformance when',
      'asked) on every fixture in the config, writes `regress_result.json` and, with `--junit`, a JUnit XML report',
      '(a suite per fixture, a test case per check). Exit 0 when all pass, 5 when any fails, 6 for bad input.',
    ].join(' '),
    examples: [
      ['Run the regressions', '$0 regress run'],
      ['Run them in CI with a JUnit report', '$0 regress run --junit gait-out/junit.xml --json'],
    ],
  });

  protected async run(): Promise<number> {
    const { runRegress } = await import('@gait/core-regress');
    const report = await runRegress(this.runOptions());
    const first = report.ok
      ? `regress run ok: fixture_set=${report.fixture_set} graders=${report.graders}`
      : `regress run failed: fixture_set=${report.fixture_set} failed=${report.failed}`;
    return this.emit(runJson(report), [first, ...outcomeText(report)], report.ok ? 0 : REGRESS_FAILED);
  }
}
