/** One `GateDecision` from the `gait gate eval --json` object, whichever path produced it. */
import { join } from 'node:path';
import type { GateResult } from '@gait/core-gate';
import type { GateDecision, GateVerdict, IntentRequest } from './types.js';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function toDecision(
  output: Record<string, unknown>,
  exitCode: number,
  result: GateResult,
  intent: IntentRequest,
  toolName: string,
  traceDir: string | undefined,
): GateDecision {
  const tracePath = typeof output.trace_path === 'string' && traceDir !== undefined ? join(traceDir, output.trace_path) : undefined;
  const decision: GateDecision = {
    verdict: output.verdict as GateVerdict,
    toolName,
    reasonCodes: strings(output.reason_codes),
    violations: strings(output.violations),
    intentDigest: String(output.intent_digest ?? ''),
    policyDigest: String(output.policy_digest ?? ''),
    traceId: String(output.trace_id ?? ''),
    result,
    exitCode,
    output,
    warnings: strings(output.warnings),
    intent,
  };
  if (typeof output.matched_rule === 'string' && output.matched_rule !== '') decision.matchedRule = output.matched_rule;
  if (tracePath) decision.tracePath = tracePath;
  return decision;
}
