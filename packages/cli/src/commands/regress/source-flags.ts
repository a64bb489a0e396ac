import { Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import type { InitFixtureResult } from '@gait/core-regress';

/** `--from`, `--name` and `--checkpoint`, which `regress init` and `regress bootstrap` share. */
export const sourceFlags = {
  from: () => Option.String('--from', { description: 'Run id or runpack path (or session chain .json)' }),
  name: () => Option.String('--name', { description: 'Fixture name (default: derived from the run id)' }),
  checkpoint: () => Option.String('--checkpoint', 'latest', { description: 'Session chain checkpoint: latest or an index' }),
};

export interface SourceFlagValues {
  readonly from: string | undefined;
  readonly name: string | undefined;
  readonly checkpoint: string;
  readonly workDir: string;
}

/** Makes the fixture the flags name; `--from` is required, with the reference's message. */
export async function initFromFlags(flags: SourceFlagValues): Promise<InitFixtureResult> {
  const from = (flags.from ?? '').trim();
  if (from === '') throw new InvalidInputError('missing required --from <run_id|path>', { code: 'usage' });
  const { initFixture } = await import('@gait/core-regress');
  return initFixture({
    from,
    workDir: flags.workDir,
    checkpoint: flags.checkpoint,
    ...(flags.name === undefined ? {} : { name: flags.name }),
  });
}
