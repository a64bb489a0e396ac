import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { policyFamily } from './family.js';

export class PolicyInitCommand extends GaitCommand {
  static override paths = [['policy', 'init']];
  static override family = policyFamily;
  static override usage = Command.Usage({
    description: 'Write a starter policy for low, medium or high risk rollouts.',
    details: 'Templates: baseline-lowrisk, baseline-mediumrisk, baseline-highrisk (aliases low, medium, high).',
    examples: [['Start from the high-risk baseline', '$0 policy init high --out gait.policy.yaml --json']],
  });

  out = Option.String('--out', { description: 'Output path (default gait.policy.yaml)' });
  force = Option.Boolean('--force', false, { description: 'Overwrite an existing file' });
  args = Option.Rest({ name: 'template' });

  protected async run(): Promise<number> {
    const expected = 'expected <template>, one of: baseline-lowrisk, baseline-mediumrisk, baseline-highrisk';
    if (this.args.length !== 1) throw new InvalidInputError(expected, { code: 'usage' });
    const { POLICY_TEMPLATES, resolvePolicyTemplate } = await import('@gait/core-gate');
    const name = resolvePolicyTemplate(this.args[0]!);
    if (!name) throw new InvalidInputError(`unknown template: ${this.args[0]!.trim().toLowerCase()}`, { code: 'usage' });
    const path = (this.out ?? '').trim() || 'gait.policy.yaml';
    const target = resolve(this.context.cwd, path);
    if (existsSync(target) && !this.force) {
      throw new InvalidInputError(`output path already exists (use --force to overwrite): ${path}`, { code: 'usage' });
    }
    mkdirSync(dirname(target), { recursive: true, mode: 0o750 });
    const { writeFileAtomic } = await import('@gait/core-fsx');
    await writeFileAtomic(target, POLICY_TEMPLATES[name], { mode: 0o600 });
    const next = [`gait policy validate ${path} --json`, `gait policy fmt ${path} --write --json`, 'gait doctor --json'];
    return this.emit({ ok: true, template: name, policy_path: path, next_commands: next }, [
      `policy init ok: template=${name} output=${path}`,
      `next: ${next.join(' | ')}`,
    ]);
  }
}
