import { Command, Option } from 'clipanion';
import { GaitCommand } from '../gait-command.js';
import { cliVersion } from '../version.js';

/** `gait version`, `gait --version`, `gait -v`: the reference ignores every other argument. */
export class VersionCommand extends GaitCommand {
  static override paths = [['version'], ['--version'], ['-v']];
  static override explain = 'Print the CLI version.';
  static override usage = Command.Usage({
    description: 'Print the CLI version.',
    details: 'Prints `gait <version>`; with `--json`, `{"ok":true,"version":"<version>"}` plus `correlation_id`. Other arguments are ignored.',
    examples: [
      ['Print the version', '$0 version'],
      ['Print it as JSON', '$0 version --json'],
    ],
  });

  // Take every argument as given: only `--json` matters, anything else is ignored.
  args = Option.Proxy();

  protected async run(): Promise<number> {
    this.json = this.args.some((arg) => /^--?json(=(1|t|T|TRUE|true|True))?$/.test(arg));
    return this.emit({ ok: true, version: cliVersion }, `gait ${cliVersion}`);
  }
}
