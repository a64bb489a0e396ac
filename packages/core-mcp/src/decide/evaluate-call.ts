/**
 * One tool call through the gate: intent, evaluation, MCP trust, and the signed trace record. No
 * file is written here, so the forwarding proxy and the decision service share it and choose
 * when the evidence goes to disk.
 */
import { InvalidInputError } from '@gait/core-errors';
import {
  type EvalOutcome,
  GoTime,
  type NormalizedIntent,
  buildTrace,
  checkIntentArgs,
  evaluateIntent,
  fillIntentDigests,
  normalizeIntent,
  signTrace,
  traceIdFor,
  uniqueSorted,
} from '@gait/core-gate';
import { type Ed25519KeyPair, loadSigningKey } from '@gait/core-sign';
import { toIntentRequest, usedFallbackContext } from '../tool-call/intent.js';
import type { JsonObject } from '../tool-call/json.js';
import type { ToolCall } from '../tool-call/types.js';
import type { SnapshotLoad } from '../trust/snapshot.js';
import { type TrustDecision, evaluateTrust, tightenVerdict } from '../trust/evaluate.js';
import { type JobStatusRead, jobPreemption } from './job-preemption.js';
import type { McpPolicy } from './policy-source.js';

export type Profile = 'standard' | 'oss-prod';

export const FALLBACK_CONTEXT_WARNING =
  'standard profile applied fallback intent context; use --profile oss-prod for strict context enforcement';

export interface CallDecision {
  call: ToolCall;
  intent: NormalizedIntent;
  outcome: EvalOutcome;
  verdict: string;
  reasonCodes: string[];
  violations: string[];
  policyDigest: string;
  traceId: string;
  trace: Record<string, unknown>;
  trust: TrustDecision | undefined;
  latencyMs: number;
  warnings: string[];
}

export interface EvaluateCallOptions {
  policy: McpPolicy;
  keyPair: Ed25519KeyPair;
  profile?: Profile;
  producerVersion?: string;
  correlationId?: string;
  cwd?: string;
  /** A pre-loaded trust snapshot (long-running proxies); default: read per call. */
  trustSnapshot?: SnapshotLoad;
  /**
   * The state of the job the call's `context.job_id` names, read beforehand (`readJobStatus`).
   * An emergency-stopped job, or one whose state could not be read, forces `block`. A call that
   * names a job while this is not given (or is for another job) is blocked too: fail closed.
   */
  jobStatus?: JobStatusRead;
}

export function checkProfile(profile: string | undefined, keyMode: string | undefined): Profile {
  const p = (profile ?? '').trim().toLowerCase() || 'standard';
  if (p !== 'standard' && p !== 'oss-prod') {
    throw new InvalidInputError(`unsupported --profile value "${profile}" (expected standard or oss-prod)`, { code: 'usage' });
  }
  if (p === 'oss-prod' && ((keyMode ?? '').trim().toLowerCase() || 'dev') !== 'prod') {
    throw new InvalidInputError('oss-prod profile requires --key-mode prod', { code: 'usage' });
  }
  return p;
}

/**
 * A decision whose trace record is not built and signed yet. The forwarding proxy in `async`
 * trace mode forwards on the verdict and seals the trace afterwards, off the call's path.
 */
export interface JudgedCall {
  decision: Omit<CallDecision, 'trace'>;
  /** Builds and signs the trace record, exactly as `evaluateCall` would have (same times). */
  sealTrace(): Record<string, unknown>;
  /** The trace record `sealTrace` signs, unsigned (for sealing elsewhere: a writer thread). */
  unsignedTrace(): Record<string, unknown>;
}

/**
 * A call's verdict before its intent is digested. Evaluation does not read the digests, so the
 * forwarding proxy forwards an allowed call on the verdict and completes the decision (intent
 * and trace ids, three sha256 hashes) while the upstream works.
 */
export interface CallVerdict {
  verdict: string;
  /** The full decision, digests and trace id included; the same object on every call. */
  complete(): JudgedCall;
}

export function evaluateCall(call: ToolCall, options: EvaluateCallOptions): CallDecision {
  const { decision, sealTrace } = judgeCall(call, options);
  return { ...decision, trace: sealTrace() };
}

export function judgeCall(call: ToolCall, options: EvaluateCallOptions): JudgedCall {
  return judgeVerdict(call, options).complete();
}

/** `observedAt`: when the call was seen (a caller that judges again later passes the first time). */
export function judgeVerdict(call: ToolCall, options: EvaluateCallOptions, observedAt: GoTime = GoTime.now()): CallVerdict {
  const started = process.hrtime.bigint();
  const profile = options.profile ?? 'standard';
  const { policy } = options;
  if (profile === 'oss-prod' && policy.policy.default_verdict === 'allow') {
    throw new InvalidInputError('oss-prod profile rejects policy default_verdict=allow; use default_verdict: block or require_approval', {
      code: 'policy_invalid',
    });
  }
  const producerVersion = options.producerVersion ?? '0.0.0-dev';
  let intent: NormalizedIntent;
  try {
    const request = toIntentRequest(call, profile === 'oss-prod' ? { requireExplicitContext: true, producerVersion } : { producerVersion });
    intent = normalizeIntent(request, { deferDigests: true });
  } catch (error) {
    throw asIntentInvalid(error);
  }
  const outcome = evaluateIntent(policy.compiled, intent, { producerVersion });
  let verdict: string = outcome.result.verdict;
  let reasonCodes: string[];
  let violations: string[];
  let trust: TrustDecision | undefined;
  if (policy.trust && call.server) {
    const rawRisk = typeof call.context.risk_class === 'string' ? call.context.risk_class : '';
    trust = evaluateTrust(policy.trust, call.server, {
      riskClass: rawRisk,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.trustSnapshot ? { snapshot: options.trustSnapshot } : {}),
    });
    reasonCodes = uniqueSorted([...outcome.result.reason_codes, ...trust.reason_codes]);
    violations = uniqueSorted(trust.enforced ? [...outcome.result.violations, 'mcp_trust_policy'] : outcome.result.violations);
    verdict = tightenVerdict(verdict, trust, policy.trust.action);
  } else {
    // The result's lists are already trimmed, unique and sorted: copies are what uniqueSorted gives.
    reasonCodes = outcome.result.reason_codes.slice();
    violations = outcome.result.violations.slice();
  }
  // Emergency stop: applied last, so nothing after it can loosen the forced block.
  const preemption = jobPreemption(intent.context.extra.job_id, options.jobStatus);
  if (preemption) {
    verdict = 'block';
    reasonCodes = uniqueSorted([...reasonCodes, preemption.reasonCode]);
    if (preemption.violation) violations = uniqueSorted([...violations, preemption.violation]);
  }
  const policyDigest = policy.compiled.policyDigest;
  const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
  let judged: JudgedCall | undefined;
  const complete = (): JudgedCall => {
    fillIntentDigests(intent);
    const { keyPair, correlationId } = options;
    const unsignedTrace = () => {
      const unsigned = buildTrace({
        intent,
        policyDigest,
        verdict,
        reasonCodes,
        violations,
        createdAt: outcome.result.created_at,
        observedAt,
        producerVersion,
        ...(correlationId ? { correlationId } : {}),
        latencyMs,
      });
      if (trust) unsigned.mcp_trust = trust;
      return unsigned;
    };
    const sealTrace = () => signTrace(keyPair, unsignedTrace());
    const warnings = profile === 'standard' && usedFallbackContext(call) ? [FALLBACK_CONTEXT_WARNING] : [];
    if (preemption?.warning) warnings.push(preemption.warning);
    const decision: Omit<CallDecision, 'trace'> = {
      call,
      intent,
      outcome,
      verdict,
      reasonCodes,
      violations,
      policyDigest,
      traceId: traceIdFor(policyDigest, intent.intent_digest, verdict),
      trust,
      latencyMs,
      warnings,
    };
    return { decision, sealTrace, unsignedTrace };
  };
  return { verdict, complete: () => (judged ??= complete()) };
}

/**
 * Throws what `judgeVerdict` would throw for a call with these args once the rest of its intent
 * has normalized (a remembered verdict stands for that rest): the args' share of normalization
 * and digesting, so nothing that depends on them can fail later, after forwarding.
 */
export function checkCallArgs(args: JsonObject): void {
  try {
    checkIntentArgs(args);
  } catch (error) {
    throw asIntentInvalid(error);
  }
}

function asIntentInvalid(error: unknown): InvalidInputError {
  if (error instanceof InvalidInputError) return error;
  return new InvalidInputError(`normalize intent: ${(error as Error).message}`, { code: 'intent_invalid', cause: error });
}

/** Exit code for a verdict on the MCP surfaces: block 3, require_approval 4, otherwise 0. */
export function exitCodeForVerdict(verdict: string): 0 | 3 | 4 {
  if (verdict === 'block') return 3;
  if (verdict === 'require_approval') return 4;
  return 0;
}

/** `run_mcp_` + the first 12 hex characters of the intent digest. */
export function fallbackRunId(decision: CallDecision): string {
  return `run_mcp_${decision.intent.intent_digest.slice(0, 12)}`;
}

export interface SigningKeyOptions {
  keyMode?: string;
  privateKeyPath?: string;
  privateKeyEnv?: string;
  env?: NodeJS.ProcessEnv;
}

/** The trace signing key: `dev` (default) makes an ephemeral one and says so in a warning. */
export function signingKeyFor(options: SigningKeyOptions): { keyPair: Ed25519KeyPair; warnings: string[] } {
  const keyMode = (options.keyMode ?? '').trim().toLowerCase() || 'dev';
  return loadSigningKey({
    keyMode: keyMode as 'dev' | 'prod',
    ...(options.privateKeyPath ? { privateKeyPath: options.privateKeyPath } : {}),
    ...(options.privateKeyEnv ? { privateKeyEnv: options.privateKeyEnv } : {}),
    env: options.env ?? process.env,
  });
}
