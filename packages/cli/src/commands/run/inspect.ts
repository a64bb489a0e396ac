import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { flagOrArgument, locateRunpack, omitEmpty } from '../runpack-support.js';
import { runFamily } from './family.js';

/** `gait run inspect <run_id|path>`: the timeline of a runpack, or the checkpoints of a session chain. */
export class RunInspectCommand extends GaitCommand {
  static override paths = [['run', 'inspect']];
  static override family = runFamily;
  static override label = 'inspect';
  static override explain = 'Render a deterministic timeline of intents and outcomes from an existing runpack.';
  static override usage = Command.Usage({
    description: 'Show the intents of a runpack with their outcomes, or the checkpoints of a session chain.',
    examples: [
      ['Inspect the demo runpack', '$0 run inspect run_demo'],
      ['Inspect a session chain', '$0 run inspect ./sessions/demo.journal_chain.json --json'],
    ],
  });

  from = Option.String('--from', { description: 'Run id or path (or give it as the only argument)' });
  rest = Option.Rest({ name: 'run_id|path' });

  protected async run(): Promise<number> {
    const reference = flagOrArgument(this.from, this.rest, 'missing required --from <run_id|path>');
    const located = await locateRunpack(this.context.cwd, reference);
    const { inspectRunpack, inspectSessionChain } = await import('@gait/core-runpack');
    let runpackError: unknown;
    try {
      const inspection = await inspectRunpack(located.io);
      const json = {
        ok: true,
        path: located.shown,
        ...omitEmpty({ ...inspection }),
        intents_total: inspection.intents_total,
        results_total: inspection.results_total,
      };
      const lines = [
        `run inspect: run_id=${inspection.run_id} intents=${inspection.intents_total} results=${inspection.results_total} capture_mode=${inspection.capture_mode}`,
        `path: ${located.shown}`,
        ...inspection.entries.flatMap((e) => [
          `${e.index}. intent=${e.intent_id} tool=${e.tool_name} status=${e.status ?? 'missing_result'}${e.verdict ? ` verdict=${e.verdict}` : ''}`,
          ...(e.reason_codes ? [`   reason_codes=${e.reason_codes.join(',')}`] : []),
          ...(e.violations ? [`   violations=${e.violations.join(',')}`] : []),
        ]),
        ...(inspection.unmatched_results.length > 0
          ? [`unmatched_results=${inspection.unmatched_results.length}`, ...inspection.unmatched_results.map((r) => `   intent=${r.intent_id} status=${r.status ?? 'unknown'}`)]
          : []),
        ...(inspection.warnings.length > 0 ? [`warnings: ${inspection.warnings.join('; ')}`] : []),
      ];
      return this.emit(json, lines);
    } catch (error) {
      runpackError = error;
    }
    try {
      const chain = await inspectSessionChain(located.io);
      const json = { ok: true, path: located.shown, ...chain };
      const lines = [
        `run inspect: artifact=session_chain session_id=${chain.session_id} run_id=${chain.run_id} checkpoints=${chain.checkpoint_count}`,
        `path: ${located.shown}`,
        ...chain.checkpoints.map((c) => `${c.checkpoint_index}. runpack=${c.runpack_path} seq=${c.sequence_start}..${c.sequence_end}`),
      ];
      return this.emit(json, lines);
    } catch {
      throw runpackError;
    }
  }
}
