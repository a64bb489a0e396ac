import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../../gait-command.js';
import { runFamily } from '../family.js';
import { noPositionals, requireJournal, sanitize, sessionLabel } from './shared.js';

export class RunSessionCompactCommand extends GaitCommand {
  static override paths = [['run', 'session', 'compact']];
  static override family = runFamily;
  static override label = sessionLabel('compact');
  static override usage = Command.Usage({
    description: 'Drop journal events that checkpoints already sealed (header, checkpoints, then the newer events remain).',
    examples: [['Preview a compaction', '$0 run session compact --journal sessions/s.jsonl --dry-run --json']],
  });

  journal = Option.String('--journal', { description: 'Journal file (JSONL)' });
  out = Option.String('--out', { description: 'Write the compacted journal here (default: in place)' });
  dryRun = Option.Boolean('--dry-run', false, { description: 'Report what would change without writing' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    noPositionals(this.rest);
    const journal = requireJournal(this.journal);
    const { compactSession } = await import('@gait/core-runpack');
    const c = await compactSession(journal, { out: (this.out ?? '').trim() || undefined, dryRun: this.dryRun, cwd: this.context.cwd });
    const text = [
      `session compact: compacted=${c.compacted} dry_run=${c.dry_run} events=${c.events_before}->${c.events_after} checkpoints=${c.checkpoints} bytes=${c.bytes_before}->${c.bytes_after}`,
      `journal: ${sanitize(c.journal_path)}`,
      `output: ${sanitize(c.output_path)}`,
    ];
    return this.emit({ ok: true, operation: 'compact', journal, compaction: c }, text);
  }
}
