import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { csvList, parseTtl, signingKeyFromFlags, signingOption, writeTokenFile } from '../gate/token-support.js';
import { delegateFamily } from './family.js';

/** `gait delegate mint`: a signed token that lets a delegate act for a delegator within a scope. */
export class DelegateMintCommand extends GaitCommand {
  static override paths = [['delegate', 'mint']];
  static override family = delegateFamily;
  static override label = 'delegate';
  static override interspersedFlags = false;
  static override usage = Command.Usage({
    description: 'Mint a signed delegation token.',
    details: 'Binds delegator, delegate, scope and an optional scope class, intent digest and policy digest; `gait gate eval --delegation-token` consumes it.',
    examples: [
      [
        'Let a specialist agent write for its lead',
        '$0 delegate mint --delegator agent.lead --delegate agent.specialist --scope write --scope-class write --ttl 1h --key-mode prod --private-key keys/lead_private.key --json',
      ],
    ],
  });

  delegator = Option.String('--delegator', { description: 'Identity granting authority' });
  delegate = Option.String('--delegate', { description: 'Identity receiving authority' });
  scope = Option.String('--scope', { description: 'Scopes, comma-separated' });
  scopeClass = Option.String('--scope-class', { description: 'Scope class (e.g. write)' });
  ttl = Option.String('--ttl', { description: 'Lifetime, a Go duration such as 1h' });
  intentDigest = Option.String('--intent-digest', { description: 'Optional intent digest binding' });
  policyDigest = Option.String('--policy-digest', { description: 'Optional policy digest binding' });
  out = Option.String('--out', { description: 'Token path (default delegation_<token_id>.json)' });
  keyMode = signingOption.keyMode();
  privateKey = signingOption.privateKey();
  privateKeyEnv = signingOption.privateKeyEnv();
  rest = Option.Rest({ name: 'unexpected' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const scope = csvList(this.scope);
    if (scope.length === 0) throw new InvalidInputError('scope is required', { code: 'usage' });
    const ttl = await parseTtl(this.ttl);
    const { keyPair, keyId, warnings } = await signingKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    const { mintDelegationToken, delegationTokenJson } = await import('@gait/core-gate');
    const token = mintDelegationToken(keyPair, {
      delegator: this.delegator ?? '',
      delegate: this.delegate ?? '',
      scope,
      scopeClass: this.scopeClass,
      intentDigest: this.intentDigest,
      policyDigest: this.policyDigest,
      ttlNanos: ttl,
      producerVersion: cliVersion,
    });
    const path = (this.out ?? '').trim() || `delegation_${token.token_id}.json`;
    await writeTokenFile(this.context.cwd, path, delegationTokenJson(token));
    return this.emit(
      {
        ok: true,
        token_id: token.token_id,
        token_path: path,
        delegator_identity: token.delegator_identity,
        delegate_identity: token.delegate_identity,
        scope: token.scope,
        ...(token.scope_class ? { scope_class: token.scope_class } : {}),
        expires_at: token.expires_at.utc().toRFC3339(),
        key_id: keyId,
        ...(warnings.length > 0 ? { warnings } : {}),
        description: 'signed delegation token created',
      },
      [`delegation token ok: ${path}`, ...warnings.map((w) => `warning: ${w}`)],
    );
  }
}
