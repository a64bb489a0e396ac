/**
 * `evaluateGate`: everything `gait gate eval` does (gate.md §3.7–§3.13, HEAD exit codes) from
 * flags and files: it reads the policy, intent, keys and tokens, then runs `decideGate` (the path
 * the SDK shares) and writes the trace, audits and credential evidence under their flag or default
 * names. Returns the JSON output object and the exit code.
 */
import { loadSigningKey, loadVerifyKey } from '@gait/core-sign';
import { InvalidInputError } from '@gait/core-errors';
import { type BrokerConfig, resolveBroker } from '../broker/broker.js';
import { compilePolicy } from '../evaluate/compile.js';
import { parseJsonText } from '../go/json-decode.js';
import { lowerTrim, trim } from '../go/strings.js';
import { GoTime } from '../go/time.js';
import { parsePolicyYaml } from '../policy/normalize.js';
import type { Policy } from '../policy/types.js';
import { cleanArtifactPath, readInputFile, writeJsonArtifact } from './files.js';
import { type GateArtifactKind, type GateArtifactSink, type GateDecisionResult, type GateProfile, decideGate, prepareGateIntent } from './gate-decide.js';
import { tokenFileLoader } from './token-files.js';

export type { GateProfile };

export interface KeySource {
  publicKeyPath?: string;
  publicKeyEnv?: string;
  privateKeyPath?: string;
  privateKeyEnv?: string;
}

export interface GateEvalOptions {
  policyPath: string;
  intentPath: string;
  profile?: string;
  keyMode?: string;
  privateKeyPath?: string;
  privateKeyEnv?: string;
  approvalKey?: KeySource;
  delegationKey?: KeySource;
  approvalTokenPaths?: readonly string[];
  delegationTokenPaths?: readonly string[];
  traceOut?: string;
  approvalAuditOut?: string;
  delegationAuditOut?: string;
  credentialEvidenceOut?: string;
  rateLimitStatePath?: string;
  credentialBroker?: string;
  credentialEnvPrefix?: string;
  credentialRef?: string;
  credentialScopes?: readonly string[];
  credentialCommand?: string;
  credentialCommandArgs?: readonly string[];
  simulate?: boolean;
  correlationId?: string;
  producerVersion?: string;
  /** Decision clock (HEAD `--evaluation-time`); default now. */
  now?: GoTime;
  /** Folder default artifact paths and relative inputs resolve against; default process.cwd(). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export type GateEvalResult = GateDecisionResult;

function usage(message: string, code = 'invalid_input'): InvalidInputError {
  return new InvalidInputError(message, { code });
}

function hasSource(k: KeySource | undefined): boolean {
  return !!(k && (trim(k.publicKeyPath ?? '') || trim(k.publicKeyEnv ?? '') || trim(k.privateKeyPath ?? '') || trim(k.privateKeyEnv ?? '')));
}

function isHighRiskActionRule(rule: Policy['rules'][number]): boolean {
  return rule.effect !== 'block' && (rule.match.risk_classes.includes('high') || rule.match.risk_classes.includes('critical'));
}

function checkOssProdPolicy(policy: Policy, broker: BrokerConfig): void {
  if (policy.default_verdict === 'allow') {
    throw usage('oss-prod profile rejects policy default_verdict=allow; use default_verdict: block or require_approval');
  }
  const highRisk = policy.rules.filter(isHighRiskActionRule);
  if (highRisk.some((r) => !r.require_broker_credential)) {
    throw usage('oss-prod profile requires high-risk allow/approval rules to set require_broker_credential: true');
  }
  if (highRisk.some((r) => r.require_broker_credential) && broker.broker === 'off') {
    throw usage('oss-prod profile requires --credential-broker for high-risk policies');
  }
}

export async function evaluateGate(options: GateEvalOptions): Promise<GateEvalResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const producerVersion = options.producerVersion ?? '0.0.0-dev';
  const policyPath = trim(options.policyPath ?? '');
  const intentPath = trim(options.intentPath ?? '');
  if (policyPath === '' || intentPath === '') throw usage('both --policy and --intent are required');
  const profileName = lowerTrim(options.profile ?? '') || 'standard';
  if (profileName !== 'standard' && profileName !== 'oss-prod') {
    throw usage(`unsupported --profile value "${options.profile}" (expected standard or oss-prod)`);
  }
  const profile = profileName as GateProfile;
  const keyMode = lowerTrim(options.keyMode ?? '') || 'dev';
  const ossProd = profile === 'oss-prod';
  if (ossProd) {
    if (options.simulate) throw usage('oss-prod profile does not allow --simulate');
    if (keyMode !== 'prod') throw usage('oss-prod profile requires --key-mode prod');
    if (!trim(options.privateKeyPath ?? '') && !trim(options.privateKeyEnv ?? '')) {
      throw usage('oss-prod profile requires --private-key or --private-key-env');
    }
  }

  const policy = parsePolicyYaml(readInputFile(policyPath, 'policy', cwd));
  const rawIntent = parseJsonText(readInputFile(intentPath, 'intent', cwd), `intent ${intentPath}`);
  const broker = resolveBroker(options.credentialBroker ?? '', {
    envPrefix: options.credentialEnvPrefix || 'GAIT_BROKER_TOKEN_',
    command: options.credentialCommand,
    commandArgs: options.credentialCommandArgs,
    env,
  });
  if (ossProd) checkOssProdPolicy(policy, broker);

  const compiled = compilePolicy(policy);
  const prepared = prepareGateIntent(compiled, rawIntent, { producerVersion });
  const signing = loadSigningKey({ keyMode: keyMode as 'dev' | 'prod', privateKeyPath: options.privateKeyPath, privateKeyEnv: options.privateKeyEnv, env });
  const verifyKey = (k: KeySource | undefined) => (hasSource(k) ? () => loadVerifyKey({ ...k, env }) : undefined);
  const explicitPaths: Partial<Record<GateArtifactKind, string | undefined>> = {
    trace: options.traceOut,
    approval_audit: options.approvalAuditOut,
    delegation_audit: options.delegationAuditOut,
    credential_evidence: options.credentialEvidenceOut,
  };
  // Artifacts land next to the working folder under their default names unless a flag names them.
  const sink: GateArtifactSink = async (kind, defaultName, record) => {
    const chosen = trim(explicitPaths[kind] ?? '') || defaultName;
    const path = kind === 'trace' ? cleanArtifactPath(chosen, 'trace') : chosen;
    await writeJsonArtifact(path, record, cwd);
    return path;
  };
  return decideGate({
    policy: compiled,
    intent: rawIntent,
    prepared,
    profile,
    signingKey: signing.keyPair,
    warnings: signing.warnings,
    approvalPublicKey: verifyKey(options.approvalKey),
    delegationPublicKey: verifyKey(options.delegationKey),
    approvalTokens: tokenFileLoader(options.approvalTokenPaths ?? [], 'approval token', cwd),
    delegationTokens: tokenFileLoader(options.delegationTokenPaths ?? [], 'delegation token', cwd),
    rateLimitStatePath: resolveIn(cwd, trim(options.rateLimitStatePath ?? '') || '.gait-out/gate_rate_limits.json'),
    broker,
    credentialRef: options.credentialRef,
    credentialScopes: options.credentialScopes,
    simulate: options.simulate,
    correlationId: options.correlationId,
    producerVersion,
    now: options.now ?? GoTime.now(),
    sink,
  });
}

function resolveIn(cwd: string, path: string): string {
  return path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
}
