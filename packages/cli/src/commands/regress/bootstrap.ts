import { Command } from 'clipanion';
import { REGRESS_FAILED, initJson, outcomeJson, outcomeText } from './report.js';
import { RegressRunFlags } from './run-options.js';
import { initFromFlags, sourceFlags } from './source-flags.js';

/** `gait regress bootstrap --from <run>`: init then run, for incident-to-regression in one step. */
export class RegressBootstrapCommand extends RegressRunFlags {
  static override paths = [['regress', 'bootstrap']];
  static override explain =
    'Initialize a fixture from a runpack and execute regress in one command for incident-to-regression bootstrap.';
  static override usage = Command.Usage({
    description: 'Initialize a fixture from a runpack and execute regress in one command for incident-to-regression bootstrap.',
    details: '`regress init` followed by `regress run`, with the flags of both. Exit 0 when all pass, 5 when any fails, 6 for bad input.',
    examples: [['Turn a recorded run into a CI regression', '$0 regress bootstrap --from run_demo --junit gait-out/junit.xml --json']],
  });

  from = sourceFlags.from();
  name = sourceFlags.name();
  checkpoint = sourceFlags.checkpoint();

  protected async run(): Promise<number> {
    const init = await initFromFlags({ from: this.from, name: this.name, checkpoint: this.checkpoint, workDir: this.context.cwd });
    const { runRegress } = await import('@gait/core-regress');
    const run = await runRegress(this.runOptions());
    const { next_commands: _next, ...initFields } = initJson(init);
    const json = { ...initFields, ...outcomeJson(run) };
    const head = run.ok
      ? `regress bootstrap ok: run_id=${init.run_id} fixture=${init.fixture_name}`
      : `regress bootstrap failed: run_id=${init.run_id} fixture=${init.fixture_name} failed=${run.failed}`;
    return this.emit(json, [head, ...outcomeText(run)], run.ok ? 0 : REGRESS_FAILED);
  }
}
