import { Command, Option } from 'clipanion';
import { KeyPairWriterCommand } from './key-pair-writer.js';

export class KeysInitCommand extends KeyPairWriterCommand {
  static override paths = [['keys', 'init']];
  static override explain = 'Generate a new ed25519 keypair and write base64-encoded key files to disk.';
  static override usage = Command.Usage({
    description: 'Generate a new ed25519 keypair and write base64-encoded key files to disk.',
    details: [
      'Writes `<out-dir>/<prefix>_private.key` and `<out-dir>/<prefix>_public.key`: standard base64 of the',
      'raw 64-byte private key (seed and public key) and of the 32-byte public key, each with a newline.',
      'Files are written atomically, the private key with mode 0600; the folder is created with mode 0750.',
      'Existing key files are never replaced unless `--force` is given.',
    ].join(' '),
    examples: [
      ['Write gait-out/keys/gait_private.key and gait_public.key', '$0 keys init'],
      ['Write keys/prod_*.key and print the key_id as JSON', '$0 keys init --out-dir keys --prefix prod --json'],
    ],
  });

  force = Option.Boolean('--force', false, { description: 'Replace existing key files' });

  protected get overwrite(): boolean {
    return this.force;
  }
}
