/** `createGate`: the `gait gate eval` decision in-process, with guards, sessions and approvals. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { ApprovalStore, type ApprovalCheck, type ApprovalCheckOptions, checkApprovalToken, requiredApprovalScope, tokenDocument } from './approvals.js';
import { withinBudget } from './budget.js';
import { decide as decideOnce } from './decide.js';
import type { GateContext } from './gate-context.js';
import { type GuardOptions, type GuardedTool, type GuardedToolReturning, makeGuard } from './guard.js';
import { toIntentRequest } from './intent-input.js';
import { TraceWriter, type TraceWriteMode } from './trace-writer.js';
import { resolveKeys } from './keys.js';
import { checkOssProd } from './oss-prod.js';
import { loadPolicySource } from './policy-source.js';
import { nowOf, prepare } from './prepare.js';
import { GateSession } from './session.js';
import type { CreateGateOptions, EvaluateOptions, GateDecision, IntentInput, TokenInput } from './types.js';

export interface Gate {
  /**
   * One decision, exactly as `gait gate eval` makes it; the trace is written before it resolves.
   * Not recorded in a session (the gate cannot know whether the caller then runs the tool): use
   * `session.evaluate`, a guard, or `currentSession()?.recordAttempt(...)`.
   */
  evaluate(intent: IntentInput, options?: EvaluateOptions): Promise<GateDecision>;
  /** Wraps a tool: `execute` runs only on `allow`; anything else throws (or returns) a refusal. */
  guard<A, R>(toolName: string, execute: (args: A) => R | Promise<R>, options?: GuardOptions<A> & { mode?: 'throw' }): GuardedTool<A, R>;
  guard<A, R>(toolName: string, execute: (args: A) => R | Promise<R>, options: GuardOptions<A> & { mode: 'return' }): GuardedToolReturning<A, R>;
  /** Records the run's attempts; `close()` writes `<outDir>/runpack_<runId>.zip`. */
  session(runId: string, options?: { captureMode?: 'reference' | 'raw' }): GateSession;
  /** Checks an approval token against a decision's digests with the gate's approval key and clock. */
  verifyApprovalToken(token: TokenInput, intentDigest: string, policyDigest?: string, options?: ApprovalCheckOptions): ApprovalCheck;
  /**
   * Keeps a valid token so the next evaluation of its intent carries it (the runtime's own approval
   * UI resumes a `require_approval` this way). Returns the check; an invalid token is not kept.
   */
  grantApproval(token: TokenInput, decision?: GateDecision): ApprovalCheck;
  readonly policyDigest: string;
  /** The trace signing key's public half, when the gate signs. */
  readonly publicKey: Uint8Array | undefined;
  readonly outDir: string;
  /** Resolves when every trace is signed and on disk; rejects if a background trace failed. */
  flush(): Promise<void>;
}

function traceWriteMode(mode: CreateGateOptions['traceWrites']): TraceWriteMode {
  if (mode === undefined || mode === 'await' || mode === 'background') return mode ?? 'await';
  throw new InvalidInputError(`traceWrites must be "await" or "background", got ${String(mode)}`, { code: 'trace_writes_invalid' });
}

/** Background writes sign in the background too unless asked otherwise; awaited writes sign inline. */
function traceSigningMode(signing: CreateGateOptions['traceSigning'], writes: TraceWriteMode): 'inline' | 'deferred' {
  if (signing !== undefined && signing !== 'inline' && signing !== 'background') {
    throw new InvalidInputError(`traceSigning must be "inline" or "background", got ${String(signing)}`, { code: 'trace_signing_invalid' });
  }
  if (signing === 'background' && writes === 'await') {
    throw new InvalidInputError('traceSigning "background" needs traceWrites "background" (an awaited trace is signed before it is written)', {
      code: 'trace_signing_invalid',
    });
  }
  return writes === 'background' && signing !== 'inline' ? 'deferred' : 'inline';
}

function traceErrorHandler(handler: CreateGateOptions['onTraceError']): CreateGateOptions['onTraceError'] {
  if (handler === undefined || typeof handler === 'function') return handler;
  throw new InvalidInputError('onTraceError must be a function (error, tracePath) => void', { code: 'trace_error_handler_invalid' });
}

/** One token or several, as a list. */
function tokens(value: TokenInput | readonly TokenInput[] | undefined): TokenInput[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value as TokenInput];
}

export function createGate(options: CreateGateOptions): Gate {
  if (typeof options !== 'object' || options === null || options.policy === undefined) {
    throw new InvalidInputError('createGate needs options.policy (a file path, YAML text, a policy object or a compiled policy)', { code: 'policy_required' });
  }
  const profile = options.profile ?? 'standard';
  if (profile !== 'standard' && profile !== 'oss-prod') {
    throw new InvalidInputError(`profile must be standard or oss-prod, got ${String(profile)}`, { code: 'profile_invalid' });
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
    throw new InvalidInputError('timeoutMs must be a positive number of milliseconds', { code: 'timeout_invalid' });
  }
  const source = loadPolicySource(options.policy);
  const keys = resolveKeys(options.keys, options.traces);
  if (profile === 'oss-prod') checkOssProd(source.compiled.policy, keys);
  const outDir = resolve(options.outDir ?? './gait-out');
  const traces = options.traces ?? keys.signing !== undefined;
  if (traces) mkdirSync(outDir, { recursive: true, mode: 0o750 });
  const writeMode = traceWriteMode(options.traceWrites);
  const ctx: GateContext = {
    compiled: source.compiled,
    profile,
    keys,
    outDir,
    traces,
    clock: options.clock,
    producerVersion: options.producerVersion ?? '0.0.0-dev',
    defaultContext: options.context,
    rateLimitStatePath: join(outDir, 'gate_rate_limits.json'),
    traceWriter: new TraceWriter(writeMode, traceErrorHandler(options.onTraceError)),
    traceSigning: traceSigningMode(options.traceSigning, writeMode),
  };
  const approvals = new ApprovalStore();

  async function decide(intent: IntentInput, evalOptions: EvaluateOptions): Promise<GateDecision> {
    ctx.traceWriter.assertHealthy();
    // A caller deciding faster than traces can be signed and written waits for the backlog.
    if (ctx.traceWriter.saturated) await ctx.traceWriter.flush();
    const simulate = evalOptions.simulate === true;
    if (simulate && profile === 'oss-prod') throw new InvalidInputError('oss-prod profile does not allow simulate', { code: 'simulate_not_allowed' });
    const request = toIntentRequest(intent, { context: ctx.defaultContext, producerVersion: ctx.producerVersion, now: ctx.clock ? ctx.clock() : new Date() });
    const prepared = prepare(ctx, request);
    const approvalTokens = [...tokens(evalOptions.approvalToken), ...approvals.get(prepared.gate.intent.intent_digest)];
    const delegationTokens = tokens(evalOptions.delegationToken);
    return decideOnce(ctx, request, prepared, { approvalTokens, delegationTokens, simulate, correlationId: evalOptions.correlationId });
  }

  const gate: Gate = {
    policyDigest: ctx.compiled.policyDigest,
    publicKey: keys.signing?.publicKey,
    outDir,
    async evaluate(intent, evalOptions = {}) {
      return withinBudget(options.timeoutMs, () => decide(intent, evalOptions));
    },
    guard: (<A, R>(toolName: string, execute: (args: A) => R | Promise<R>, guardOptions: GuardOptions<A> = {}) =>
      makeGuard((intent, o) => withinBudget(options.timeoutMs, () => decide(intent, o)), toolName, execute, guardOptions)) as Gate['guard'],
    flush: () => ctx.traceWriter.flush(),
    session(runId, sessionOptions = {}) {
      return new GateSession(gate, ctx, runId, sessionOptions.captureMode ?? 'reference');
    },
    verifyApprovalToken(token, intentDigest, policyDigest = ctx.compiled.policyDigest, checkOptions = {}) {
      return checkApprovalToken(token, { intentDigest, policyDigest, publicKey: keys.approvalPublicKey ?? keys.signing?.publicKey, now: nowOf(ctx) }, checkOptions);
    },
    grantApproval(token, decision) {
      const document = tokenDocument(token) as { intent_digest?: unknown };
      const intentDigest = decision?.intentDigest ?? (typeof document?.intent_digest === 'string' ? document.intent_digest : '');
      const check = gate.verifyApprovalToken(document as TokenInput, intentDigest, ctx.compiled.policyDigest, decision ? { requiredScope: requiredApprovalScope(decision) } : {});
      if (check.valid) approvals.add(String(check.token.intent_digest), check.token);
      return check;
    },
  };
  return gate;
}
