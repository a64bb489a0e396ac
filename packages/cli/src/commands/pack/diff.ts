import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { locate } from '../runpack-support.js';
import { PackCommand } from './family.js';
import { writeOutput } from './support.js';

/** `gait pack diff <left> <right>`: what differs between two packs; exit 2 when anything does. */
export class PackDiffCommand extends PackCommand {
  static override paths = [['pack', 'diff']];
  static override label = 'pack diff';
  static override usage = Command.Usage({
    description: 'Compare two packs by their declared member digests, their manifests and, for run packs, their context evidence.',
    details: '`--output` also writes the `gait.pack.diff` document. Exit 0 when identical, 2 when changed.',
    examples: [['Diff two run packs', '$0 pack diff ./a/pack_1.zip ./b/pack_2.zip --json']],
  });
  protected readonly operation = 'diff';

  output = Option.String('--output', { description: 'Also write the diff as compact JSON to this file' });
  rest = Option.Rest({ name: 'left right' });

  protected async run(): Promise<number> {
    if (this.rest.length !== 2) throw new InvalidInputError('expected <left> <right>', { code: 'usage' });
    const { diffPacks } = await import('@gait/core-pack');
    const [left, right] = this.rest.map((p) => locate(this.context.cwd, p).io) as [string, string];
    const diff = await diffPacks(left, right);
    const output = (this.output ?? '').trim();
    if (output !== '') {
      const { goMarshal } = await import('@gait/core-runpack');
      await writeOutput(locate(this.context.cwd, output).io, goMarshal(diff));
    }
    const changed = diff.summary.changed;
    // `diff` nests the result under `Result`: the reference embeds its diff struct that way in --json output.
    const json = this.envelope({ ok: !changed, ...(output ? { path: output } : {}), diff: { Result: diff } });
    const s = diff.summary;
    const text = changed
      ? [
          `pack diff changed: ${diff.left_pack_id} vs ${diff.right_pack_id}`,
          ...(s.added_files ? [`added: ${s.added_files.join(', ')}`] : []),
          ...(s.removed_files ? [`removed: ${s.removed_files.join(', ')}`] : []),
          ...(s.changed_files ? [`changed: ${s.changed_files.join(', ')}`] : []),
          `manifest changed: ${s.manifest_delta}`,
        ]
      : ['pack diff ok'];
    return this.emit(json, text, changed ? 2 : 0);
  }
}
