/**
 * `decideGate`: the `gait gate eval` decision on values — a compiled policy, an intent, token
 * documents, keys and clocks — with no input file read. `evaluateGate` (the CLI) and the SDK both
 * run it, so their outputs and traces come from one path. Artifacts go to a caller-supplied sink.
 */
import type { Ed25519KeyPair, Signature } from '@gait/core-sign';
import { InvalidInputError } from '@gait/core-errors';
import { approvalAuditRecord, credentialEvidenceRecord, delegationAuditRecord } from '../audit/records.js';
import { type BrokerConfig, issueCredential } from '../broker/broker.js';
import type { CompiledPolicy } from '../evaluate/compile.js';
import { stripUnverifiedContextEvidence } from '../evaluate/context-evidence.js';
import { evaluateIntent } from '../evaluate/evaluate.js';
import type { EvalOutcome } from '../evaluate/types.js';
import { isObject } from '../go/json-decode.js';
import { putOmitEmpty as put } from '../go/json-encode.js';
import { trim, uniqueSorted } from '../go/strings.js';
import { GoTime } from '../go/time.js';
import { delegationBindingDigest } from '../intent/digest.js';
import { decodeIntent, normalizeRawIntent, type RawIntent } from '../intent/normalize.js';
import type { NormalizedIntent } from '../intent/types.js';
import type { Policy, Verdict } from '../policy/types.js';
import { enforceRateLimit } from '../state/rate-limit.js';
import { type TraceInput, buildTrace, signTrace, traceIdFor } from '../trace/record.js';
import { runApprovalStep } from './approvals.js';
import { runDelegationStep } from './delegation.js';
import type { TokenValues } from './token-files.js';

export type GateProfile = 'standard' | 'oss-prod';

/** A value, or a function giving it only when a step needs it (a key file read lazily, say). */
export type Lazy<T> = T | (() => T);

function force<T>(value: Lazy<T>): T {
  return typeof value === 'function' ? (value as () => T)() : value;
}

/** The normalized intent and the policy's decision on it: the part every call needs. */
export interface PreparedGateIntent {
  /** The intent as given (the delegation step reads its untrimmed requester identity). */
  raw: unknown;
  decoded: RawIntent;
  /** Normalized, with unverified context evidence stripped. */
  intent: NormalizedIntent;
  outcome: EvalOutcome;
  latencyMs: number;
}

export interface PrepareGateIntentOptions {
  producerVersion?: string;
  /** Starts a timer and returns its reading in ms; default the monotonic clock. */
  stopwatch?: () => () => number;
}

function monotonicStopwatch(): () => number {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e6;
}

/** Normalizes an intent value and evaluates it (no side effects). */
export function prepareGateIntent(policy: CompiledPolicy, raw: unknown, options: PrepareGateIntentOptions = {}): PreparedGateIntent {
  const decoded = decodeIntent(raw);
  let normalized: NormalizedIntent;
  try {
    normalized = normalizeRawIntent(decoded);
  } catch (error) {
    throw new InvalidInputError(`normalize intent: ${(error as Error).message}`, { code: 'intent_invalid', cause: error });
  }
  // Self-asserted context evidence counts only from a verified envelope (HEAD §10.2).
  const intent = stripUnverifiedContextEvidence(normalized);
  const elapsed = (options.stopwatch ?? monotonicStopwatch)();
  const outcome = evaluateIntent(policy, intent, { producerVersion: options.producerVersion ?? '0.0.0-dev', contextEvidenceVerified: true });
  return { raw, decoded, intent, outcome, latencyMs: elapsed() };
}

export type GateArtifactKind = 'trace' | 'approval_audit' | 'delegation_audit' | 'credential_evidence';

/**
 * Where the decision's artifacts go. Called once per artifact with its default file name
 * (`trace_<id>.json`, …); returns the path to report in the output, or undefined to report none.
 */
export type GateArtifactSink = (kind: GateArtifactKind, defaultName: string, record: Record<string, unknown>) => Promise<string | undefined>;

/** A signed trace record (`gait.gate.trace`). */
export type SignedTrace = Record<string, unknown> & { signature: Signature };

/**
 * Takes the trace instead of the sink: gets its default file name and a function that builds and
 * signs it (all inputs already fixed), and returns the path to report. The caller may run the
 * function later, off the decision's path; the bytes are the same either way.
 */
export type DeferredTraceSink = (defaultName: string, signedTrace: () => SignedTrace) => string | undefined;

export interface GateDecisionInput {
  policy: CompiledPolicy;
  /** The intent request value (parsed JSON). */
  intent: unknown;
  /** `prepareGateIntent(policy, intent)` when the caller already has it; skips re-evaluation. */
  prepared?: PreparedGateIntent;
  profile?: GateProfile;
  /** Signs the trace. */
  signingKey: Ed25519KeyPair;
  /** Warnings reported in the output (e.g. the dev-mode key warning). */
  warnings?: readonly string[];
  /** Verify keys; when unset, tokens are checked against the signing key (refused by oss-prod). */
  approvalPublicKey?: Lazy<Uint8Array | undefined>;
  delegationPublicKey?: Lazy<Uint8Array | undefined>;
  approvalTokens?: TokenValues;
  delegationTokens?: TokenValues;
  /** Absolute path of the rate-limit state file; required only by policies with rate limits. */
  rateLimitStatePath?: string;
  /** Credential broker; default off. */
  broker?: BrokerConfig;
  credentialRef?: string;
  credentialScopes?: readonly string[];
  simulate?: boolean;
  correlationId?: string;
  producerVersion?: string;
  /** Decision clock: token expiry, rate-limit windows, credentials. Default now. */
  now?: GoTime;
  /** The trace's `observed_at`; default the wall clock when the trace is built. */
  observedAt?: GoTime;
  /** Receives the artifacts; default none are written and no paths are reported. */
  sink?: GateArtifactSink;
  /**
   * When false, no trace is built or signed (an in-process gate that keeps no traces); the
   * output still carries `trace_id`. Signing dominates an untraced decision's cost. Default true.
   */
  buildTrace?: boolean;
  /**
   * When set, the trace is handed here unsigned-yet (see `DeferredTraceSink`) instead of being
   * signed in the decision and passed to `sink`. The result's `intent` must then stay unchanged.
   */
  deferTrace?: DeferredTraceSink;
}

export interface GateDecisionResult {
  exitCode: 0 | 3 | 4;
  /** The `gait gate eval --json` object (Go `omitempty` applied). */
  output: Record<string, unknown>;
  outcome: EvalOutcome;
  intent: NormalizedIntent;
  policy: Policy;
  /** The signed trace record; undefined when `buildTrace` is false or the trace went to `deferTrace`. */
  trace: SignedTrace | undefined;
}

const BROKER_OFF: BrokerConfig = { broker: 'off', envPrefix: 'GAIT_BROKER_TOKEN_' };

function usage(message: string): InvalidInputError {
  return new InvalidInputError(message, { code: 'invalid_input' });
}

/** Exit code from the final verdict (HEAD `gateEvalExitCodeForVerdict`). */
function exitCodeFor(verdict: Verdict, preset: 0 | 3 | 4): 0 | 3 | 4 {
  if (verdict === 'block') return 3;
  if (verdict === 'require_approval' && preset === 0) return 4;
  return preset;
}

/**
 * Go `omitempty` on the CLI output struct: every member but `ok` is written only when not zero.
 * Members are put in the struct's order as the decision goes, so the object is built once.
 */
function putAll(output: Record<string, unknown>, members: Record<string, unknown>): void {
  for (const key in members) put(output, key, members[key]);
}

const noSink: GateArtifactSink = async () => undefined;

export async function decideGate(input: GateDecisionInput): Promise<GateDecisionResult> {
  const compiled = input.policy;
  const producerVersion = input.producerVersion ?? '0.0.0-dev';
  const profile = input.profile ?? 'standard';
  const ossProd = profile === 'oss-prod';
  const sink = input.sink ?? noSink;
  const broker = input.broker ?? BROKER_OFF;
  const { raw, decoded, intent, outcome, latencyMs } = input.prepared ?? prepareGateIntent(compiled, input.intent, { producerVersion });
  const now = input.now ?? GoTime.now();
  const keyPair = input.signingKey;
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
    if (input.rateLimitStatePath === undefined) throw usage('a rate-limited policy needs a rate-limit state path');
    const decision = await enforceRateLimit(input.rateLimitStatePath, rateLimit, intent, now);
    if (!decision.allowed) {
      verdict = 'block';
      reasons.push('rate_limit_exceeded');
      violations.push('rate_limit_exceeded');
    }
    putAll(output, {
      rate_limit_scope: decision.scope,
      rate_limit_key: decision.key,
      rate_limit_used: decision.used,
      rate_limit_remaining: decision.remaining,
    });
  }

  let delegationEntries: ReturnType<typeof runDelegationStep>['entries'] = [];
  let delegationRef = '';
  let validDelegations = 0;
  if (outcome.require_delegation) {
    const explicitKey = force(input.delegationPublicKey) ?? force(input.approvalPublicKey);
    if (ossProd && !explicitKey) {
      throw usage('oss-prod profile requires explicit delegation verify key (--delegation-public-key/--delegation-public-key-env or private key source)');
    }
    const rawDelegation = isObject(raw) ? (raw as Record<string, unknown>).delegation : undefined;
    const step = runDelegationStep({
      tokens: input.delegationTokens,
      publicKey: explicitKey ?? keyPair.publicKey,
      expectedDelegate: isObject(rawDelegation) && typeof rawDelegation.requester_identity === 'string' ? rawDelegation.requester_identity : decoded.delegation?.requester_identity ?? '',
      expectedDelegator: intent.delegation?.chain.at(-1)?.delegator_identity ?? '',
      intentDigest: intent.intent_digest,
      policyDigest,
      now,
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
  const requiredApprovals = outcome.result.verdict === 'require_approval' ? Math.max(1, outcome.min_approvals) : 0;
  if (verdict === 'require_approval') {
    const explicitKey = force(input.approvalPublicKey);
    if (ossProd && !explicitKey) {
      throw usage('oss-prod profile requires explicit approval verify key (--approval-public-key/--approval-public-key-env or approval private key source)');
    }
    const step = runApprovalStep({
      tokens: input.approvalTokens,
      required: requiredApprovals,
      requireDistinct: outcome.require_distinct_approvers,
      publicKey: explicitKey ?? keyPair.publicKey,
      intentDigest: intent.intent_digest,
      policyDigest,
      delegationBindingDigest: bindingDigest,
      requiredScope,
      targetCount: intent.targets.length,
      now,
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
  const brokerReference = trim(input.credentialRef ?? '') || outcome.broker_reference;
  const brokerScope = uniqueSorted([...outcome.broker_scopes, ...(input.credentialScopes ?? [])].map((s) => s.toLowerCase()));
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
        put(output, 'credential_issuer', credential.issued_by);
        put(output, 'credential_ref', credential.credential_ref);
      } else {
        verdict = 'block';
        reasons.push('broker_credential_missing');
        violations.push('broker_credential_missing');
      }
    }
  }

  let finalReasons = uniqueSorted(reasons);
  if (input.simulate) {
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
    putAll(output, {
      simulate_mode: true,
      would_have_blocked: wouldHaveBlocked,
      simulated_verdict: simulatedVerdict,
      simulated_reason_codes: simulatedReasons,
    });
  }
  const finalViolations = uniqueSorted(violations);

  const traceId = traceIdFor(policyDigest, intent.intent_digest, verdict);
  const traceName = `trace_${traceId}.json`;
  let trace: SignedTrace | undefined;
  let tracePath: string | undefined;
  if (input.buildTrace !== false) {
    // Every input is fixed now (copies of the lists, the observation time), so the trace is the
    // same whether it is signed here or later through `deferTrace`.
    const traceInput: TraceInput = {
      intent,
      policyDigest,
      verdict,
      reasonCodes: [...finalReasons],
      violations: [...finalViolations],
      createdAt: outcome.result.created_at,
      observedAt: input.observedAt ?? GoTime.now(),
      producerVersion,
      correlationId: input.correlationId,
      latencyMs,
      approvalTokenRef: approvalRef,
      delegationTokenRef: delegationRef,
      delegationBindingDigest: bindingDigest,
    };
    const signed = (): SignedTrace => signTrace(keyPair, buildTrace(traceInput));
    if (input.deferTrace) {
      tracePath = input.deferTrace(traceName, signed);
    } else {
      trace = signed();
      tracePath = await sink('trace', traceName, trace);
    }
  }

  const common = {
    createdAt: outcome.result.created_at,
    producerVersion,
    traceId,
    toolName: intent.tool_name,
    intentDigest: intent.intent_digest,
    policyDigest,
  };
  if (requiredApprovals > 0 || approvalEntries.length > 0) {
    const record = approvalAuditRecord({ ...common, required: requiredApprovals, entries: approvalEntries });
    put(output, 'approval_audit_path', await sink('approval_audit', `approval_audit_${traceId}.json`, record));
  }
  if (credential) {
    const record = credentialEvidenceRecord({
      traceId,
      toolName: intent.tool_name,
      identity: intent.context.identity,
      broker: broker.broker,
      reference: brokerReference,
      scope: brokerScope,
      credential,
      createdAt: outcome.result.created_at,
      producerVersion,
    });
    put(output, 'credential_evidence_path', await sink('credential_evidence', `credential_evidence_${traceId}.json`, record));
  }
  if (outcome.require_delegation || delegationEntries.length > 0) {
    const record = delegationAuditRecord({ ...common, required: outcome.require_delegation, delegationRef, entries: delegationEntries });
    put(output, 'delegation_audit_path', await sink('delegation_audit', `delegation_audit_${traceId}.json`, record));
  }

  put(output, 'verdict', verdict);
  put(output, 'reason_codes', finalReasons);
  put(output, 'violations', finalViolations);
  put(output, 'approval_ref', approvalRef);
  put(output, 'required_approvals', requiredApprovals);
  put(output, 'valid_approvals', validApprovals);
  put(output, 'delegation_ref', delegationRef);
  put(output, 'delegation_required', outcome.require_delegation);
  put(output, 'valid_delegations', validDelegations);
  put(output, 'trace_id', traceId);
  put(output, 'trace_path', tracePath);
  put(output, 'policy_digest', policyDigest);
  put(output, 'intent_digest', intent.intent_digest);
  // HEAD reports the evidence the decision used: without a verified envelope that is none.
  put(output, 'context_set_digest', intent.context.context_set_digest);
  put(output, 'context_evidence_mode', intent.context.context_evidence_mode);
  put(output, 'context_ref_count', intent.context.context_refs.length);
  put(output, 'matched_rule', outcome.matched_rule);
  put(output, 'phase', intent.context.phase);
  put(output, 'warnings', input.warnings === undefined ? undefined : [...input.warnings]);
  return { exitCode: exitCodeFor(verdict, exitPreset), output, outcome, intent, policy: compiled.policy, trace };
}
