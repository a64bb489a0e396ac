/** Intent normalization and the policy decision: the part of `gate eval` every call needs. */
import { GoTime, type PreparedGateIntent, prepareGateIntent } from '@gait/core-gate';
import { GateInvalidDecisionError } from './errors.js';
import type { GateContext } from './gate-context.js';
import type { IntentRequest } from './types.js';

export const VERDICTS: ReadonlySet<string> = new Set(['allow', 'block', 'require_approval', 'dry_run']);

export interface Prepared {
  gate: PreparedGateIntent;
  /** The decision clock's reading for this call. */
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
function stopwatchOf(ctx: GateContext): (() => () => number) | undefined {
  const clock = ctx.clock;
  if (!clock) return undefined;
  return () => {
    const start = clock().getTime();
    return () => clock().getTime() - start;
  };
}

export function prepare(ctx: GateContext, request: IntentRequest): Prepared {
  const gate = prepareGateIntent(ctx.compiled, request, { producerVersion: ctx.producerVersion, stopwatch: stopwatchOf(ctx) });
  if (!VERDICTS.has(gate.outcome.result.verdict)) throw new GateInvalidDecisionError(gate.outcome.result.verdict);
  return { gate, now: nowOf(ctx) };
}
