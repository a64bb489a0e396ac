import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { locate, locateRunpack, omitEmpty } from '../runpack-support.js';
import { runFamily } from './family.js';

/** `gait run diff <left> <right>`: what changed between two runpacks (or two session chains). */
export class RunDiffCommand extends GaitCommand {
  static override paths = [['run', 'diff']];
  static override family = runFamily;
  static override label = 'diff';
  static override explain = 'Compare two runpacks deterministically and optionally write canonical diff JSON.';
  static override usage = Command.Usage({
    description: 'Compare two runpacks (or two session chains); exit 2 when they differ.',
    details: 'Run ids, producer versions, times and signatures are ignored. `--privacy metadata` also ignores raw arguments and results.',
    examples: [['Diff two runs', '$0 run diff run_a ./other/runpack_run_b.zip --json']],
  });

  privacy = Option.String('--privacy', { description: 'full (default) or metadata' });
  output = Option.String('--output', { description: 'Also write the diff as compact JSON to this file' });
  rest = Option.Rest({ name: 'left right' });

  protected async run(): Promise<number> {
    if (this.rest.length !== 2) throw new InvalidInputError('expected left and right run_id|path', { code: 'usage' });
    const privacy = (this.privacy ?? 'full').trim().toLowerCase() as 'full' | 'metadata';
    if (privacy !== 'full' && privacy !== 'metadata') {
      throw new InvalidInputError(`unsupported --privacy value "${this.privacy}" (expected full or metadata)`, { code: 'invalid_privacy' });
    }
    const engine = await import('@gait/core-runpack');
    const [left, right] = await Promise.all(this.rest.map((ref) => locateRunpack(this.context.cwd, ref)));
    const chains = left!.shown.endsWith('.json') && right!.shown.endsWith('.json') ? await readChains(engine, left!.io, right!.io) : undefined;
    const diff = chains ? { privacy, summary: engine.diffSessionChains(chains[0], chains[1]) } : await engine.diffRunpacks(left!.io, right!.io, privacy);
    const changed = !engine.isDiffUnchanged(diff);
    if (this.output) {
      const { goMarshal } = await import('@gait/core-runpack');
      await writeFile(locate(this.context.cwd, this.output).io, goMarshal(diff), { mode: 0o600 });
    }
    const json = { ok: !changed, privacy: diff.privacy, summary: diff.summary, ...omitEmpty({ output: this.output }) };
    const { run_id_left: l, run_id_right: r, files_changed: files } = diff.summary;
    const text = changed ? [`diff changed: ${l} vs ${r}`, ...(files ? [`files changed: ${files.join(', ')}`] : [])] : [`diff ok: ${l} vs ${r}`];
    return this.emit(json, text, changed ? 2 : 0);
  }
}

async function readChains(engine: typeof import('@gait/core-runpack'), left: string, right: string) {
  try {
    return [await engine.readSessionChain(left), await engine.readSessionChain(right)] as const;
  } catch {
    return undefined;
  }
}
