import { readFile } from 'node:fs/promises';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../gait-command.js';
import { keyOption, loadVerifyKeyFromFlags, locate, locateRunpack, omitEmpty, parseProfile, signatureNote, verifyNextCommands } from './runpack-support.js';

/** `gait verify chain --run X [--trace T] [--pack P]`: one verdict over a runpack, a trace and an evidence pack. */
export class VerifyChainCommand extends GaitCommand {
  static override paths = [['verify', 'chain']];
  static override label = 'verify chain';
  static override explain = 'Verify runpack, trace, and evidence pack artifacts together to produce one deterministic integrity verdict.';
  static override usage = Command.Usage({
    description: 'Verify a runpack, and optionally a gate trace and a guard evidence pack, as one chain.',
    details: 'The trace check needs a key. `ok` is true only when every given part verifies; exit 0, 2 when a part fails, 6 for unreadable input.',
    examples: [
      ['Verify the whole chain', '$0 verify chain --run run_demo --trace trace_1.json --pack evidence_pack_x.zip --public-key keys/prod_public.key --json'],
    ],
  });

  runRef = Option.String('--run', { description: 'Run id or runpack path' });
  trace = Option.String('--trace', { description: 'Signed gate trace JSON' });
  pack = Option.String('--pack', { description: 'Guard evidence or incident pack' });
  profile = Option.String('--profile', { description: 'standard (default) or strict (signature and key required)' });
  requireSignature = Option.Boolean('--require-signature', false, { description: 'Every part must carry a verified signature' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  rest = Option.Rest({ name: '' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const runRef = (this.runRef ?? '').trim();
    if (runRef === '') throw new InvalidInputError('--run is required', { code: 'usage' });
    const { strict } = parseProfile(this.profile, this);
    const requireSignature = strict || this.requireSignature;
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));

    const located = await locateRunpack(this.context.cwd, runRef);
    const { verifyRunpack } = await import('@gait/core-runpack');
    const runResult = await verifyRunpack(located.io, { publicKey, requireSignature });
    const run = {
      ok: runResult.ok,
      path: located.shown,
      ...omitEmpty({
        run_id: runResult.run_id,
        manifest_digest: runResult.manifest_digest,
        files_checked: runResult.files_checked,
        missing_files: runResult.missing_files,
        hash_mismatches: runResult.hash_mismatches,
        undeclared_files: runResult.undeclared_files,
        signature_status: runResult.signature_status,
        signature_errors: runResult.signature_errors,
        signatures_total: runResult.signatures_total,
        signatures_valid: runResult.signatures_valid,
      }),
      signature_note: signatureNote(runResult.signature_status, requireSignature),
      next_commands: verifyNextCommands(runResult.run_id),
    };
    const output: Record<string, unknown> = { run };
    let ok = run.ok;
    const lines = [`runpack: ${located.shown}`];
    try {
      const tracePath = (this.trace ?? '').trim();
      if (tracePath !== '') {
        if (!publicKey) throw new InvalidInputError('trace verification requires --public-key/--public-key-env or private key source', { code: 'key_missing' });
        const trace = await this.readTrace(tracePath);
        const { verifyTraceRecord } = await import('@gait/core-gate');
        const result = verifyTraceRecord(trace, publicKey);
        output.trace = { path: tracePath, ...omitEmpty({ ...result }), ok: result.ok };
        ok &&= result.ok;
        lines.push(`trace: ${tracePath} (${result.signature_status})`);
      }
      const packPath = (this.pack ?? '').trim();
      if (packPath !== '') {
        const { verifyGuardPack } = await import('@gait/core-guard');
        const { ok: packOk, ...result } = await verifyGuardPack(locate(this.context.cwd, packPath).io, { publicKey, requireSignature });
        output.pack = { ok: packOk, path: packPath, ...omitEmpty(result) };
        ok &&= packOk;
        lines.push(`pack: ${packPath} (${result.signature_status})`);
      }
    } catch (error) {
      return this.fail(error, { fields: { run } });
    }
    return this.emit({ ok, ...output }, [ok ? 'verify chain: ok' : 'verify chain failed', ...lines], ok ? 0 : 2);
  }

  private async readTrace(path: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(locate(this.context.cwd, path).io, 'utf8');
    } catch (error) {
      throw new InvalidInputError(`read trace ${path}: ${(error as Error).message}`, { code: 'input_unreadable' });
    }
    const { parseJsonStrict } = await import('@gait/core-sign');
    return parseJsonStrict(text);
  }
}
