/**
 * `gate.guard`: the enforcement rule. Build the intent, decide, run `execute` only on `allow`.
 * Every other outcome, including any failure to decide, refuses, so the tool never runs by accident.
 */
import {
  GaitApprovalRequiredError,
  GaitBlockedError,
  type GaitEnforcementError,
  GaitGateFailureError,
  GateInvalidDecisionError,
  type GateFailureReason,
  GateTimeoutError,
} from './errors.js';
import { VERDICTS } from './prepare.js';
import { isIntentRequest } from './intent-input.js';
import { currentSession } from './session.js';
import type { EvaluateOptions, GateDecision, IntentInput, IntentSpec } from './types.js';

export interface GuardOptions<A> {
  /** Builds the intent from the call's arguments; default `{ toolName, args }`. */
  toIntent?: (args: A) => IntentInput | Omit<IntentSpec, 'toolName'>;
  /** Per call approval/delegation tokens or simulate. */
  evaluateOptions?: EvaluateOptions | ((args: A) => EvaluateOptions);
  /** Sees every decision before the tool runs; if it throws, the tool does not run. */
  onDecision?: (decision: GateDecision) => void;
  /** `throw` (default) rejects with a `GaitEnforcementError`; `return` resolves with a `GaitRefusal`. */
  mode?: 'throw' | 'return';
}

/** What a guard in `return` mode resolves with instead of running the tool. */
export interface GaitRefusal {
  readonly gaitRefusal: true;
  readonly verdict: GateDecision['verdict'];
  readonly reasonCodes: string[];
  /** A sentence to hand to the model. */
  readonly message: string;
  readonly tracePath: string | undefined;
  readonly error: GaitEnforcementError;
}

export type GuardedTool<A, R> = (args: A) => Promise<R>;
export type GuardedToolReturning<A, R> = (args: A) => Promise<R | GaitRefusal>;

export function isGaitRefusal(value: unknown): value is GaitRefusal {
  return typeof value === 'object' && value !== null && (value as GaitRefusal).gaitRefusal === true;
}

/** A refusal a model can read: what was refused, why, and where the evidence is. */
export function refusalMessage(error: GaitEnforcementError): string {
  const why = error.reasonCodes.length > 0 ? error.reasonCodes.join(', ') : 'no reason given';
  const what = error.verdict === 'require_approval' ? 'requires approval before it can run' : error.verdict === 'dry_run' ? 'was only dry-run' : 'was blocked by policy';
  return `Tool call ${error.toolName} ${what} (${why}); it was not executed.`;
}

function intentFor<A>(toolName: string, args: A, toIntent: GuardOptions<A>['toIntent']): IntentInput {
  if (!toIntent) {
    const plain = typeof args === 'object' && args !== null && !Array.isArray(args);
    return { toolName, args: plain ? (args as Record<string, unknown>) : { input: args } };
  }
  const built = toIntent(args);
  return isIntentRequest(built as IntentInput) ? (built as IntentInput) : { toolName, ...(built as Omit<IntentSpec, 'toolName'>) };
}

export type Decide = (intent: IntentInput, options: EvaluateOptions) => Promise<GateDecision>;

export function makeGuard<A, R>(
  decide: Decide,
  toolName: string,
  execute: (args: A) => R | Promise<R>,
  options: GuardOptions<A>,
): (args: A) => Promise<R | GaitRefusal> {
  const refuse = (error: GaitEnforcementError): GaitRefusal => {
    if (options.mode !== 'return') throw error;
    return { gaitRefusal: true, verdict: error.verdict, reasonCodes: error.reasonCodes, message: refusalMessage(error), tracePath: error.tracePath, error };
  };
  return async (args: A) => {
    let decision: GateDecision;
    try {
      const evalOptions = typeof options.evaluateOptions === 'function' ? options.evaluateOptions(args) : (options.evaluateOptions ?? {});
      decision = await decide(intentFor(toolName, args, options.toIntent), evalOptions);
      if (!decision || !VERDICTS.has(decision.verdict)) throw new GateInvalidDecisionError(decision?.verdict);
      options.onDecision?.(decision);
    } catch (error) {
      return refuse(new GaitGateFailureError(toolName, failureReason(error), error));
    }
    const session = currentSession();
    if (decision.verdict !== 'allow') {
      session?.recordAttempt(decision, { executed: false });
      return refuse(decision.verdict === 'require_approval' ? new GaitApprovalRequiredError(toolName, decision) : new GaitBlockedError(toolName, decision));
    }
    let value: R;
    try {
      value = await execute(args);
    } catch (error) {
      session?.recordAttempt(decision, { executed: true, error });
      throw error;
    }
    session?.recordAttempt(decision, { executed: true, result: value });
    return value;
  };
}

function failureReason(error: unknown): GateFailureReason {
  if (error instanceof GateTimeoutError) return 'gate_timeout';
  if (error instanceof GateInvalidDecisionError) return 'gate_invalid_decision';
  return 'gate_error';
}
