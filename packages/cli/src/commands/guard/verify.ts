import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { flagOrArgument, keyOption, loadVerifyKeyFromFlags, locate, omitEmpty, parseProfile } from '../runpack-support.js';
import { failureLines } from '../pack/support.js';
import { guardFamily } from './family.js';

/** `gait guard verify <evidence_pack.zip>`: member digests, undeclared members, pack id and signature. */
export class GuardVerifyCommand extends GaitCommand {
  static override paths = [['guard', 'verify']];
  static override family = guardFamily;
  static override label = 'guard verify';
  static override explain = 'Verify an evidence_pack zip offline by checking pack manifest hashes deterministically.';
  static override usage = Command.Usage({
    description: 'Verify a guard evidence or incident pack offline.',
    details: [
      'Checks every listed member\'s sha256, the signature, and (stricter than the reference) members the manifest does not',
      'list and the pack id. A failed signature fails; an unsigned pack passes unless `--require-signature`. Exit 0, 2 or 6.',
    ].join(' '),
    examples: [['Verify with the signer\'s key', '$0 guard verify evidence_pack_pack_1.zip --public-key keys/prod_public.key --require-signature --json']],
  });

  pathFlag = Option.String('--path', { description: 'Pack zip (or give it as the argument)' });
  profile = Option.String('--profile', { description: 'standard (default) or strict (signature and key required)' });
  requireSignature = Option.Boolean('--require-signature', false, { description: 'Fail unless a signature verifies' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  rest = Option.Rest({ name: 'evidence_pack.zip' });

  protected async run(): Promise<number> {
    const shown = flagOrArgument(this.pathFlag, this.rest, 'expected <evidence_pack.zip>');
    const { strict } = parseProfile(this.profile, this);
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    const { verifyGuardPack } = await import('@gait/core-guard');
    const result = await verifyGuardPack(locate(this.context.cwd, shown).io, { publicKey, requireSignature: strict || this.requireSignature });
    const { ok, ...rest } = result;
    const json = { ok, path: shown, ...omitEmpty(rest) };
    const text = ok ? [`guard verify ok: ${shown}`] : [`guard verify failed: ${shown}`, ...failureLines(result as unknown as Record<string, unknown>)];
    return this.emit(json, text, ok ? 0 : 2);
  }
}
