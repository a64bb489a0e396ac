import { readFile } from 'node:fs/promises';
import { Command, Option } from 'clipanion';
import { InvalidInputError, VerificationError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { bundlePath, flagOrArgument, locate, omitEmpty } from '../runpack-support.js';
import { runFamily } from './family.js';

/** `gait run record <run_record.json>`: normalized run data → a (signed) runpack zip. */
export class RunRecordCommand extends GaitCommand {
  static override paths = [['run', 'record']];
  static override family = runFamily;
  static override label = 'record';
  static override explain = 'Create a signed and verifiable runpack zip from normalized run, intent, result, and reference receipt records.';
  static override usage = Command.Usage({
    description: 'Record a runpack from a run record document (run, intents, results, refs).',
    details: [
      'Writes `<out-dir>/runpack_<run_id>.zip` and verifies it. Capture mode `reference` (default) keeps digests and drops',
      'raw arguments and results; `raw` keeps them. Signs only when a key flag is given (`--key-mode dev` signs with a',
      'throwaway key).',
    ].join(' '),
    examples: [
      ['Record a run', '$0 run record run_record.json'],
      ['Record and sign', '$0 run record --input run_record.json --private-key keys/prod_private.key --json'],
    ],
  });

  input = Option.String('--input', { description: 'Run record JSON file (or give it as the only argument)' });
  outDir = Option.String('--out-dir', { description: 'Output folder (default ./gait-out)' });
  runId = Option.String('--run-id', { description: 'Override the run id everywhere' });
  captureMode = Option.String('--capture-mode', { description: 'reference (default) or raw' });
  keyMode = Option.String('--key-mode', { description: 'dev (ephemeral key) or prod' });
  privateKey = Option.String('--private-key', { description: 'Private key file to sign with' });
  privateKeyEnv = Option.String('--private-key-env', { description: 'Environment variable holding the private key' });
  contextEnvelope = Option.String('--context-envelope', { description: 'Context envelope JSON whose records become the receipts' });
  contextEvidenceMode = Option.String('--context-evidence-mode', { description: 'best_effort (default) or required' });
  unsafeContextRaw = Option.Boolean('--unsafe-context-raw', false, { description: 'Allow receipts with redaction_mode=raw' });
  rest = Option.Rest({ name: 'run_record.json' });

  protected async run(): Promise<number> {
    const inputPath = flagOrArgument(this.input, this.rest, 'missing required --input <run_record.json>');
    const { decodeRecordInput, parseCaptureMode, recordRun, writeRunpackBytes, verifyRunpack, ticketFooter, normalizeOutputPath } = await import(
      '@gait/core-runpack'
    );
    const { parseJsonStrict, loadSigningKey, keyId } = await import('@gait/core-sign');

    let text: string;
    try {
      text = await readFile(locate(this.context.cwd, inputPath).io, 'utf8');
    } catch (error) {
      throw new InvalidInputError(`read input: ${(error as Error).message}`, { code: 'input_unreadable' });
    }
    let document: unknown;
    try {
      document = parseJsonStrict(text);
    } catch (error) {
      throw new InvalidInputError(`parse input json: ${(error as Error).message}`, { code: 'input_invalid' });
    }
    const input = decodeRecordInput(document);
    const runIdGiven = (this.runId ?? '').trim();
    if (runIdGiven === '' && !hasRunId(input.run)) throw new InvalidInputError('input run.run_id is required (or set --run-id)', { code: 'run_id_required' });

    const signing = [this.keyMode, this.privateKey, this.privateKeyEnv].some((v) => (v ?? '').trim() !== '');
    const signingKey = signing
      ? loadSigningKey({
          keyMode: ((this.keyMode ?? '').trim() || 'prod') as 'dev' | 'prod',
          privateKeyPath: (this.privateKey ?? '').trim() ? this.resolvePath(this.privateKey!.trim()) : undefined,
          privateKeyEnv: (this.privateKeyEnv ?? '').trim() || undefined,
          env: this.context.env,
        })
      : undefined;

    const envelopeWarnings: string[] = [];
    const contextEnvelope = await this.loadContextEnvelope(input.refs, envelopeWarnings);
    const recorded = recordRun(input, {
      captureMode: this.captureMode !== undefined ? parseCaptureMode(this.captureMode) : undefined,
      runId: runIdGiven || undefined,
      keyPair: signingKey?.keyPair,
      recordPolicy: { contextEvidenceMode: this.contextEvidenceMode, unsafeContextRaw: this.unsafeContextRaw, contextEnvelope },
    });
    const runId = recorded.runpack.run.run_id;
    const outDir = normalizeOutputPath((this.outDir ?? '').trim() || './gait-out');
    const shown = `${outDir}/runpack_${runId}.zip`;
    const target = locate(this.context.cwd, shown);
    await writeRunpackBytes(target.io, recorded.zip);
    const verified = await verifyRunpack(target.io);
    if (verified.missing_files.length + verified.hash_mismatches.length > 0 || verified.signature_status === 'failed') {
      throw new VerificationError('recorded runpack failed verification', { code: 'record_verification_failed' });
    }
    const warnings = [...envelopeWarnings, ...recorded.warnings, ...(signingKey?.warnings ?? [])];
    const footer = ticketFooter(runId, recorded.runpack.manifest.manifest_digest);
    const keyIdValue = signingKey ? keyId(signingKey.keyPair.publicKey) : '';
    const json = {
      ok: true,
      ...omitEmpty({
        run_id: runId,
        bundle: bundlePath(shown),
        manifest_digest: recorded.runpack.manifest.manifest_digest,
        signature_status: signingKey ? 'signed' : 'missing',
        signature_key_id: keyIdValue,
        warnings,
        ticket_footer: footer,
      }),
    };
    const lines = [
      `run_id=${runId}`,
      `bundle=${bundlePath(shown)}`,
      `signature_status=${signingKey ? 'signed' : 'missing'}`,
      ...(keyIdValue ? [`signature_key_id=${keyIdValue}`] : []),
      ...(warnings.length > 0 ? [`warnings=${warnings.join(';')}`] : []),
      `ticket_footer=${footer}`,
    ];
    return this.emit(json, lines);
  }

  /**
   * A context envelope that cannot be read or parsed fails the command only when context evidence
   * is `required`; otherwise it is ignored with a warning, as in the reference.
   */
  private async loadContextEnvelope(refs: unknown, warnings: string[]) {
    const path = (this.contextEnvelope ?? '').trim();
    if (path === '') return undefined;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
      throw new InvalidInputError('context envelope path must be a local filesystem path', { code: 'context_envelope_not_local' });
    }
    const { parseContextEnvelope } = await import('@gait/core-runpack');
    const refsMode = refs && typeof refs === 'object' ? String((refs as Record<string, unknown>).context_evidence_mode ?? '') : '';
    const required = ((this.contextEvidenceMode ?? '').trim() || refsMode).trim().toLowerCase() === 'required';
    let text: string;
    try {
      text = await readFile(locate(this.context.cwd, path).io, 'utf8');
    } catch (error) {
      const message = `read context envelope: ${(error as Error).message}`;
      if (required) throw new InvalidInputError(message, { code: 'context_envelope_unreadable' });
      warnings.push(`context envelope ignored: ${message}`);
      return undefined;
    }
    try {
      return parseContextEnvelope(text);
    } catch (error) {
      if (required) throw error;
      warnings.push(`context envelope ignored: ${(error as Error).message}`);
      return undefined;
    }
  }
}

function hasRunId(run: unknown): boolean {
  if (run === null || typeof run !== 'object') return false;
  return Object.entries(run).some(([key, value]) => key.toLowerCase() === 'run_id' && typeof value === 'string' && value.trim() !== '');
}
