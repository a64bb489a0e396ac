import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { keyOption, loadVerifyKeyFromFlags } from '../runpack-support.js';
import { csvList } from '../gate/token-support.js';
import { delegateFamily } from './family.js';

/** `gait delegate verify`: full validation of a delegation token, scope included. */
export class DelegateVerifyCommand extends GaitCommand {
  static override paths = [['delegate', 'verify']];
  static override family = delegateFamily;
  static override label = 'delegate';
  static override interspersedFlags = false;
  static override usage = Command.Usage({
    description: 'Verify a delegation token offline.',
    details: 'Checks the signature, expiry and any expectations given. Exit 0 when valid, 2 when a check fails (error_code names it), 6 for unreadable input.',
    examples: [['Verify with expectations', '$0 delegate verify --token delegation.json --public-key keys/lead_public.key --delegator agent.lead --scope write --json']],
  });

  token = Option.String('--token', { description: 'Delegation token file' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  delegator = Option.String('--delegator', { description: 'Expected delegator' });
  delegate = Option.String('--delegate', { description: 'Expected delegate' });
  scope = Option.String('--scope', { description: 'Required scopes, comma-separated' });
  intentDigest = Option.String('--intent-digest', { description: 'Expected intent digest' });
  policyDigest = Option.String('--policy-digest', { description: 'Expected policy digest' });
  rest = Option.Rest({ name: 'unexpected' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const path = (this.token ?? '').trim();
    if (path === '') throw new InvalidInputError('--token is required', { code: 'usage' });
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    if (!publicKey) throw new InvalidInputError('public key not configured', { code: 'key_missing' });
    const gate = await import('@gait/core-gate');
    const { keyId } = await import('@gait/core-sign');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(resolve(this.context.cwd, path), 'utf8'));
    } catch (error) {
      throw new InvalidInputError(`read delegation token: ${(error as Error).message}`, { code: 'input_unreadable' });
    }
    const token = gate.decodeDelegationToken(raw);
    let valid;
    try {
      valid = gate.validateDelegationToken(token, {
        publicKey,
        delegator: this.delegator,
        delegate: this.delegate,
        intentDigest: this.intentDigest,
        policyDigest: this.policyDigest,
        requiredScope: csvList(this.scope),
        now: gate.GoTime.now(),
      });
    } catch (error) {
      if (!(error instanceof gate.TokenError)) throw error;
      return this.fail(error, { fields: { token_id: token.token_id.trim(), token_path: path, error_code: error.code } });
    }
    return this.emit(
      {
        ok: true,
        token_id: valid.token_id,
        token_path: path,
        delegator_identity: valid.delegator_identity,
        delegate_identity: valid.delegate_identity,
        scope: valid.scope,
        ...(valid.scope_class ? { scope_class: valid.scope_class } : {}),
        expires_at: valid.expires_at.utc().toRFC3339(),
        key_id: keyId(publicKey),
        description: 'delegation token verified',
      },
      `delegation token ok: ${path}`,
    );
  }
}
