import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../../gait-command.js';
import { parseCsv } from '../../runpack-support.js';
import { runFamily } from '../family.js';
import { noPositionals, sanitize, sessionLabel } from './shared.js';

export class RunSessionAppendCommand extends GaitCommand {
  static override paths = [['run', 'session', 'append']];
  static override family = runFamily;
  static override label = sessionLabel('append');
  static override usage = Command.Usage({
    description: 'Append one gate decision to a session journal (safe with concurrent writers).',
    details: 'The text output never prints the tool name (`tool=redacted`), as in the reference.',
    examples: [['Record an allowed call', '$0 run session append --journal sessions/s.jsonl --tool tool.read --verdict allow']],
  });

  journal = Option.String('--journal', { description: 'Journal file (JSONL)' });
  tool = Option.String('--tool', { description: 'Tool name' });
  verdict = Option.String('--verdict', { description: 'allow | block | dry_run | require_approval' });
  intentId = Option.String('--intent-id', { description: 'Intent id' });
  traceId = Option.String('--trace-id', { description: 'Trace id of the gate decision' });
  tracePath = Option.String('--trace-path', { description: 'Trace file of the gate decision' });
  intentDigest = Option.String('--intent-digest', { description: 'Intent digest (64 hex)' });
  policyDigest = Option.String('--policy-digest', { description: 'Policy digest (64 hex)' });
  reasonCodes = Option.String('--reason-codes', { description: 'Comma-separated reason codes' });
  violations = Option.String('--violations', { description: 'Comma-separated violations' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    noPositionals(this.rest);
    const [journal, tool, verdict] = [this.journal, this.tool, this.verdict].map((v) => (v ?? '').trim());
    if (!journal || !tool || !verdict) throw new InvalidInputError('--journal, --tool, and --verdict are required', { code: 'usage' });
    const { appendSessionEvent } = await import('@gait/core-runpack');
    const event = await appendSessionEvent(
      journal,
      {
        toolName: tool,
        verdict,
        intentId: this.intentId,
        traceId: this.traceId,
        tracePath: this.tracePath,
        intentDigest: this.intentDigest,
        policyDigest: this.policyDigest,
        reasonCodes: parseCsv(this.reasonCodes),
        violations: parseCsv(this.violations),
      },
      { cwd: this.context.cwd },
    );
    const text = [`session append: sequence=${event.sequence} tool=${event.tool_name ? 'redacted' : 'unset'} verdict=${event.verdict ?? 'unknown'}`, `journal: ${sanitize(journal)}`];
    return this.emit({ ok: true, operation: 'append', journal, event }, text);
  }
}
