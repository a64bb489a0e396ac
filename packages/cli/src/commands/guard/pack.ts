import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { flagOrArgument, locate, locateRunpack, parseCsv } from '../runpack-support.js';
import { signingKeyFromFlags, signingOption, writeGuardPack } from '../pack/support.js';
import { guardFamily } from './family.js';

/** `gait guard pack --run X`: an audit evidence pack of a run, mapped to a control template. */
export class GuardPackCommand extends GaitCommand {
  static override paths = [['guard', 'pack']];
  static override family = guardFamily;
  static override label = 'guard pack';
  static override explain = 'Build an evidence_pack zip with a canonical pack_manifest.json and evidence summaries.';
  static override usage = Command.Usage({
    description: 'Build `evidence_pack_<pack_id>.zip`: run summaries, traces, regress results, approval audits and credential evidence, indexed by control.',
    details: [
      'Templates: soc2 (default), pci, incident_response. Approval audits and credential evidence beside the runpack are',
      'picked up when none is given. Signed by default with a throwaway key (`--key-mode dev`), as the reference does;',
      'give `--private-key` for a key auditors can check. `--render-pdf` adds a one-page summary.pdf.',
    ].join(' '),
    examples: [
      ['Pack a run for SOC 2', '$0 guard pack --run run_demo --trace trace_1.json --json'],
      ['PCI, signed, with a PDF', '$0 guard pack --run run_demo --template pci --render-pdf --key-mode prod --private-key keys/prod_private.key'],
    ],
  });

  runRef = Option.String('--run', { description: 'Run id or runpack path (or give it as the argument)' });
  out = Option.String('--out', { description: 'Output zip path' });
  caseId = Option.String('--case-id', { description: 'Case or ticket id recorded in the manifest' });
  inventory = Option.String('--inventory', { description: 'Inventory snapshot files (comma-separated)' });
  trace = Option.String('--trace', { description: 'Trace files (comma-separated)' });
  regress = Option.String('--regress', { description: 'Regress result files (comma-separated)' });
  approvalAudit = Option.String('--approval-audit', { description: 'Approval audit files (comma-separated)' });
  credentialEvidence = Option.String('--credential-evidence', { description: 'Credential evidence files (comma-separated)' });
  template = Option.String('--template', { description: 'soc2 (default), pci or incident_response' });
  keyMode = signingOption.keyMode('dev');
  privateKey = signingOption.privateKey();
  privateKeyEnv = signingOption.privateKeyEnv();
  renderPdf = Option.Boolean('--render-pdf', false, { description: 'Add a one-page summary.pdf' });
  rest = Option.Rest({ name: 'run' });

  protected async run(): Promise<number> {
    const runRef = flagOrArgument(this.runRef, this.rest, 'expected --run <run_id|path>');
    const runpack = await locateRunpack(this.context.cwd, runRef);
    const signing = await signingKeyFromFlags(this, 'dev', this.context.env, (p) => this.resolvePath(p), ['dev', 'prod']);
    const paths = (csv: string | undefined) => parseCsv(csv).map((p) => locate(this.context.cwd, p).io);
    const { buildEvidencePack } = await import('@gait/core-guard');
    const built = await buildEvidencePack({
      runpack: runpack.io,
      ...(this.caseId ? { caseId: this.caseId } : {}),
      template: this.template ?? 'soc2',
      inventoryPaths: paths(this.inventory),
      tracePaths: paths(this.trace),
      regressPaths: paths(this.regress),
      approvalAuditPaths: paths(this.approvalAudit),
      credentialEvidencePaths: paths(this.credentialEvidence),
      renderPdf: this.renderPdf,
      producerVersion: cliVersion,
      ...(signing.keyPair ? { signingKey: signing.keyPair } : {}),
    });
    const shown = await writeGuardPack(this.context.cwd, this.out, runpack.shown, built);
    const json = {
      ok: true,
      pack_path: shown,
      pack_id: built.packId,
      run_id: built.runId,
      template_id: built.templateId,
      controls: built.manifest.control_index?.length ?? 0,
      ...(built.manifest.rendered_artifacts ? { rendered_artifacts: built.manifest.rendered_artifacts.length } : {}),
      manifest_path: `${shown}#pack_manifest.json`,
      ...(signing.warnings.length ? { warnings: signing.warnings } : {}),
    };
    return this.emit(json, [`guard pack ok: ${shown}`, ...(signing.warnings.length ? [`warnings: ${signing.warnings.join('; ')}`] : [])]);
  }
}
