import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';

const gateFamily = {
  name: 'gate',
  explain: 'Evaluate structured tool intents against policy, enforce approval flows, and emit signed trace records.',
};

const csv = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** `gait gate eval`: one intent against one policy, with approvals, delegation, brokers and a signed trace. */
export class GateEvalCommand extends GaitCommand {
  static override paths = [['gate', 'eval']];
  static override family = gateFamily;
  static override interspersedFlags = false;
  static override explain =
    'Run policy evaluation for a single intent request, optionally simulate non-enforcing rollout, and write signed gate artifacts.';
  static override usage = Command.Usage({
    description: 'Evaluate one intent against one policy and write a signed trace.',
    details: [
      'Runs the full gate: policy rules, rate limits, delegation and approval tokens, credential brokers,',
      'then signs a trace (`trace_<trace_id>.json` unless `--trace-out`). Exit 0 for allow or dry_run,',
      '3 for block, 4 for require_approval without enough valid approvals, 6 for bad input.',
    ].join(' '),
    examples: [
      ['Evaluate with a production key', '$0 gate eval --policy policy.yaml --intent intent.json --key-mode prod --private-key keys/gait_private.key --json'],
      ['Dry-run a rollout without enforcing', '$0 gate eval --policy policy.yaml --intent intent.json --simulate --json'],
    ],
  });

  policy = Option.String('--policy', { description: 'Policy YAML' });
  intent = Option.String('--intent', { description: 'Intent request JSON' });
  traceOut = Option.String('--trace-out', { description: 'Trace path (default trace_<trace_id>.json)' });
  approvalTokenRef = Option.String('--approval-token-ref', { description: 'Approval token reference (informational)' });
  approvalToken = Option.String('--approval-token', { description: 'Approval token file' });
  approvalTokenChain = Option.String('--approval-token-chain', { description: 'Approval token files, comma-separated' });
  approvalAuditOut = Option.String('--approval-audit-out', { description: 'Approval audit path' });
  delegationToken = Option.String('--delegation-token', { description: 'Delegation token file' });
  delegationTokenChain = Option.String('--delegation-token-chain', { description: 'Delegation token files, comma-separated' });
  delegationAuditOut = Option.String('--delegation-audit-out', { description: 'Delegation audit path' });
  approvalPublicKey = Option.String('--approval-public-key', { description: 'Approval verify key file' });
  approvalPublicKeyEnv = Option.String('--approval-public-key-env', { description: 'Env var with the approval verify key' });
  approvalPrivateKey = Option.String('--approval-private-key', { description: 'Approval private key file (its public half verifies)' });
  approvalPrivateKeyEnv = Option.String('--approval-private-key-env', { description: 'Env var with the approval private key' });
  delegationPublicKey = Option.String('--delegation-public-key', { description: 'Delegation verify key file' });
  delegationPublicKeyEnv = Option.String('--delegation-public-key-env', { description: 'Env var with the delegation verify key' });
  delegationPrivateKey = Option.String('--delegation-private-key', { description: 'Delegation private key file' });
  delegationPrivateKeyEnv = Option.String('--delegation-private-key-env', { description: 'Env var with the delegation private key' });
  keyMode = Option.String('--key-mode', { description: 'dev (ephemeral key, default) or prod' });
  privateKey = Option.String('--private-key', { description: 'Trace signing key file (prod mode)' });
  privateKeyEnv = Option.String('--private-key-env', { description: 'Env var with the trace signing key' });
  profile = Option.String('--profile', { description: 'standard (default) or oss-prod' });
  rateLimitState = Option.String('--rate-limit-state', { description: 'Rate limit state (default .gait-out/gate_rate_limits.json)' });
  credentialBroker = Option.String('--credential-broker', { description: 'off (default), stub, env or command' });
  credentialEnvPrefix = Option.String('--credential-env-prefix', { description: 'Env broker prefix (default GAIT_BROKER_TOKEN_)' });
  credentialRef = Option.String('--credential-ref', { description: 'Broker credential reference' });
  credentialScopes = Option.String('--credential-scopes', { description: 'Extra broker scopes, comma-separated' });
  credentialCommand = Option.String('--credential-command', { description: 'Command broker executable' });
  credentialCommandArgs = Option.String('--credential-command-args', { description: 'Command broker arguments, comma-separated' });
  credentialEvidenceOut = Option.String('--credential-evidence-out', { description: 'Credential evidence path' });
  config = Option.String('--config', { description: 'Project defaults file (default .gait/config.yaml)' });
  noConfig = Option.Boolean('--no-config', false, { description: 'Ignore the project defaults file' });
  simulate = Option.Boolean('--simulate', false, { description: 'Evaluate without enforcing (exit 0)' });
  rest = Option.Rest({ name: 'unexpected' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const gate = await import('@gait/core-gate');
    const cfg = this.noConfig ? {} : gate.loadGateConfig(this.config ?? '', this.context.cwd);
    const pick = (flag: string | undefined, key: keyof typeof cfg) => (flag !== undefined && flag.trim() !== '' ? flag : cfg[key]);
    const approvalKey = {
      publicKeyPath: pick(this.approvalPublicKey, 'approval_public_key'),
      publicKeyEnv: pick(this.approvalPublicKeyEnv, 'approval_public_key_env'),
      privateKeyPath: pick(this.approvalPrivateKey, 'approval_private_key'),
      privateKeyEnv: pick(this.approvalPrivateKeyEnv, 'approval_private_key_env'),
    };
    const resolveKey = (k: Record<string, string | undefined>) =>
      Object.fromEntries(Object.entries(k).map(([name, value]) => [name, value && name.endsWith('Path') ? this.resolvePath(value) : value]));
    const result = await gate.evaluateGate({
      policyPath: pick(this.policy, 'policy') ?? '',
      intentPath: this.intent ?? '',
      profile: pick(this.profile, 'profile'),
      keyMode: pick(this.keyMode, 'key_mode'),
      privateKeyPath: pick(this.privateKey, 'private_key') && this.resolvePath(pick(this.privateKey, 'private_key')!),
      privateKeyEnv: pick(this.privateKeyEnv, 'private_key_env'),
      approvalKey: resolveKey(approvalKey),
      delegationKey: resolveKey({
        publicKeyPath: this.delegationPublicKey,
        publicKeyEnv: this.delegationPublicKeyEnv,
        privateKeyPath: this.delegationPrivateKey,
        privateKeyEnv: this.delegationPrivateKeyEnv,
      }),
      approvalTokenPaths: [...(this.approvalToken ? [this.approvalToken] : []), ...csv(this.approvalTokenChain)],
      delegationTokenPaths: [...(this.delegationToken ? [this.delegationToken] : []), ...csv(this.delegationTokenChain)],
      traceOut: pick(this.traceOut, 'trace_path'),
      approvalAuditOut: this.approvalAuditOut,
      delegationAuditOut: this.delegationAuditOut,
      credentialEvidenceOut: pick(this.credentialEvidenceOut, 'credential_evidence_path'),
      rateLimitStatePath: pick(this.rateLimitState, 'rate_limit_state'),
      credentialBroker: pick(this.credentialBroker, 'credential_broker'),
      credentialEnvPrefix: pick(this.credentialEnvPrefix, 'credential_env_prefix'),
      credentialRef: pick(this.credentialRef, 'credential_ref'),
      credentialScopes: csv(pick(this.credentialScopes, 'credential_scopes')),
      credentialCommand: pick(this.credentialCommand, 'credential_command'),
      credentialCommandArgs: csv(pick(this.credentialCommandArgs, 'credential_command_args')),
      simulate: this.simulate,
      correlationId: this.context.correlationId,
      producerVersion: cliVersion,
      cwd: this.context.cwd,
      env: this.context.env,
    });
    const out = result.output;
    return this.emit(out, () => gateText(out), result.exitCode);
  }
}

function gateText(out: Record<string, unknown>): string[] {
  const lines = [`gate eval: verdict=${String(out.verdict)}`, `trace: ${String(out.trace_path)}`];
  if (out.simulate_mode) lines.push(`simulate: would_have_blocked=${String(out.would_have_blocked ?? false)} simulated_verdict=${String(out.simulated_verdict)}`);
  const list = (key: string) => (Array.isArray(out[key]) ? (out[key] as string[]) : []);
  if (list('reason_codes').length) lines.push(`reasons: ${list('reason_codes').join(',')}`);
  if (list('violations').length) lines.push(`violations: ${list('violations').join(',')}`);
  if (out.required_approvals) lines.push(`approvals: ${String(out.valid_approvals ?? 0)}/${String(out.required_approvals)}`);
  if (out.approval_audit_path) lines.push(`approval audit: ${String(out.approval_audit_path)}`);
  if (out.delegation_required) lines.push(`delegations: ${String(out.valid_delegations ?? 0)}`);
  if (out.delegation_audit_path) lines.push(`delegation audit: ${String(out.delegation_audit_path)}`);
  if (out.credential_ref) lines.push(`credential: ${String(out.credential_ref)} (${String(out.credential_issuer)})`);
  if (out.credential_evidence_path) lines.push(`credential evidence: ${String(out.credential_evidence_path)}`);
  for (const w of list('warnings')) lines.push(`warning: ${w}`);
  return lines;
}
