import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../gait-command.js';
import { cliVersion } from '../version.js';
import { csvList, parseTtl, signingKeyFromFlags, signingOption, writeTokenFile } from './gate/token-support.js';

/** `gait approve`: mint a signed approval token bound to an intent and a policy. */
export class ApproveCommand extends GaitCommand {
  static override paths = [['approve']];
  static override interspersedFlags = false;
  static override explain = 'Mint a signed approval token with scope and TTL for gate decisions that require explicit approval.';
  static override usage = Command.Usage({
    description: 'Mint a signed approval token with scope and TTL.',
    details:
      'The token binds the intent and policy digests reported by `gait gate eval`; the scope must cover `tool:<tool_name>`. Use `--key-mode prod` with a real key: a dev-mode token never verifies elsewhere.',
    examples: [
      [
        'Approve one write',
        '$0 approve --intent-digest <hex> --policy-digest <hex> --ttl 1h --scope tool:tool.write --approver alice@example.com --reason-code change_approved --key-mode prod --private-key keys/approver_private.key --json',
      ],
    ],
  });

  intentDigest = Option.String('--intent-digest', { description: 'Intent digest the token approves' });
  policyDigest = Option.String('--policy-digest', { description: 'Policy digest the token is bound to' });
  delegationBindingDigest = Option.String('--delegation-binding-digest', { description: 'Optional delegation binding digest' });
  ttl = Option.String('--ttl', { description: 'Lifetime, a Go duration such as 30m or 24h' });
  scope = Option.String('--scope', { description: 'Scopes, comma-separated (e.g. tool:tool.write)' });
  approver = Option.String('--approver', { description: 'Approver identity' });
  reasonCode = Option.String('--reason-code', { description: 'Why it was approved' });
  out = Option.String('--out', { description: 'Token path (default approval_<token_id>.json)' });
  maxTargets = Option.String('--max-targets', { description: 'Most targets the approved intent may have (0 = no limit)' });
  maxOps = Option.String('--max-ops', { description: 'Most operations the token may approve (0 = no limit)' });
  keyMode = signingOption.keyMode();
  privateKey = signingOption.privateKey();
  privateKeyEnv = signingOption.privateKeyEnv();
  rest = Option.Rest({ name: 'unexpected' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const ttl = await parseTtl(this.ttl);
    const scope = csvList(this.scope);
    if (scope.length === 0) throw new InvalidInputError('scope is required', { code: 'usage' });
    const count = (text: string | undefined, flag: string) => {
      if (text === undefined) return 0;
      if (!/^-?\d+$/.test(text.trim())) throw new InvalidInputError(`invalid value "${text}" for flag -${flag}: parse error`, { code: 'usage' });
      return Math.max(0, Number(text.trim()));
    };
    const { keyPair, keyId, warnings } = await signingKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    const { mintApprovalToken, approvalTokenJson } = await import('@gait/core-gate');
    const token = mintApprovalToken(keyPair, {
      intentDigest: this.intentDigest ?? '',
      policyDigest: this.policyDigest ?? '',
      delegationBindingDigest: this.delegationBindingDigest,
      approver: this.approver ?? '',
      reasonCode: this.reasonCode ?? '',
      scope,
      ttlNanos: ttl,
      maxTargets: count(this.maxTargets, 'max-targets'),
      maxOps: count(this.maxOps, 'max-ops'),
      producerVersion: cliVersion,
    });
    const path = (this.out ?? '').trim() || `approval_${token.token_id}.json`;
    await writeTokenFile(this.context.cwd, path, approvalTokenJson(token));
    return this.emit(
      {
        ok: true,
        token_id: token.token_id,
        token_path: path,
        expires_at: token.expires_at.utc().toRFC3339(),
        reason_code: token.reason_code,
        scope: token.scope,
        key_id: keyId,
        ...(warnings.length > 0 ? { warnings } : {}),
        description: 'signed approval token created',
        ...(token.max_targets > 0 ? { max_targets: token.max_targets } : {}),
        ...(token.max_ops > 0 ? { max_ops: token.max_ops } : {}),
      },
      [`approval token created: ${path}`, ...warnings.map((w) => `warning: ${w}`)],
    );
  }
}
