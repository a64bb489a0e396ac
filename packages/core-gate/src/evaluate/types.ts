import type { GoTime } from '../go/time.js';
import type { RateLimitSpec, Verdict } from '../policy/types.js';

/** `gait.gate.result` (gate.md §3.5). */
export interface GateResult {
  schema_id: 'gait.gate.result';
  schema_version: '1.0.0';
  created_at: GoTime;
  producer_version: string;
  verdict: Verdict;
  reason_codes: string[];
  violations: string[];
}

/** The result plus what the pipeline needs from the deciding rules (gate.md §3.5). */
export interface EvalOutcome {
  result: GateResult;
  /** Names of the deciding rules, sorted and comma-joined (HEAD); "" for default or fail-closed. */
  matched_rule: string;
  matched_rules: string[];
  min_approvals: number;
  require_distinct_approvers: boolean;
  require_broker_credential: boolean;
  require_delegation: boolean;
  broker_reference: string;
  broker_scopes: string[];
  rate_limit: RateLimitSpec;
  destructive_budget: RateLimitSpec;
  dataflow_triggered: boolean;
  /** Reasons that came from the fail-closed gate (empty when it did not fire). */
  fail_closed_reason_codes: string[];
  phase: string;
}

export interface EvaluateOptions {
  /** Producer version stamped on the result; default `0.0.0-dev`. */
  producerVersion?: string;
  /**
   * HEAD strips the intent's self-asserted context evidence unless a verified envelope bound it.
   * Pass true only when the context fields come from a verified ContextSpec envelope.
   */
  contextEvidenceVerified?: boolean;
}
