/** Intent normalization and the policy decision: the part of `gate eval` every call needs. */
import { InvalidInputError } from '@gait/core-errors';
import {
  type EvalOutcome,
  GoTime,
  type NormalizedIntent,
  decodeIntent,
  evaluateIntent,
  normalizeRawIntent,
  stripUnverifiedContextEvidence,
} from '@gait/core-gate';
import { GateInvalidDecisionError } from './errors.js';
import type { GateContext } from './gate-context.js';
import type { IntentRequest } from './types.js';

export const VERDICTS: ReadonlySet<string> = new Set(['allow', 'block', 'require_approval', 'dry_run']);

export interface Prepared {
  intent: NormalizedIntent;
  outcome: EvalOutcome;
  latencyMs: number;
  now: GoTime;
}

/** The gate's clock as Go time; without an injected clock, the wall clock with sub-ms digits. */
export function nowOf(ctx: GateContext): GoTime {
  return ctx.clock ? GoTime.fromDate(ctx.clock()) : GoTime.now();
}

/**
 * Latency is measured on the injected clock when there is one, so a fixed clock gives a latency of
 * 0 (omitted from the trace) and byte-stable traces; otherwise on the monotonic clock, as the CLI.
 */
function stopwatch(ctx: GateContext): () => number {
  if (ctx.clock) {
    const clock = ctx.clock;
    const start = clock().getTime();
    return () => clock().getTime() - start;
  }
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e6;
}

export function prepare(ctx: GateContext, request: IntentRequest): Prepared {
  let normalized: NormalizedIntent;
  try {
    normalized = normalizeRawIntent(decodeIntent(request));
  } catch (error) {
    throw new InvalidInputError(`normalize intent: ${(error as Error).message}`, { code: 'intent_invalid', cause: error });
  }
  // As `gate eval`: self-asserted context evidence counts only from a verified envelope.
  const intent = stripUnverifiedContextEvidence(normalized);
  const elapsed = stopwatch(ctx);
  const outcome = evaluateIntent(ctx.compiled, intent, { producerVersion: ctx.producerVersion, contextEvidenceVerified: true });
  const latencyMs = elapsed();
  if (!VERDICTS.has(outcome.result.verdict)) throw new GateInvalidDecisionError(outcome.result.verdict);
  return { intent, outcome, latencyMs, now: nowOf(ctx) };
}

/**
 * The in-memory path covers decisions that need no token, audit or credential. The rest go through
 * the CLI's own pipeline so their artifacts (audits, token checks) are the CLI's by construction.
 */
export function needsCliPipeline(outcome: EvalOutcome, hasTokens: boolean): boolean {
  return hasTokens || outcome.require_delegation || outcome.require_broker_credential || outcome.result.verdict === 'require_approval';
}
