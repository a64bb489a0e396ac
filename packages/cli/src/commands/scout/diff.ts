import { readFileSync } from 'node:fs';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { locate } from '../runpack-support.js';
import { scoutFamily } from './family.js';

/** `gait scout diff <left> <right>`: drift between two inventory snapshots; exit 2 when they differ. */
export class ScoutDiffCommand extends GaitCommand {
  static override paths = [['scout', 'diff']];
  static override family = scoutFamily;
  static override explain = 'Diff two scout inventory snapshots deterministically and optionally write a drift report.';
  static override usage = Command.Usage({
    description: 'Compare two inventory snapshots: added, removed and changed tools. Exit 0 when identical, 2 otherwise.',
    examples: [['Compare last week with today', '$0 scout diff old.json new.json --out drift.json --json']],
  });

  left = Option.String('--left', { description: 'Older snapshot (or give both as arguments)' });
  right = Option.String('--right', { description: 'Newer snapshot' });
  out = Option.String('--out', { description: 'Write the diff to this file' });
  rest = Option.Rest({ name: 'left right' });

  protected async run(): Promise<number> {
    const given = [(this.left ?? '').trim(), (this.right ?? '').trim()].filter((v) => v !== '');
    const paths = [...given, ...this.rest.map((v) => v.trim())];
    if (paths.length !== 2 || paths.some((p) => p === '')) {
      throw new InvalidInputError('expected <left_snapshot.json> <right_snapshot.json>', { code: 'usage' });
    }
    const [left, right] = paths as [string, string];
    const scout = await import('@gait/core-scout');
    const load = (path: string) => {
      let text: string;
      try {
        text = readFileSync(locate(this.context.cwd, path).io, 'utf8');
      } catch (error) {
        throw new InvalidInputError(`read snapshot ${path}: ${error instanceof Error ? error.message : String(error)}`, { code: 'scout_snapshot_unreadable' });
      }
      return scout.parseSnapshot(text, path);
    };
    const diff = scout.diffSnapshots(load(left), load(right));
    const out = (this.out ?? '').trim();
    if (out !== '') await scout.writeJsonArtifact(locate(this.context.cwd, out).io, diff, 'indent');
    const same = scout.isDiffEmpty(diff);
    const json = { ok: same, left, right, ...(out === '' ? {} : { output_path: out }), diff };
    const text = same
      ? [`scout diff ok: ${left} vs ${right}`]
      : [`scout diff changed: ${left} vs ${right}`, `added=${diff.added_count} removed=${diff.removed_count} changed=${diff.changed_count}`];
    return this.emit(json, text, same ? 0 : 2);
  }
}
