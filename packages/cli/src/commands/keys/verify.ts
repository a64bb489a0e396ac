import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { keysFamily } from './family.js';

export class KeysVerifyCommand extends GaitCommand {
  static override paths = [['keys', 'verify']];
  static override family = keysFamily;
  static override explain =
    'Validate that configured signing key sources decode correctly and that public/private keys match.';
  static override usage = Command.Usage({
    description: 'Validate that configured signing key sources decode correctly and that public/private keys match.',
    details: [
      'Loads the private key from a file (`--private-key`) or an environment variable (`--private-key-env`),',
      'checks its length and that its public half matches its seed, and reports its key_id (sha256 of the',
      'public key). With `--public-key` or `--public-key-env` the public key must match the private key.',
    ].join(' '),
    examples: [
      ['Check a key pair on disk', '$0 keys verify --private-key keys/prod_private.key --public-key keys/prod_public.key'],
      ['Check a private key held in an environment variable', '$0 keys verify --private-key-env GAIT_PRIVATE_KEY --json'],
    ],
  });

  privateKey = Option.String('--private-key', { description: 'Private key file (base64)' });
  privateKeyEnv = Option.String('--private-key-env', { description: 'Environment variable holding the private key (base64)' });
  publicKey = Option.String('--public-key', { description: 'Public key file to check against the private key' });
  publicKeyEnv = Option.String('--public-key-env', { description: 'Environment variable holding the public key' });

  protected async run(): Promise<number> {
    const { verifyKeySources } = await import('./engine.js');
    const verified = verifyKeySources({
      privateKeyPath: this.privateKey ?? '',
      privateKeyEnv: this.privateKeyEnv ?? '',
      publicKeyPath: this.publicKey ?? '',
      publicKeyEnv: this.publicKeyEnv ?? '',
      env: this.context.env,
      resolvePath: (path) => this.resolvePath(path),
    });
    return this.emit(
      {
        ok: true,
        key_id: verified.keyId,
        private_key_source: verified.privateKeySource,
        public_key_source: verified.publicKeySource,
      },
      `keys verify ok: key_id=${verified.keyId}`,
    );
  }
}
