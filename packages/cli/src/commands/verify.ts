import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../gait-command.js';
import { keyOption, loadVerifyKeyFromFlags, locateRunpack, omitEmpty, parseProfile, signatureNote, verifyNextCommands } from './runpack-support.js';

/** `gait verify <run_id|path>`: offline integrity and signature check of a runpack. */
export class VerifyCommand extends GaitCommand {
  static override paths = [['verify']];
  static override explain = 'Verify runpack integrity offline: file hashes, manifest digest, and optional signatures.';
  static override usage = Command.Usage({
    description: 'Verify a runpack offline: every file hash, the manifest digest and the signatures.',
    details: [
      'The argument is a run id (looked up as `./gait-out/runpack_<id>.zip`, then `~/.gait/runpacks/`) or a path.',
      'Exit 0 when intact, 2 when a check fails, 6 when the runpack cannot be read.',
      'Unsigned runpacks pass unless `--require-signature` or `--profile strict` is given;',
      'strict also makes schema violations of any member fatal.',
    ].join(' '),
    examples: [
      ['Verify the demo runpack', '$0 verify run_demo'],
      ['Require a valid signature', '$0 verify ./gait-out/runpack_run_tck.zip --public-key keys/prod_public.key --require-signature --json'],
    ],
  });

  profile = Option.String('--profile', { description: 'standard (default) or strict (signature and key required)' });
  requireSignature = Option.Boolean('--require-signature', false, { description: 'Fail unless a signature verifies' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  targets = Option.Rest({ name: 'run_id|path' });

  protected async run(): Promise<number> {
    if (this.targets.length !== 1) throw new InvalidInputError('expected run_id or path', { code: 'usage' });
    const { strict } = parseProfile(this.profile, this);
    const requireSignature = strict || this.requireSignature;
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    const located = await locateRunpack(this.context.cwd, this.targets[0]!);
    const { verifyRunpack } = await import('@gait/core-runpack');
    const result = await verifyRunpack(located.io, { publicKey, requireSignature, requireSchemaValid: strict });
    const note = signatureNote(result.signature_status, requireSignature);
    const next = verifyNextCommands(result.run_id);
    const json = {
      ok: result.ok,
      path: located.shown,
      ...omitEmpty({
        run_id: result.run_id,
        manifest_digest: result.manifest_digest,
        files_checked: result.files_checked,
        missing_files: result.missing_files,
        hash_mismatches: result.hash_mismatches,
        signature_status: result.signature_status,
        signature_errors: result.signature_errors,
        signatures_total: result.signatures_total,
        signatures_valid: result.signatures_valid,
        undeclared_files: result.undeclared_files,
        unknown_manifest_fields: result.unknown_manifest_fields,
        schema_errors: result.schema_errors,
        failures: result.failures,
      }),
      signature_note: note,
      next_commands: next,
    };
    const text = [
      result.ok ? `verify ok: ${located.shown}` : `verify failed: ${located.shown}`,
      ...(result.missing_files.length > 0 ? [`missing files: ${result.missing_files.join(', ')}`] : []),
      ...(result.hash_mismatches.length > 0 ? [`hash mismatches: ${result.hash_mismatches.length}`] : []),
      ...(result.undeclared_files.length > 0 ? [`undeclared files: ${result.undeclared_files.join(', ')}`] : []),
      ...(result.unknown_manifest_fields.length > 0 ? [`unknown manifest fields: ${result.unknown_manifest_fields.join(', ')}`] : []),
      ...(result.schema_errors.length > 0 ? [`schema errors: ${result.schema_errors.length}`] : []),
      `signature status: ${result.signature_status}`,
      `signature note: ${note}`,
      ...(!result.ok && result.signature_errors.length > 0 ? [`signature errors: ${result.signature_errors.join('; ')}`] : []),
      `next: ${next.join(' | ')}`,
    ];
    return this.emit(json, text, result.ok ? 0 : 2);
  }
}
