import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { policyFamily, readText } from './family.js';

export class PolicyTestCommand extends GaitCommand {
  static override paths = [['policy', 'test']];
  static override family = policyFamily;
  static override usage = Command.Usage({
    description: 'Evaluate one intent fixture against one policy (no tokens, no files written).',
    details: 'Exit 0 for allow or dry_run, 3 for block, 4 for require_approval, 6 for bad input.',
    examples: [['Test a fixture', '$0 policy test gait.policy.yaml intent.json --json']],
  });

  args = Option.Rest({ name: 'policy.yaml intent.json' });

  protected async run(): Promise<number> {
    if (this.args.length !== 2) throw new InvalidInputError('expected <policy.yaml> <intent_fixture.json>', { code: 'usage' });
    const gate = await import('@gait/core-gate');
    const policy = gate.parsePolicyYaml(readText(this.context.cwd, this.args[0]!, 'policy'));
    const text = readText(this.context.cwd, this.args[1]!, 'intent fixture');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new InvalidInputError(`parse intent fixture: ${(error as Error).message}`, { code: 'invalid_json' });
    }
    const result = gate.runPolicyTest(gate.compilePolicy(policy), raw, cliVersion);
    const { matched_rule: matchedRule, ...rest } = result;
    return this.emit({ ...rest, ...(matchedRule ? { matched_rule: matchedRule } : {}) }, result.summary, gate.policyTestExitCode(result.verdict));
  }
}
