import { basename } from 'node:path';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';

const TIPS = ['tip: export GAIT_ADOPTION_LOG=./gait-out/adoption.jsonl', 'tip: gait doctor adoption --from ./gait-out/adoption.jsonl --json'];

/** The running CLI, when this process is the `gait` executable (not a test or a library caller). */
function invokedExecutable(): string | undefined {
  const main = process.argv[1];
  return main !== undefined && /^(gait|gait\.cmd|gait\.exe|bin\.js)$/.test(basename(main)) ? main : undefined;
}

export class DoctorCommand extends GaitCommand {
  static override paths = [['doctor']];
  static override explain = 'Diagnose local environment and onboarding issues for Gait workflows and return stable fix suggestions.';
  static override interspersedFlags = false;
  static override usage = Command.Usage({
    description: 'Check this Gait install: folders, temp space, durable jobs, registry cache, locks, the CLI and Node, and keys.',
    details:
      'Every check is pass, warn or fail, with a fix command for what is not passing. Exit 0 (doctor is advisory), 7 when a check cannot be fixed from here, and with --production-readiness exit 2 when any check fails; that mode also applies the hardened checks to .gait/config.yaml.',
    examples: [
      ['Check this machine', '$0 doctor'],
      ['Only what needs attention', '$0 doctor --summary'],
      ['Production readiness of this project', '$0 doctor --production-readiness --json'],
      ['Check a prod key pair', '$0 doctor --key-mode prod --private-key keys/prod_private.key --public-key keys/prod_public.key'],
    ],
  });

  workdir = Option.String('--workdir', '.', { description: 'Project folder to check' });
  outputDir = Option.String('--output-dir', './gait-out', { description: 'Output folder (relative to --workdir)' });
  keyMode = Option.String('--key-mode', 'dev', { description: 'dev | prod' });
  privateKey = Option.String('--private-key', { description: 'Private key file' });
  privateKeyEnv = Option.String('--private-key-env', { description: 'Environment variable holding the private key' });
  publicKey = Option.String('--public-key', { description: 'Public key file' });
  publicKeyEnv = Option.String('--public-key-env', { description: 'Environment variable holding the public key' });
  productionReadiness = Option.Boolean('--production-readiness', false, { description: 'Apply the production checks to .gait/config.yaml' });
  summaryOnly = Option.Boolean('--summary', false, { description: 'List only the checks that need attention' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const { runDoctor } = await import('@gait/core-doctor');
    const invoked = invokedExecutable();
    const result = await runDoctor({
      workdir: this.resolvePath(this.workdir),
      outputDir: this.outputDir,
      keyMode: this.keyMode,
      privateKey: this.privateKey ?? '',
      privateKeyEnv: this.privateKeyEnv ?? '',
      publicKey: this.publicKey ?? '',
      publicKeyEnv: this.publicKeyEnv ?? '',
      productionReadiness: this.productionReadiness,
      env: this.context.env,
      producerVersion: cliVersion,
      binary: invoked === undefined ? { invokedVersion: cliVersion } : { invokedPath: invoked, invokedVersion: cliVersion },
    });
    const exitCode = this.productionReadiness && result.status === 'fail' ? 2 : result.non_fixable ? 7 : 0;
    const { non_fixable: nonFixable, fix_commands: fixCommands, ...rest } = result;
    const json = {
      ok: exitCode === 0,
      ...(this.summaryOnly ? { summary_mode: true } : {}),
      ...rest,
      ...(nonFixable ? { non_fixable: true } : {}),
      ...(fixCommands.length > 0 ? { fix_commands: fixCommands } : {}),
    };
    const shown = this.summaryOnly ? result.checks.filter((c) => c.status !== 'pass') : result.checks;
    const text = [result.summary];
    for (const check of shown) {
      text.push(`- ${check.name}: ${check.status} (${check.message})`);
      if (check.fix_command) text.push(`  fix: ${check.fix_command}`);
    }
    if (this.summaryOnly && result.status === 'pass' && !result.non_fixable) text.push(...TIPS);
    return this.emit(json, text, exitCode);
  }
}
