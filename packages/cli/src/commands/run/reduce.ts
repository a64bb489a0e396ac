import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { locate, locateRunpack } from '../runpack-support.js';
import { runFamily } from './family.js';

/** `gait run reduce --from X`: the smallest runpack that still shows a failure. */
export class RunReduceCommand extends GaitCommand {
  static override paths = [['run', 'reduce']];
  static override family = runFamily;
  static override label = 'run reduce';
  static override explain = 'Reduce a runpack to the smallest deterministic artifact that still triggers a selected failure predicate.';
  static override usage = Command.Usage({
    description: 'Keep one failing intent (and what it references) in a new, unsigned runpack, plus a reduce report.',
    examples: [['Reduce to the first step without a result', '$0 run reduce --from run_demo --predicate missing_result']],
  });

  from = Option.String('--from', { description: 'Run id or path (or give it as the first argument)' });
  predicate = Option.String('--predicate', { description: 'missing_result (default) or non_ok_status' });
  out = Option.String('--out', { description: 'Reduced runpack path (default beside the input)' });
  reportOut = Option.String('--report-out', { description: 'Report path (default <out>.reduce_report.json)' });
  rest = Option.Rest({ name: 'run_id|path' });

  protected async run(): Promise<number> {
    const reference = (this.from ?? '').trim() || (this.rest[0] ?? '').trim();
    if (reference === '' || this.rest.length > ((this.from ?? '').trim() ? 0 : 1)) {
      throw new InvalidInputError('expected --from <run_id|path>', { code: 'usage' });
    }
    const engine = await import('@gait/core-runpack');
    const predicate = engine.parseReducePredicate(this.predicate ?? 'missing_result');
    const input = await locateRunpack(this.context.cwd, reference);
    const result = await engine.reduceRunpack(input.io, predicate);
    const output = (this.out ?? '').trim() || engine.defaultReducedPath(input.shown, result.report.run_id, predicate);
    const reportPath = (this.reportOut ?? '').trim() || `${output}.reduce_report.json`;
    await engine.writeReduction(result, locate(this.context.cwd, output).io, locate(this.context.cwd, reportPath).io);
    const json = {
      ok: true,
      input: input.shown,
      output,
      report_path: reportPath,
      run_id: result.report.run_id,
      reduced_run_id: result.report.reduced_run_id,
      predicate,
      report: result.report,
    };
    return this.emit(json, [`run reduce ok: ${input.shown} -> ${output}`, `report: ${reportPath}`]);
  }
}
