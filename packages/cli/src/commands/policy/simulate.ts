import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { policyFamily, readText } from './family.js';

export class PolicySimulateCommand extends GaitCommand {
  static override paths = [['policy', 'simulate']];
  static override family = policyFamily;
  static override usage = Command.Usage({
    description: 'Compare a candidate policy with a baseline over intent fixtures and recommend a rollout stage.',
    details: 'Recommendation: enforce when nothing changes, observe when something becomes allowed, require_approval when something becomes blocked.',
    examples: [['Compare over a fixture folder', '$0 policy simulate --policy candidate.yaml --baseline current.yaml --fixtures fixtures/ --json']],
  });

  policy = Option.String('--policy', { description: 'Candidate policy' });
  baseline = Option.String('--baseline', { description: 'Baseline policy' });
  fixtures = Option.String('--fixtures', { description: 'Fixture files and folders, comma-separated' });
  args = Option.Rest({ name: 'unexpected' });

  protected async run(): Promise<number> {
    if ((this.policy ?? '').trim() === '') throw new InvalidInputError('missing required --policy <candidate_policy.yaml>', { code: 'usage' });
    if ((this.baseline ?? '').trim() === '') throw new InvalidInputError('missing required --baseline <baseline_policy.yaml>', { code: 'usage' });
    if ((this.fixtures ?? '').trim() === '') throw new InvalidInputError('missing required --fixtures <csv files/dirs>', { code: 'usage' });
    const gate = await import('@gait/core-gate');
    const cwd = this.context.cwd;
    const fixtures = gate.discoverFixtures(this.fixtures!.split(','), cwd);
    const report = gate.simulatePolicies(readText(cwd, this.policy!, 'policy'), readText(cwd, this.baseline!, 'baseline policy'), fixtures, cwd);
    return this.emit({ ...report }, report.summary);
  }
}
