import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../../gait-command.js';
import { cliVersion } from '../../../version.js';
import { runFamily } from '../family.js';
import { noPositionals, sessionLabel, statusLines } from './shared.js';

export class RunSessionStartCommand extends GaitCommand {
  static override paths = [['run', 'session', 'start']];
  static override family = runFamily;
  static override label = sessionLabel('start');
  static override usage = Command.Usage({
    description: 'Start an append-only session journal (idempotent for the same session and run ids).',
    examples: [['Start a session', '$0 run session start --journal sessions/s.jsonl --session-id sess_1 --run-id run_sess']],
  });

  journal = Option.String('--journal', { description: 'Journal file (JSONL)' });
  sessionId = Option.String('--session-id', { description: 'Session id' });
  runId = Option.String('--run-id', { description: 'Run id of the session' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    noPositionals(this.rest);
    const [journal, sessionId, runId] = [this.journal, this.sessionId, this.runId].map((v) => (v ?? '').trim());
    if (!journal || !sessionId || !runId) throw new InvalidInputError('--journal, --session-id, and --run-id are required', { code: 'usage' });
    const { startSession } = await import('@gait/core-runpack');
    // Like the reference, session records carry the version of the tool that wrote them.
    const status = await startSession(journal, { sessionId, runId, producerVersion: cliVersion, cwd: this.context.cwd });
    return this.emit({ ok: true, operation: 'start', journal, status }, statusLines('start', journal, status));
  }
}
