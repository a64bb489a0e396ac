import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../../gait-command.js';
import { runFamily } from '../family.js';
import { noPositionals, requireJournal, sessionLabel, statusLines } from './shared.js';

export class RunSessionStatusCommand extends GaitCommand {
  static override paths = [['run', 'session', 'status']];
  static override family = runFamily;
  static override label = sessionLabel('status');
  static override usage = Command.Usage({
    description: 'Show a session journal’s event and checkpoint counts.',
    examples: [['Status of a session', '$0 run session status --journal sessions/s.jsonl --json']],
  });

  journal = Option.String('--journal', { description: 'Journal file (JSONL)' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    noPositionals(this.rest);
    const journal = requireJournal(this.journal);
    const { sessionStatus } = await import('@gait/core-runpack');
    const status = await sessionStatus(journal, { cwd: this.context.cwd });
    return this.emit({ ok: true, operation: 'status', journal, status }, statusLines('status', journal, status));
  }
}
