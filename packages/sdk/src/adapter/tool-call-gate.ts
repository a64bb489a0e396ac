/**
 * What every framework adapter does around one tool call, whatever the framework's seam: build the
 * intent, ask the gate, and turn the decision into "run it" or "refuse it with this message".
 * Anything that goes wrong on the way (a bad intent, a gate error, a timeout, a decision that is
 * not one of the four verdicts) is a refusal: the tool never runs on an error (fail closed).
 */
import {
  GaitApprovalRequiredError,
  GaitBlockedError,
  GaitEnforcementError,
  GaitGateFailureError,
  GateTimeoutError,
} from '../errors.js';
import { refusalMessage } from '../guard.js';
import { GateSession, currentSession } from '../session.js';
import type { EvaluateOptions, GateDecision, IntentInput, TokenInput } from '../types.js';

/** The minimal gate an adapter needs: a `Gate` (or anything else that evaluates intents). */
export interface DecisionSource {
  evaluate(intent: IntentInput, options?: EvaluateOptions): Promise<GateDecision>;
}

/** One tool call as the framework reports it. */
export interface ToolCallInfo {
  toolName: string;
  args: Record<string, unknown>;
  /** The framework's id for this call (AI SDK `toolCallId`, OpenAI `callId`, LangChain `tool_call.id`). */
  callId?: string;
}

/** Handed to `resolveApproval` when the policy says `require_approval`. */
export interface ApprovalRequest {
  call: ToolCallInfo;
  /** The `require_approval` decision; a token must be minted for its `intentDigest` and `policyDigest`. */
  decision: GateDecision;
}

export type ApprovalResolution = TokenInput | readonly TokenInput[] | undefined | null;

/** Options every adapter takes. */
export interface GaitAdapterOptions {
  /**
   * Builds the intent for a call. Default: `{ toolName, args }` with the gate's default context.
   * Add `targets` here so path, host and URL rules in the policy can match.
   */
  toIntent?: (call: ToolCallInfo) => IntentInput;
  /**
   * Supplies a signed approval token (minted by `gait approve`, or by the runtime's own approval UI
   * with `mintApproval`) for a `require_approval` call. The call runs only when the gate,
   * re-evaluating with the token, allows it; without a token it is refused.
   */
  resolveApproval?: (request: ApprovalRequest) => ApprovalResolution | Promise<ApprovalResolution>;
  /** Observes every decision (allow or not), e.g. for logging. If it throws, the call is refused. */
  onDecision?: (decision: GateDecision, call: ToolCallInfo) => void;
  /** Overrides the text the model reads when a call is refused (default: the SDK's `refusalMessage`). */
  refusalMessage?: (error: GaitEnforcementError, call: ToolCallInfo) => string;
}

export interface Refusal {
  run: false;
  call: ToolCallInfo;
  /** Why: the decision (`error.decision`), or the gate failure (`GaitGateFailureError`). */
  error: GaitEnforcementError;
  /** What the model reads. */
  message: string;
}

export type CallOutcome = { run: true; decision: GateDecision } | Refusal;

const VERDICTS = new Set(['allow', 'block', 'require_approval', 'dry_run']);

function defaultIntent(call: ToolCallInfo): IntentInput {
  return { toolName: call.toolName, args: call.args };
}

/** Evaluates one call; a gate failure rejects (callers turn it into a refusal with `refuse`). */
export async function decide(
  gate: DecisionSource,
  call: ToolCallInfo,
  options: GaitAdapterOptions,
  evaluateOptions?: EvaluateOptions,
): Promise<GateDecision> {
  const intent = (options.toIntent ?? defaultIntent)(call);
  const decision = await gate.evaluate(intent, evaluateOptions);
  if (!decision || !VERDICTS.has(decision.verdict)) {
    throw new GaitGateFailureError(call.toolName, 'gate_invalid_decision', new Error(`unexpected verdict ${String(decision?.verdict)}`));
  }
  options.onDecision?.(decision, call);
  return decision;
}

/** A refusal for a decision that is not `allow`, or for an error raised while deciding. */
export function refuse(call: ToolCallInfo, why: GateDecision | unknown, options: GaitAdapterOptions): Refusal {
  const error = enforcementError(call.toolName, why);
  return { run: false, call, error, message: (options.refusalMessage ?? refusalMessage)(error, call) };
}

function isDecision(value: unknown): value is GateDecision {
  return typeof value === 'object' && value !== null && 'intentDigest' in value && VERDICTS.has((value as GateDecision).verdict);
}

function enforcementError(toolName: string, why: unknown): GaitEnforcementError {
  if (why instanceof GaitEnforcementError) return why;
  if (isDecision(why)) return why.verdict === 'require_approval' ? new GaitApprovalRequiredError(toolName, why) : new GaitBlockedError(toolName, why);
  return new GaitGateFailureError(toolName, why instanceof GateTimeoutError ? 'gate_timeout' : 'gate_error', why);
}

/**
 * Turns a decision into an outcome. `require_approval` asks `resolveApproval` for a token and
 * re-evaluates with it, so the approved call's own trace records the token check.
 */
export async function settle(
  gate: DecisionSource,
  call: ToolCallInfo,
  decision: GateDecision,
  options: GaitAdapterOptions,
): Promise<CallOutcome> {
  if (decision.verdict === 'allow') return { run: true, decision };
  if (decision.verdict !== 'require_approval' || !options.resolveApproval) return refuse(call, decision, options);
  let token: ApprovalResolution;
  try {
    token = await options.resolveApproval({ call, decision });
  } catch {
    // A failing approval UI is no approval.
    return refuse(call, decision, options);
  }
  if (token === undefined || token === null || (Array.isArray(token) && token.length === 0)) return refuse(call, decision, options);
  let approved: GateDecision;
  try {
    approved = await decide(gate, call, options, { approvalToken: token as EvaluateOptions['approvalToken'] });
  } catch (error) {
    return refuse(call, error, options);
  }
  return approved.verdict === 'allow' ? { run: true, decision: approved } : refuse(call, approved, options);
}

/** Decides and settles one call; never rejects (an error is a refusal). */
export async function gateCall(gate: DecisionSource, call: ToolCallInfo, options: GaitAdapterOptions): Promise<CallOutcome> {
  let decision: GateDecision;
  try {
    decision = await decide(gate, call, options);
  } catch (error) {
    return refuse(call, error, options);
  }
  return settle(gate, call, decision, options);
}

/**
 * The typed error for a refusal, for seams that refuse by throwing (AI SDK `execute`, MCP
 * `callTool`); its message is the refusal text, which is what a framework shows the model.
 */
export function refusalError(refusal: Refusal): GaitEnforcementError {
  Object.defineProperty(refusal.error, 'message', { value: refusal.message, configurable: true, writable: true });
  return refusal.error;
}

/**
 * Where an adapter records its calls, as a guard does: the session whose `run()` the call is inside,
 * read when the call starts. A `GateSession` given as the gate records its own decisions (as not
 * executed) in `evaluate`, so the adapter adds nothing there; wrap the agent loop in
 * `session.run(...)` to record executions.
 */
export function sessionFor(gate: DecisionSource): GateSession | undefined {
  return gate instanceof GateSession ? undefined : currentSession();
}

/** Records a refused call as not executed (a gate failure has no decision to record). */
export function recordRefusal(session: GateSession | undefined, refusal: Refusal): Refusal {
  if (refusal.error.decision) session?.recordAttempt(refusal.error.decision, { executed: false });
  return refusal;
}

/** Runs an admitted call and records it as executed, with its result or its error. */
export async function runRecorded<R>(
  session: GateSession | undefined,
  decision: GateDecision,
  run: () => R | Promise<R>,
  resultOf: (value: R) => unknown = (v) => v,
): Promise<R> {
  let value: R;
  try {
    value = await run();
  } catch (error) {
    session?.recordAttempt(decision, { executed: true, error });
    throw error;
  }
  session?.recordAttempt(decision, { executed: true, result: resultOf(value) });
  return value;
}

/** `runRecorded` for a streaming tool: chunks pass through as they come; the last one is the result. */
export async function* streamRecorded<T>(session: GateSession | undefined, decision: GateDecision, stream: () => AsyncIterable<T>): AsyncGenerator<T> {
  let last: T | undefined;
  try {
    for await (const chunk of stream()) {
      last = chunk;
      yield chunk;
    }
  } catch (error) {
    session?.recordAttempt(decision, { executed: true, error });
    throw error;
  }
  session?.recordAttempt(decision, { executed: true, result: last });
}
