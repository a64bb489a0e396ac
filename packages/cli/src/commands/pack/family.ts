import { type ExitCode, InvalidInputError } from '@gait/core-errors';
import { GaitCommand, type CommandFamily, type FailOptions } from '../../gait-command.js';

export const packFamily: CommandFamily = {
  name: 'pack',
  explain: 'Build, verify, inspect, and diff PackSpec artifacts for run and job evidence while preserving legacy compatibility.',
};

/**
 * A `gait pack` leaf: every output, errors included, carries the `gait.pack.output` envelope and
 * the operation, as the reference prints it.
 */
export abstract class PackCommand extends GaitCommand {
  static override family = packFamily;
  protected abstract readonly operation: 'build' | 'verify' | 'inspect' | 'diff';

  protected envelope(fields: Record<string, unknown>): Record<string, unknown> {
    return { schema_id: 'gait.pack.output', schema_version: '1.0.0', operation: this.operation, ...fields };
  }

  protected override fail(error: unknown, options: FailOptions = {}): ExitCode {
    return super.fail(error, { ...options, fields: this.envelope({ ...(options.fields ?? {}) }) });
  }

  /** The first positional or `--path`; extra positionals are ignored, as in the reference. */
  protected pathArgument(flag: string | undefined, rest: readonly string[], usage: string): string {
    const value = (flag ?? '').trim() || (rest[0] ?? '').trim();
    if (value === '') throw new InvalidInputError(usage, { code: 'usage' });
    return value;
  }
}
