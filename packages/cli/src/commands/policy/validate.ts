import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { policyFamily, readText } from './family.js';

export class PolicyValidateCommand extends GaitCommand {
  static override paths = [['policy', 'validate']];
  static override family = policyFamily;
  static override usage = Command.Usage({
    description: 'Parse and normalize one policy file strictly and print its digest.',
    details: 'Unknown keys, wrong types and invalid values are errors naming the key path (exit 6).',
    examples: [['Validate a policy', '$0 policy validate gait.policy.yaml --json']],
  });

  args = Option.Rest({ name: 'policy.yaml' });

  protected async run(): Promise<number> {
    if (this.args.length !== 1) throw new InvalidInputError('expected <policy.yaml>', { code: 'usage' });
    const { parsePolicyYaml, policyDigest } = await import('@gait/core-gate');
    const policy = parsePolicyYaml(readText(this.context.cwd, this.args[0]!, 'policy'));
    const digest = policyDigest(policy);
    const summary = `policy validate ok: default=${policy.default_verdict} rules=${policy.rules.length} digest=${digest}`;
    return this.emit(
      {
        ok: true,
        schema_id: policy.schema_id,
        schema_version: policy.schema_version,
        policy_digest: digest,
        default_verdict: policy.default_verdict,
        ...(policy.rules.length > 0 ? { rule_count: policy.rules.length } : {}),
        summary,
      },
      summary,
    );
  }
}
