/**
 * What a guarded tool throws instead of running. Every non-execution is a `GaitEnforcementError`,
 * so a runtime can catch one class and tell the model why.
 */
import type { GateDecision, GateVerdict } from './types.js';

export interface EnforcementDetails {
  verdict: GateVerdict;
  reasonCodes: string[];
  violations: string[];
  decision?: GateDecision;
  cause?: unknown;
  message?: string;
}

function detailsOf(decision: GateDecision): EnforcementDetails {
  return { verdict: decision.verdict, reasonCodes: decision.reasonCodes, violations: decision.violations, decision };
}

export abstract class GaitEnforcementError extends Error {
  readonly toolName: string;
  readonly verdict: GateVerdict;
  readonly reasonCodes: string[];
  readonly violations: string[];
  readonly tracePath: string | undefined;
  /** The decision; absent when the gate itself failed (`GaitGateFailureError`). */
  readonly decision: GateDecision | undefined;
  /** `gate eval`'s exit code for this outcome. */
  abstract readonly exitCode: number;

  constructor(toolName: string, details: EnforcementDetails) {
    const reasons = details.reasonCodes.length ? details.reasonCodes.join(',') : 'none';
    super(details.message ?? `gait: ${toolName} not executed: verdict=${details.verdict} reasons=${reasons}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.toolName = toolName;
    this.verdict = details.verdict;
    this.reasonCodes = details.reasonCodes;
    this.violations = details.violations;
    this.decision = details.decision;
    this.tracePath = details.decision?.tracePath;
  }
}

/**
 * The policy said `block`, or `dry_run`: through a guard a dry run never executes the tool (the
 * SDK picks "non-allow means non-execute" where the Python SDK was inconsistent).
 */
export class GaitBlockedError extends GaitEnforcementError {
  readonly exitCode: number;
  constructor(toolName: string, decision: GateDecision | EnforcementDetails) {
    super(toolName, 'intentDigest' in decision ? detailsOf(decision) : decision);
    this.exitCode = this.verdict === 'dry_run' ? 0 : 3;
  }
}

/** The policy requires an approval token (minted by `gait approve`) that the call did not carry. */
export class GaitApprovalRequiredError extends GaitEnforcementError {
  readonly exitCode = 4;
  constructor(toolName: string, decision: GateDecision) {
    super(toolName, detailsOf(decision));
  }
}

export type GateFailureReason = 'gate_error' | 'gate_timeout' | 'gate_invalid_decision';

/**
 * The gate could not decide (an engine exception, a bad intent or policy, the time budget): the
 * call counts as blocked. `cause` holds the original error, `reasonCodes` names the case.
 */
export class GaitGateFailureError extends GaitBlockedError {
  constructor(toolName: string, reason: GateFailureReason, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(toolName, { verdict: 'block', reasonCodes: [reason], violations: [], cause, message: `gait: ${toolName} not executed: gate failed closed (${reason}): ${why}` });
  }
}

/** Raised inside the gate when a decision exceeds `timeoutMs`. */
export class GateTimeoutError extends Error {
  readonly code = 'gate_timeout';
  constructor(readonly timeoutMs: number) {
    super(`gate decision exceeded its ${timeoutMs} ms budget`);
    this.name = 'GateTimeoutError';
  }
}

/** The engine returned something that is not one of the four verdicts. */
export class GateInvalidDecisionError extends Error {
  readonly code = 'gate_invalid_decision';
  constructor(verdict: unknown) {
    super(`gate returned an invalid verdict ${JSON.stringify(verdict)} (expected allow, block, require_approval or dry_run)`);
    this.name = 'GateInvalidDecisionError';
  }
}
