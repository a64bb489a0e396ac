import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../gait-command.js';
import { keyOption, loadVerifyKeyFromFlags, locate, omitEmpty, parseProfile } from './runpack-support.js';

/** `gait verify session-chain --chain C`: linkage of the checkpoints and each checkpoint runpack. */
export class VerifySessionChainCommand extends GaitCommand {
  static override paths = [['verify', 'session-chain']];
  static override explain =
    'Verify session checkpoint chains, including per-checkpoint runpack integrity/signatures and prev_checkpoint_digest linkage continuity.';
  static override usage = Command.Usage({
    description: 'Verify a session checkpoint chain and every checkpoint runpack it names.',
    details: [
      'Checks checkpoint indexes, previous-digest links, sequence ranges and checkpoint digests, then verifies each',
      "checkpoint runpack (paths are relative to the current folder, as the writer recorded them). Beyond the reference,",
      'it checks that checkpoints and their runpacks carry the chain\'s session and run ids, and compares the chain with',
      'its journal (found beside it as `X.jsonl` for `X_chain.json`) so a dropped last checkpoint fails. Exit 0 or 2.',
    ].join(' '),
    examples: [['Verify a chain', '$0 verify session-chain --chain sessions/demo.journal_chain.json --json']],
  });

  chain = Option.String('--chain', { description: 'Session chain JSON file' });
  profile = Option.String('--profile', { description: 'standard (default) or strict (signatures and key required)' });
  requireSignature = Option.Boolean('--require-signature', false, { description: 'Every checkpoint runpack must carry a verified signature' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  targets = Option.Rest({ name: 'chain' });

  protected async run(): Promise<number> {
    const given = (this.chain ?? '').trim() || (this.targets.length === 1 ? this.targets[0]!.trim() : '');
    if (given === '' || this.targets.length > 1 || (this.chain && this.targets.length > 0)) {
      throw new InvalidInputError('expected --chain <session_chain.json>', { code: 'usage' });
    }
    const { strict } = parseProfile(this.profile, this);
    const requireSignature = strict || this.requireSignature;
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    const chainPath = locate(this.context.cwd, given);
    const { verifySessionChain } = await import('@gait/core-runpack');
    const result = await verifySessionChain(chainPath.io, { publicKey, requireSignature, cwd: this.context.cwd });
    const json = {
      ok: result.ok,
      chain_path: chainPath.shown,
      ...omitEmpty({
        session_id: result.session_id,
        run_id: result.run_id,
        checkpoints_checked: result.checkpoints_checked,
        linkage_errors: result.linkage_errors,
        checkpoint_errors: result.checkpoint_errors,
        journal_path: result.journal_path ? locateShown(this.context.cwd, result.journal_path) : undefined,
      }),
    };
    const text = result.ok
      ? [`verify session-chain: ok (${chainPath.shown})`, `session=${result.session_id} run=${result.run_id} checkpoints=${result.checkpoints_checked}`]
      : [
          `verify session-chain failed: ${chainPath.shown}`,
          ...(result.linkage_errors.length > 0 ? [`linkage errors: ${result.linkage_errors.join('; ')}`] : []),
          ...(result.checkpoint_errors.length > 0 ? [`checkpoint errors: ${result.checkpoint_errors.join('; ')}`] : []),
        ];
    return this.emit(json, text, result.ok ? 0 : 2);
  }
}

/** Report a path relative to the working folder when it lies inside it. */
function locateShown(cwd: string, path: string): string {
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}
