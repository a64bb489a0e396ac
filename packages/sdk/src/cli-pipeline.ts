/**
 * Decisions that involve tokens, audits or credentials run through `evaluateGate`, the very
 * function behind `gait gate eval`, fed with files in a private scratch folder. The artifacts it
 * writes are then the CLI's by construction.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type GateEvalOptions, evaluateGate, goJsonIndent, signTrace } from '@gait/core-gate';
import { sha256Hex } from '@gait/core-sign';
import { toDecision } from './decision.js';
import type { GateContext } from './gate-context.js';
import { KEY_ENV, keyEnv } from './keys.js';
import type { Prepared } from './prepare.js';
import type { GateDecision, IntentRequest, TokenInput } from './types.js';

/** A token as a file path: objects and JSON text are written to the scratch folder. */
function tokenPath(token: TokenInput, scratch: string, name: string): string {
  if (typeof token === 'string' && !token.trimStart().startsWith('{')) return resolve(token);
  writeFileSync(join(scratch, name), typeof token === 'string' ? token : JSON.stringify(token), { mode: 0o600 });
  return join(scratch, name);
}

export interface CliPathInput {
  approvalTokens: readonly TokenInput[];
  delegationTokens: readonly TokenInput[];
  simulate: boolean;
  correlationId?: string;
}

export async function decideWithCliPipeline(ctx: GateContext, request: IntentRequest, prepared: Prepared, input: CliPathInput): Promise<GateDecision> {
  const scratch = mkdtempSync(join(tmpdir(), 'gait-sdk-'));
  try {
    const policyPath = ctx.policyPath ?? join(scratch, 'policy.yaml');
    if (!ctx.policyPath) writeFileSync(policyPath, ctx.policyYaml, { mode: 0o600 });
    const intentPath = join(scratch, 'intent.json');
    writeFileSync(intentPath, JSON.stringify(request), { mode: 0o600 });
    // Without traces the CLI's artifacts land in the scratch folder and go with it.
    const cwd = ctx.traces ? ctx.outDir : join(scratch, 'out');
    mkdirSync(cwd, { recursive: true, mode: 0o750 });
    const prod = ctx.keys.keyMode === 'prod';
    const options: GateEvalOptions = {
      policyPath,
      intentPath,
      profile: ctx.profile,
      keyMode: ctx.keys.keyMode,
      privateKeyEnv: prod ? KEY_ENV.signing : undefined,
      approvalKey: ctx.keys.approvalPublicKey ? { publicKeyEnv: KEY_ENV.approval } : undefined,
      delegationKey: ctx.keys.delegationPublicKey ? { publicKeyEnv: KEY_ENV.delegation } : undefined,
      approvalTokenPaths: input.approvalTokens.map((t, i) => tokenPath(t, scratch, `approval_${i}.json`)),
      delegationTokenPaths: input.delegationTokens.map((t, i) => tokenPath(t, scratch, `delegation_${i}.json`)),
      rateLimitStatePath: ctx.rateLimitStatePath,
      simulate: input.simulate,
      correlationId: input.correlationId,
      producerVersion: ctx.producerVersion,
      now: prepared.now,
      cwd,
      env: keyEnv(ctx.keys),
    };
    const evaluated = await evaluateGate(options);
    if (ctx.traces && ctx.keys.signing && typeof evaluated.output.trace_path === 'string') {
      await restampTrace(ctx, evaluated.trace, join(cwd, evaluated.output.trace_path), prepared);
    }
    const output = ctx.traces ? evaluated.output : withoutArtifactPaths(evaluated.output);
    return toDecision(output, evaluated.exitCode, evaluated.outcome.result, request, evaluated.intent.tool_name, ctx.traces ? ctx.outDir : undefined);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const ARTIFACT_PATHS = ['trace_path', 'approval_audit_path', 'delegation_audit_path', 'credential_evidence_path'];

/** Drops paths to artifacts that were removed with the scratch folder. */
function withoutArtifactPaths(output: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(output).filter(([key]) => !ARTIFACT_PATHS.includes(key)));
}

/**
 * The CLI pipeline stamps `observed_at` from the wall clock and signs dev-mode traces with a fresh
 * key. A gate signs every trace with its own key and, with an injected clock, stamps that clock's
 * time, exactly as the in-memory path does (`event_id` follows `observed_at`, gate.md §4).
 */
async function restampTrace(ctx: GateContext, trace: Record<string, unknown>, path: string, prepared: Prepared): Promise<void> {
  const { signature: _cliSignature, ...payload } = trace;
  if (ctx.clock) {
    const observedAt = prepared.now.utc().toRFC3339Nano();
    payload.observed_at = observedAt;
    payload.event_id = sha256Hex(Buffer.from(`${String(payload.trace_id)}:${observedAt}`, 'utf8')).slice(0, 24);
    if (prepared.latencyMs > 0) payload.latency_ms = prepared.latencyMs;
    else delete payload.latency_ms;
  }
  await ctx.traceWriter.write(path, goJsonIndent(signTrace(ctx.keys.signing!, payload)));
}
