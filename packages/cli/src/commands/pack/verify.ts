import { Command, Option } from 'clipanion';
import { keyOption, loadVerifyKeyFromFlags, locate, parseProfile } from '../runpack-support.js';
import { PackCommand } from './family.js';
import { failureLines, verifyJson } from './support.js';

/** `gait pack verify <pack.zip>`: PackSpec packs, and legacy runpacks and guard packs by their own rules. */
export class PackVerifyCommand extends PackCommand {
  static override paths = [['pack', 'verify']];
  static override label = 'pack verify';
  static override usage = Command.Usage({
    description: 'Verify a pack offline: member digests, undeclared members, the pack id, the payload contract, proof records and signatures.',
    details: [
      'Also accepts runpacks and guard evidence or incident packs. Exit 0 when intact, 2 when a check fails, 6 when the zip',
      'cannot be read. A signature that fails verification fails the pack, as in v1.4.0.',
    ].join(' '),
    examples: [['Verify a signed pack', '$0 pack verify ./gait-out/pack_1234.zip --public-key keys/prod_public.key --require-signature --json']],
  });
  protected readonly operation = 'verify';

  pathFlag = Option.String('--path', { description: 'Pack zip (or give it as the argument)' });
  profile = Option.String('--profile', { description: 'standard (default) or strict (signature and key required)' });
  requireSignature = Option.Boolean('--require-signature', false, { description: 'Fail unless a signature verifies' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  rest = Option.Rest({ name: 'pack.zip' });

  protected async run(): Promise<number> {
    const shown = this.pathArgument(this.pathFlag, this.rest, 'expected <pack.zip>');
    const { strict } = parseProfile(this.profile, this);
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    const { verifyPack } = await import('@gait/core-pack');
    const result = await verifyPack(locate(this.context.cwd, shown).io, { publicKey, requireSignature: strict || this.requireSignature });
    const json = this.envelope({
      ok: result.ok,
      path: shown,
      pack_id: result.pack_id,
      pack_type: result.pack_type,
      source_ref: result.source_ref,
      verify: verifyJson(result as unknown as Record<string, unknown>),
    });
    const text = result.ok ? [`pack verify ok: ${shown}`] : [`pack verify failed: ${shown}`, ...failureLines(result as unknown as Record<string, unknown>)];
    return this.emit(json, text, result.ok ? 0 : 2);
  }
}
