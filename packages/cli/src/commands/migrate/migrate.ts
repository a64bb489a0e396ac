import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';

export class MigrateCommand extends GaitCommand {
  static override paths = [['migrate']];
  static override explain = 'Migrate artifact files to the current schema generation without requiring network access.';
  static override usage = Command.Usage({
    description: 'Rewrite a runpack through the current writer and verify it.',
    details:
      'Reads the runpack (a path or a run id), writes its records again, unsigned and in the same capture mode, to --out (default runpack_<run_id>_migrated.zip beside it), and verifies the result. Status no_change when the bytes are identical.',
    examples: [
      ['Migrate the demo runpack', '$0 migrate run_demo'],
      ['Choose the output', '$0 migrate ./old/runpack_run_1.zip --out ./new/runpack_run_1.zip --json'],
    ],
  });

  input = Option.String('--input', { description: 'Runpack path or run id (or give it as the argument)' });
  out = Option.String('--out', { description: 'Output path' });
  target = Option.String('--target', 'v1', { description: 'Schema generation (only v1)' });
  rest = Option.Rest({ name: 'artifact_path|run_id' });

  protected async run(): Promise<number> {
    const { migrateRunpack } = await import('./migrate-runpack.js');
    const input = this.input ?? (this.rest.length === 1 ? this.rest[0]! : '');
    if (this.rest.length > 1) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    if (this.target.trim().toLowerCase() === 'v1' && input.trim() === '') {
      throw new InvalidInputError('missing required --input <artifact_path|run_id>', { code: 'usage' });
    }
    const outcome = await migrateRunpack({ input, target: this.target, cwd: this.context.cwd, ...(this.out === undefined ? {} : { out: this.out }) });
    return this.emit(
      { ok: true, input: outcome.input, output: outcome.output, artifact: 'runpack', status: outcome.status, run_id: outcome.run_id },
      `migrate ok: ${outcome.input} -> ${outcome.output} (${outcome.status})`,
    );
  }
}
