import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { flagOrArgument, locateRunpack, omitEmpty } from '../runpack-support.js';
import { writeGuardPack } from '../pack/support.js';

/** RFC3339 with whole seconds, as the reference prints the window in its output. */
const seconds = (time: string) => time.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '');

/** `gait incident pack --from X`: the run plus every artifact beside it inside a time window. */
export class IncidentPackCommand extends GaitCommand {
  static override paths = [['incident', 'pack']];
  static override family = {
    name: 'incident',
    explain: 'Build an incident evidence pack from a runpack and a deterministic artifact time window.',
  };
  static override label = 'incident pack';
  static override explain = 'Bundle runpack, traces, regress outputs, policy digests, and approval artifacts into one deterministic incident pack.';
  static override usage = Command.Usage({
    description: 'Build an incident pack: the run, and the traces, regress results, approval audits and credential evidence beside it within ±window of the run.',
    details: [
      'Approval audits and credential evidence are limited to the selected traces when there are any. Adds',
      '`policy_digests.json`; never signed. Default template incident_response; default output `evidence_pack_<pack_id>.zip`',
      'beside the runpack.',
    ].join(' '),
    examples: [['Incident pack around a run', '$0 incident pack --from run_demo --window 2h --out ./gait-out/incident_pack_run_demo.zip --json']],
  });

  from = Option.String('--from', { description: 'Run id or runpack path (or give it as the argument)' });
  window = Option.String('--window', { description: 'Half-width of the window around the run (default 24h)' });
  out = Option.String('--out', { description: 'Output zip path' });
  caseId = Option.String('--case-id', { description: 'Case or ticket id recorded in the manifest' });
  template = Option.String('--template', { description: 'incident_response (default), soc2 or pci' });
  renderPdf = Option.Boolean('--render-pdf', false, { description: 'Add a one-page summary.pdf' });
  rest = Option.Rest({ name: 'from' });

  protected async run(): Promise<number> {
    const from = flagOrArgument(this.from, this.rest, 'expected --from <run_id|path>');
    const runpack = await locateRunpack(this.context.cwd, from);
    const { buildIncidentPack } = await import('@gait/core-guard');
    const built = await buildIncidentPack({
      runpack: runpack.io,
      window: this.window ?? '24h',
      template: this.template ?? 'incident_response',
      ...(this.caseId ? { caseId: this.caseId } : {}),
      renderPdf: this.renderPdf,
      producerVersion: cliVersion,
    });
    const shown = await writeGuardPack(this.context.cwd, this.out, runpack.shown, built);
    const json = {
      ok: true,
      pack_path: shown,
      pack_id: built.packId,
      run_id: built.runId,
      template_id: built.templateId,
      ...omitEmpty({
        trace_count: built.traceCount,
        regress_count: built.regressCount,
        approval_audit_count: built.approvalAuditCount,
        credential_evidence_count: built.credentialEvidenceCount,
        policy_digests: built.policyDigests,
        warnings: built.warnings,
      }),
      window_from: seconds(built.window.from),
      window_to: seconds(built.window.to),
    };
    return this.emit(json, [`incident pack ok: ${shown}`, ...built.warnings.map((w) => `warning: ${w}`)]);
  }
}
