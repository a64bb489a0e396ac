import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { policyFamily, readText } from './family.js';

export class PolicyFmtCommand extends GaitCommand {
  static override paths = [['policy', 'fmt']];
  static override family = policyFamily;
  static override usage = Command.Usage({
    description: 'Rewrite a policy in normalized form (every field explicit, rules in evaluation order).',
    details: 'Without --write the YAML is printed. Formatting is idempotent and never changes the policy digest.',
    examples: [['Normalize in place', '$0 policy fmt gait.policy.yaml --write --json']],
  });

  write = Option.Boolean('--write', false, { description: 'Write the result back when it differs' });
  args = Option.Rest({ name: 'policy.yaml' });

  protected async run(): Promise<number> {
    if (this.args.length !== 1) throw new InvalidInputError('expected <policy.yaml>', { code: 'usage' });
    const path = this.args[0]!;
    const { formatPolicyYaml, parsePolicyYaml, policyDigest } = await import('@gait/core-gate');
    const original = readText(this.context.cwd, path, 'policy');
    const policy = parsePolicyYaml(original);
    const formatted = formatPolicyYaml(policy);
    const changed = formatted !== original;
    let written = false;
    if (this.write && changed) {
      const target = resolve(this.context.cwd, path);
      const { writeFileAtomic } = await import('@gait/core-fsx');
      await writeFileAtomic(target, formatted, { mode: statSync(target).mode & 0o777 });
      written = true;
    }
    const json = {
      ok: true,
      path,
      written,
      changed,
      policy_digest: policyDigest(policy),
      default_verdict: policy.default_verdict,
      rule_count: policy.rules.length,
      ...(this.write ? {} : { formatted }),
    };
    if (!this.write && !this.json) {
      this.context.stdout.write(formatted);
      return 0;
    }
    return this.emit(json, `policy fmt ok: path=${path} changed=${changed} written=${written} rules=${policy.rules.length}`);
  }
}
