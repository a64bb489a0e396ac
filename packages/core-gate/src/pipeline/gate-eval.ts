/**
 * `evaluateGate`: everything `gait gate eval` does (gate.md §3.7–§3.13, HEAD exit codes), as one
 * function the CLI and SDK share. Returns the JSON output object and the exit code; writes the
 * trace, audits, credential evidence and rate-limit state.
 */
import { type Ed25519KeyPair, loadSigningKey, loadVerifyKey } from '@gait/core-sign';
import { InvalidInputError } from '@gait/core-errors';
import { approvalAuditRecord, credentialEvidenceRecord, delegationAuditRecord } from '../audit/records.js';
import { type BrokerConfig, issueCredential, resolveBroker } from '../broker/broker.js';
import { compilePolicy } from '../evaluate/compile.js';
import { stripUnverifiedContextEvidence } from '../evaluate/context-evidence.js';
import { evaluateIntent } from '../evaluate/evaluate.js';
import type { EvalOutcome } from '../evaluate/types.js';
import { isObject, parseJsonText } from '../go/json-decode.js';
import { lowerTrim, trim, uniqueSorted } from '../go/strings.js';
import { GoTime } from '../go/time.js';
import { delegationBindingDigest } from '../intent/digest.js';
import { decodeIntent, normalizeRawIntent } from '../intent/normalize.js';
import type { NormalizedIntent } from '../intent/types.js';
import { parsePolicyYaml } from '../policy/normalize.js';
import type { Policy, Verdict } from '../policy/types.js';
import { enforceRateLimit } from '../state/rate-limit.js';
import { buildTrace, signTrace, traceIdFor } from '../trace/record.js';
import { runApprovalStep } from './approvals.js';
import { runDelegationStep } from './delegation.js';
import { cleanArtifactPath, readInputFile, writeJsonArtifact } from './files.js';

export type GateProfile = 'standard' | 'oss-prod';

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

export interface GateEvalResult {
  exitCode: 0 | 3 | 4;
  output: Record<string, unknown>;
  outcome: EvalOutcome;
  intent: NormalizedIntent;
  policy: Policy;
  trace: Record<string, unknown>;
}

function usage(message: string, code = 'invalid_input'): InvalidInputError {
  return new InvalidInputError(message, { code });
}

function hasSource(k: KeySource | undefined): boolean {
  return !!(k && (trim(k.publicKeyPath ?? '') || trim(k.publicKeyEnv ?? '') || trim(k.privateKeyPath ?? '') || trim(k.privateKeyEnv ?? '')));
}

function verifyKeyFrom(k: KeySource, env: NodeJS.ProcessEnv | undefined): Uint8Array | undefined {
  return loadVerifyKey({ ...k, env });
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

/** Exit code from the final verdict (HEAD `gateEvalExitCodeForVerdict`). */
function exitCodeFor(verdict: Verdict, preset: 0 | 3 | 4): 0 | 3 | 4 {
  if (verdict === 'block') return 3;
  if (verdict === 'require_approval' && preset === 0) return 4;
  return preset;
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

  const decoded = decodeIntent(rawIntent);
  let normalized: NormalizedIntent;
  try {
    normalized = normalizeRawIntent(decoded);
  } catch (error) {
    throw new InvalidInputError(`normalize intent: ${(error as Error).message}`, { code: 'intent_invalid', cause: error });
  }
  const intent = stripUnverifiedContextEvidence(normalized);
  const compiled = compilePolicy(policy);
  const started = process.hrtime.bigint();
  const outcome = evaluateIntent(compiled, intent, { producerVersion, contextEvidenceVerified: true });
  const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
  const now = options.now ?? GoTime.now();
  const policyDigest = compiled.policyDigest;
  const bindingDigest = delegationBindingDigest(intent);
  const destructiveApply = intent.context.phase === 'apply' && intent.targets.some((t) => t.destructive);
  const requiredScope = [`tool:${intent.tool_name}`, ...(destructiveApply ? ['destructive:apply', 'phase:apply'] : [])];

  let verdict: Verdict = outcome.result.verdict;
  const reasons = [...outcome.result.reason_codes];
  let violations = [...outcome.result.violations];
  let exitPreset: 0 | 3 | 4 = 0;
  const output: Record<string, unknown> = { ok: true, profile };

  const rateLimit = outcome.rate_limit;
  if (rateLimit.requests > 0) {
    const statePath = trim(options.rateLimitStatePath ?? '') || '.gait-out/gate_rate_limits.json';
    const decision = await enforceRateLimit(resolveIn(cwd, statePath), rateLimit, intent, now);
    if (!decision.allowed) {
      verdict = 'block';
      reasons.push('rate_limit_exceeded');
      violations.push('rate_limit_exceeded');
    }
    Object.assign(output, {
      rate_limit_scope: decision.scope,
      rate_limit_key: decision.key,
      rate_limit_used: decision.used,
      rate_limit_remaining: decision.remaining,
    });
  }

  const signing = loadSigningKey({ keyMode: keyMode as 'dev' | 'prod', privateKeyPath: options.privateKeyPath, privateKeyEnv: options.privateKeyEnv, env });
  const keyPair: Ed25519KeyPair = signing.keyPair;
  const warnings = [...signing.warnings];

  let delegationEntries: ReturnType<typeof runDelegationStep>['entries'] = [];
  let delegationRef = '';
  let validDelegations = 0;
  if (outcome.require_delegation) {
    const source = hasSource(options.delegationKey) ? options.delegationKey! : hasSource(options.approvalKey) ? options.approvalKey! : undefined;
    if (ossProd && !source) {
      throw usage('oss-prod profile requires explicit delegation verify key (--delegation-public-key/--delegation-public-key-env or private key source)');
    }
    const rawDelegation = isObject(rawIntent) ? (rawIntent as Record<string, unknown>).delegation : undefined;
    const step = runDelegationStep({
      tokenPaths: options.delegationTokenPaths ?? [],
      publicKey: source ? verifyKeyFrom(source, env) : keyPair.publicKey,
      expectedDelegate: isObject(rawDelegation) && typeof rawDelegation.requester_identity === 'string' ? rawDelegation.requester_identity : decoded.delegation?.requester_identity ?? '',
      expectedDelegator: intent.delegation?.chain.at(-1)?.delegator_identity ?? '',
      intentDigest: intent.intent_digest,
      policyDigest,
      now,
      cwd,
    });
    reasons.push(...step.reasons);
    violations.push(...step.violations);
    delegationEntries = step.entries;
    delegationRef = step.delegationRef;
    validDelegations = step.validCount;
    if (!step.granted) {
      verdict = 'block';
      exitPreset = 3;
    }
  }

  let approvalEntries: ReturnType<typeof runApprovalStep>['entries'] = [];
  let approvalRef = '';
  let validApprovals = 0;
  // The audit records the approvals the policy asked for, even when delegation already blocked.
  let requiredApprovals = outcome.result.verdict === 'require_approval' ? Math.max(1, outcome.min_approvals) : 0;
  if (verdict === 'require_approval') {
    if (ossProd && !hasSource(options.approvalKey)) {
      throw usage('oss-prod profile requires explicit approval verify key (--approval-public-key/--approval-public-key-env or approval private key source)');
    }
    const step = runApprovalStep({
      tokenPaths: options.approvalTokenPaths ?? [],
      required: requiredApprovals,
      requireDistinct: outcome.require_distinct_approvers,
      publicKey: hasSource(options.approvalKey) ? verifyKeyFrom(options.approvalKey!, env) : keyPair.publicKey,
      intentDigest: intent.intent_digest,
      policyDigest,
      delegationBindingDigest: bindingDigest,
      requiredScope,
      targetCount: intent.targets.length,
      now,
      cwd,
    });
    reasons.push(...step.reasons);
    violations.push(...step.violations);
    approvalEntries = step.entries;
    validApprovals = step.validCount;
    approvalRef = step.approvalRef;
    if (step.granted) verdict = 'allow';
    else exitPreset = exitPreset || 4;
  }

  let credential: ReturnType<typeof issueCredential>;
  const brokerReference = trim(options.credentialRef ?? '') || outcome.broker_reference;
  const brokerScope = uniqueSorted([...outcome.broker_scopes, ...(options.credentialScopes ?? [])].map((s) => s.toLowerCase()));
  if (outcome.require_broker_credential && verdict === 'allow') {
    if (broker.broker === 'off') {
      verdict = 'block';
      reasons.push('broker_credential_required');
      violations.push('broker_credential_missing');
    } else {
      credential = issueCredential(
        broker,
        {
          toolName: intent.tool_name,
          identity: intent.context.identity,
          workspace: intent.context.workspace,
          sessionId: intent.context.session_id,
          requestId: intent.context.request_id,
          reference: brokerReference,
          scope: brokerScope,
        },
        now,
      );
      if (credential) {
        reasons.push('broker_credential_present');
        output.credential_issuer = credential.issued_by;
        output.credential_ref = credential.credential_ref;
      } else {
        verdict = 'block';
        reasons.push('broker_credential_missing');
        violations.push('broker_credential_missing');
      }
    }
  }

  let finalReasons = uniqueSorted(reasons);
  if (options.simulate) {
    const simulatedVerdict = verdict;
    const simulatedReasons = finalReasons;
    const wouldHaveBlocked = verdict === 'block' || verdict === 'require_approval';
    const extra = ['simulate_mode_non_enforcing'];
    if (wouldHaveBlocked) {
      extra.push(`simulated_${verdict}`);
      verdict = 'allow';
      violations = [];
    }
    finalReasons = uniqueSorted([...finalReasons, ...extra]);
    exitPreset = 0;
    Object.assign(output, {
      simulate_mode: true,
      would_have_blocked: wouldHaveBlocked,
      simulated_verdict: simulatedVerdict,
      simulated_reason_codes: simulatedReasons,
    });
  }
  const finalViolations = uniqueSorted(violations);

  const traceId = traceIdFor(policyDigest, intent.intent_digest, verdict);
  const tracePath = cleanArtifactPath(trim(options.traceOut ?? '') || `trace_${traceId}.json`, 'trace');
  const trace = signTrace(
    keyPair,
    buildTrace({
      intent,
      policyDigest,
      verdict,
      reasonCodes: finalReasons,
      violations: finalViolations,
      createdAt: outcome.result.created_at,
      producerVersion,
      correlationId: options.correlationId,
      latencyMs,
      approvalTokenRef: approvalRef,
      delegationTokenRef: delegationRef,
      delegationBindingDigest: bindingDigest,
    }),
  );
  await writeJsonArtifact(tracePath, trace, cwd);

  const common = {
    createdAt: outcome.result.created_at,
    producerVersion,
    traceId,
    toolName: intent.tool_name,
    intentDigest: intent.intent_digest,
    policyDigest,
  };
  if (requiredApprovals > 0 || approvalEntries.length > 0) {
    const path = trim(options.approvalAuditOut ?? '') || `approval_audit_${traceId}.json`;
    await writeJsonArtifact(path, approvalAuditRecord({ ...common, required: requiredApprovals, entries: approvalEntries }), cwd);
    output.approval_audit_path = path;
  }
  if (credential) {
    const path = trim(options.credentialEvidenceOut ?? '') || `credential_evidence_${traceId}.json`;
    await writeJsonArtifact(
      path,
      credentialEvidenceRecord({
        traceId,
        toolName: intent.tool_name,
        identity: intent.context.identity,
        broker: broker.broker,
        reference: brokerReference,
        scope: brokerScope,
        credential,
        createdAt: outcome.result.created_at,
        producerVersion,
      }),
      cwd,
    );
    output.credential_evidence_path = path;
  }
  if (outcome.require_delegation || delegationEntries.length > 0) {
    const path = trim(options.delegationAuditOut ?? '') || `delegation_audit_${traceId}.json`;
    await writeJsonArtifact(
      path,
      delegationAuditRecord({ ...common, required: outcome.require_delegation, delegationRef, entries: delegationEntries }),
      cwd,
    );
    output.delegation_audit_path = path;
  }

  Object.assign(output, {
    verdict,
    reason_codes: finalReasons,
    violations: finalViolations,
    approval_ref: approvalRef,
    required_approvals: requiredApprovals,
    valid_approvals: validApprovals,
    delegation_ref: delegationRef,
    delegation_required: outcome.require_delegation,
    valid_delegations: validDelegations,
    trace_id: traceId,
    trace_path: tracePath,
    policy_digest: policyDigest,
    intent_digest: intent.intent_digest,
    // HEAD reports the evidence the decision used: without a verified envelope that is none.
    context_set_digest: intent.context.context_set_digest,
    context_evidence_mode: intent.context.context_evidence_mode,
    context_ref_count: intent.context.context_refs.length,
    matched_rule: outcome.matched_rule,
    phase: intent.context.phase,
    warnings,
  });
  return { exitCode: exitCodeFor(verdict, exitPreset), output: omitEmpty(output), outcome, intent, policy, trace };
}

function resolveIn(cwd: string, path: string): string {
  return path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
}

/** Go `omitempty` on the CLI output struct: every member but `ok` disappears when zero. */
function omitEmpty(output: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(output)) {
    if (key !== 'ok' && (value === undefined || value === '' || value === 0 || value === false || (Array.isArray(value) && value.length === 0))) continue;
    out[key] = value;
  }
  return out;
}
