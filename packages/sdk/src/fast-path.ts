/**
 * The in-memory decision path: `gate eval`'s rate limit, simulate and signed trace steps for a
 * decision that needs no token, audit or credential, with no file read and one file write.
 */
import { join } from 'node:path';
import { type Verdict, buildTrace, delegationBindingDigest, enforceRateLimit, goJsonIndent, signTrace, traceIdFor, uniqueSorted } from '@gait/core-gate';
import { exitCodeForVerdict, omitEmpty, toDecision } from './decision.js';
import type { GateContext } from './gate-context.js';
import type { Prepared } from './prepare.js';
import type { GateDecision, IntentRequest } from './types.js';

export async function decideInMemory(ctx: GateContext, request: IntentRequest, prepared: Prepared, simulate: boolean, correlationId?: string): Promise<GateDecision> {
  const { intent, outcome, now } = prepared;
  const policyDigest = ctx.compiled.policyDigest;
  let verdict: Verdict = outcome.result.verdict;
  const reasons = [...outcome.result.reason_codes];
  let violations = [...outcome.result.violations];
  const output: Record<string, unknown> = { ok: true, profile: ctx.profile };

  if (outcome.rate_limit.requests > 0) {
    const limit = await enforceRateLimit(ctx.rateLimitStatePath, outcome.rate_limit, intent, now);
    if (!limit.allowed) {
      verdict = 'block';
      reasons.push('rate_limit_exceeded');
      violations.push('rate_limit_exceeded');
    }
    Object.assign(output, {
      rate_limit_scope: limit.scope,
      rate_limit_key: limit.key,
      rate_limit_used: limit.used,
      rate_limit_remaining: limit.remaining,
    });
  }

  let finalReasons = uniqueSorted(reasons);
  if (simulate) {
    const wouldHaveBlocked = verdict === 'block' || verdict === 'require_approval';
    const extra = ['simulate_mode_non_enforcing'];
    Object.assign(output, { simulate_mode: true, would_have_blocked: wouldHaveBlocked, simulated_verdict: verdict, simulated_reason_codes: finalReasons });
    if (wouldHaveBlocked) {
      extra.push(`simulated_${verdict}`);
      verdict = 'allow';
      violations = [];
    }
    finalReasons = uniqueSorted([...finalReasons, ...extra]);
  }
  const finalViolations = uniqueSorted(violations);
  const traceId = traceIdFor(policyDigest, intent.intent_digest, verdict);

  let traceFile: string | undefined;
  if (ctx.traces && ctx.keys.signing) {
    traceFile = `trace_${traceId}.json`;
    const trace = signTrace(
      ctx.keys.signing,
      buildTrace({
        intent,
        policyDigest,
        verdict,
        reasonCodes: finalReasons,
        violations: finalViolations,
        createdAt: outcome.result.created_at,
        observedAt: ctx.clock ? now : undefined,
        producerVersion: ctx.producerVersion,
        correlationId,
        latencyMs: prepared.latencyMs,
        delegationBindingDigest: delegationBindingDigest(intent),
      }),
    );
    await ctx.traceWriter.write(join(ctx.outDir, traceFile), goJsonIndent(trace));
  }

  Object.assign(output, {
    verdict,
    reason_codes: finalReasons,
    violations: finalViolations,
    delegation_required: outcome.require_delegation,
    trace_id: traceId,
    trace_path: traceFile,
    policy_digest: policyDigest,
    intent_digest: intent.intent_digest,
    context_set_digest: intent.context.context_set_digest,
    context_evidence_mode: intent.context.context_evidence_mode,
    context_ref_count: intent.context.context_refs.length,
    matched_rule: outcome.matched_rule,
    phase: intent.context.phase,
    warnings: ctx.keys.warnings,
  });
  return toDecision(omitEmpty(output), exitCodeForVerdict(verdict), outcome.result, request, intent.tool_name, ctx.outDir);
}
