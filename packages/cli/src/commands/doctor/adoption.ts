import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';

export class DoctorAdoptionCommand extends GaitCommand {
  static override paths = [['doctor', 'adoption']];
  static override explain = 'Summarize local activation milestones and blockers from GAIT_ADOPTION_LOG events.';
  static override interspersedFlags = false;
  static override usage = Command.Usage({
    description: 'Summarize activation milestones (demo, verify, regress init, regress run) and blockers from an adoption log.',
    details: 'Record the log first with `export GAIT_ADOPTION_LOG=./gait-out/adoption.jsonl`; every gait command then appends one event.',
    examples: [['Where am I?', '$0 doctor adoption --from ./gait-out/adoption.jsonl --json']],
  });

  from = Option.String('--from', { description: 'Adoption events (JSONL)' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const from = (this.from ?? '').trim();
    if (from === '') throw new InvalidInputError('missing required --from <path>', { code: 'usage' });
    const { adoptionReport } = await import('@gait/core-doctor');
    const report = await adoptionReport(this.resolvePath(from), cliVersion);
    const text = [`doctor adoption: source=${from} total_events=${report.total_events} activation_complete=${report.activation_complete}`];
    if (report.blockers !== undefined) text.push(`blockers: ${report.blockers.join('; ')}`);
    return this.emit({ ok: true, report: { ...report, source: from } }, text);
  }
}
