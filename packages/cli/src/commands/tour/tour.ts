import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { TourStepError } from './activation.js';

export class TourCommand extends GaitCommand {
  static override paths = [['tour']];
  static override explain = 'Run the guided activation walkthrough (demo -> verify -> regress init -> regress run) fully offline.';
  static override usage = Command.Usage({
    description: 'Guided first run: the demo, verify it, turn it into a regression fixture, run the regression.',
    details:
      'Writes ./gait-out/runpack_run_demo.zip, fixtures/<name>/ and gait.yaml in the current folder, ./gait-out/tour_regress_result.json and ./gait-out/tour_junit.xml. Exit 2 if verification fails, 5 if the regression does not pass.',
    examples: [['Take the tour', '$0 tour']],
  });

  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const { runActivationTour, tourJson, tourText } = await import('./activation.js');
    const started = Date.now();
    try {
      const report = await runActivationTour(this.context.cwd, cliVersion);
      const json = tourJson(report, Date.now() - started);
      if (report.regressStatus === 'pass') return this.emit(json, () => tourText(report));
      return this.emit(json, () => [`tour error: ${String(json.error)}`, ...tourText(report, true)], 5);
    } catch (error) {
      if (!(error instanceof TourStepError)) throw error;
      // A failed step still reports what the earlier steps produced.
      const json = tourJson(error.partial, Date.now() - started);
      if (this.json) return this.emit({ ...json, ok: false, error: error.message }, [], error.exitCode);
      return this.emit({}, [`tour error: ${error.message}`, ...tourText(error.partial, true)], error.exitCode);
    }
  }
}
