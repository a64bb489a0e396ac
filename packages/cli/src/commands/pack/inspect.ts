import { Command, Option } from 'clipanion';
import { locate } from '../runpack-support.js';
import { PackCommand } from './family.js';

/** `gait pack inspect <pack.zip>`: manifest, payload and run or job lineage. */
export class PackInspectCommand extends PackCommand {
  static override paths = [['pack', 'inspect']];
  static override label = 'pack inspect';
  static override usage = Command.Usage({
    description: 'Show a pack\'s manifest, payload and lineage (the run\'s intents and results, the job\'s checkpoints, or the call\'s counts).',
    details: 'Members must match their digests. Guard packs are not PackSpec packs: use `gait guard verify` for them.',
    examples: [['Inspect the durable demo pack', '$0 pack inspect ./gait-out/pack_job_demo_durable.zip --json']],
  });
  protected readonly operation = 'inspect';

  pathFlag = Option.String('--path', { description: 'Pack zip (or give it as the argument)' });
  rest = Option.Rest({ name: 'pack.zip' });

  protected async run(): Promise<number> {
    const shown = this.pathArgument(this.pathFlag, this.rest, 'expected <pack.zip>');
    const { inspectPack } = await import('@gait/core-pack');
    const inspection = await inspectPack(locate(this.context.cwd, shown).io);
    const json = this.envelope({ ok: true, path: shown, pack_id: inspection.pack_id, pack_type: inspection.pack_type, source_ref: inspection.source_ref, inspect: inspection });
    return this.emit(json, () => {
      const lines = [`pack inspect ok: ${inspection.pack_id} (${inspection.pack_type})`, `source: ${inspection.source_ref}`];
      if (inspection.run_lineage) {
        lines.push(`intents: ${inspection.run_lineage.intent_results.length} receipts: ${inspection.run_lineage.receipt_count}`);
        for (const r of inspection.run_lineage.intent_results) lines.push(`- ${r.intent_id} ${r.tool_name ?? ''} ${r.status ?? 'no result'}`.replace(/\s+/g, ' '));
      }
      if (inspection.job_lineage) {
        lines.push(`events: ${inspection.job_lineage.event_count} last: ${inspection.job_lineage.last_event_type ?? 'none'}`);
        for (const c of inspection.job_lineage.checkpoint_refs) lines.push(`- ${c.checkpoint_id} ${c.type} ${c.reason_code}`);
      }
      const call = inspection.call_payload;
      if (call) lines.push(`events: ${String(call.event_count)} commitments: ${String(call.commitment_count)} decisions: ${String(call.decision_count)} speak receipts: ${String(call.speak_receipt_count)}`);
      return lines;
    });
  }
}
