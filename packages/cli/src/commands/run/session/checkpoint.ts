import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../../gait-command.js';
import { runFamily } from '../family.js';
import { noPositionals, sanitize, sessionLabel } from './shared.js';

export class RunSessionCheckpointCommand extends GaitCommand {
  static override paths = [['run', 'session', 'checkpoint']];
  static override family = runFamily;
  static override label = sessionLabel('checkpoint');
  static override usage = Command.Usage({
    description: 'Seal the events since the last checkpoint into a runpack and extend the session chain.',
    details: 'The chain file is written beside the journal (`<name>_chain.json`); `--chain-out` writes an extra copy.',
    examples: [['Checkpoint a session', '$0 run session checkpoint --journal sessions/s.jsonl --out sessions/cp_0001.zip']],
  });

  journal = Option.String('--journal', { description: 'Journal file (JSONL)' });
  out = Option.String('--out', { description: 'Checkpoint runpack path' });
  chainOut = Option.String('--chain-out', { description: 'Extra copy of the chain file' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    noPositionals(this.rest);
    const [journal, out] = [this.journal, this.out].map((v) => (v ?? '').trim());
    if (!journal || !out) throw new InvalidInputError('--journal and --out are required', { code: 'usage' });
    const { checkpointSession } = await import('@gait/core-runpack');
    const chainOut = (this.chainOut ?? '').trim() || undefined;
    const result = await checkpointSession(journal, { out, chainOut, cwd: this.context.cwd });
    const c = result.checkpoint;
    const text = [`session checkpoint: index=${c.checkpoint_index} runpack=${c.runpack_path ? 'redacted' : 'unset'} range=${c.sequence_start}..${c.sequence_end}`, `session chain: ${sanitize(result.chainPath)}`];
    return this.emit({ ok: true, operation: 'checkpoint', journal, chain_path: result.chainPath, checkpoint: c }, text);
  }
}
