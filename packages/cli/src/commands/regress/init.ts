import { Command } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { regressFamily } from './family.js';
import { initJson, initText } from './report.js';
import { initFromFlags, sourceFlags } from './source-flags.js';

/** `gait regress init --from <run_id|path>`: a recorded run becomes a regression fixture. */
export class RegressInitCommand extends GaitCommand {
  static override paths = [['regress', 'init']];
  static override family = regressFamily;
  static override interspersedFlags = false;
  static override explain = 'Initialize a regression fixture from a recorded runpack artifact.';
  static override usage = Command.Usage({
    description: 'Initialize a regression fixture from a recorded runpack artifact.',
    details: [
      'Checks the runpack, copies it to `fixtures/<name>/runpack.zip`, writes `fixture.json` (expected replay exit',
      'code, tool and verdict sequence, context digest) and regenerates `gait.yaml` from the fixture folders.',
      '`--from` takes a run id (looked up in ./gait-out and ~/.gait/runpacks), a runpack path, a session chain',
      '(`--checkpoint latest|<n>`) or a PackSpec run pack. Flags must precede any other argument.',
    ].join(' '),
    examples: [
      ['Make a fixture of the demo run', '$0 regress init --from run_demo'],
      ['Name the fixture', '$0 regress init --from ./gait-out/runpack_run_42.zip --name incident_42 --json'],
    ],
  });

  from = sourceFlags.from();
  name = sourceFlags.name();
  checkpoint = sourceFlags.checkpoint();

  protected async run(): Promise<number> {
    const init = await initFromFlags({ from: this.from, name: this.name, checkpoint: this.checkpoint, workDir: this.context.cwd });
    return this.emit(initJson(init), initText(init));
  }
}
