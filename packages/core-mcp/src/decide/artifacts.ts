/** Files a decision leaves behind: the trace, the one-intent runpack, and the export lines. */
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { appendLineLocked, writeFileAtomic } from '@gait/core-fsx';
import { goJsonIndent } from '@gait/core-gate';
import { writeRunpack } from '@gait/core-runpack';
import type { CallDecision } from './evaluate-call.js';

export function resolveIn(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** A relative output path may not climb out of the working folder. */
export function checkRelativeOutput(path: string, what: string): void {
  if (!isAbsolute(path) && path.split(/[/\\]/).includes('..')) {
    throw new InvalidInputError(`relative ${what} output path must not traverse parent directories`, { code: 'artifact_path_invalid' });
  }
}

/** The signed trace as indented JSON, atomically, 0600, parent folders 0750. */
export async function writeTrace(path: string, trace: Record<string, unknown>, cwd: string): Promise<void> {
  checkRelativeOutput(path, 'trace');
  const target = resolveIn(cwd, path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o750 });
  await writeFileAtomic(target, goJsonIndent(trace), { mode: 0o600 });
}

/**
 * The decision runpack (artifacts.md §3.12): intent `intent_1` with the call's args, a result
 * `{verdict, reason_codes, violations, trace_id}` with status `error` for block or
 * require_approval, and the two `proxy_eval_*` timeline events at the gate result's time.
 */
export async function writeDecisionRunpack(path: string, runId: string, decision: CallDecision, producerVersion: string, cwd: string): Promise<void> {
  checkRelativeOutput(path, 'runpack');
  const target = resolveIn(cwd, path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o750 });
  const at = decision.outcome.result.created_at.utc().toRFC3339Nano();
  const blocked = decision.verdict === 'block' || decision.verdict === 'require_approval';
  await writeRunpack(
    target,
    {
      run: {
        run_id: runId,
        created_at: at,
        producer_version: producerVersion,
        timeline: [
          { event: 'proxy_eval_start', ts: at },
          { event: 'proxy_eval_finish', ts: at },
        ],
      },
      intents: [{ intent_id: 'intent_1', tool_name: decision.intent.tool_name, args: decision.call.args, created_at: at }],
      results: [
        {
          intent_id: 'intent_1',
          status: blocked ? 'error' : 'ok',
          created_at: at,
          result: { verdict: decision.verdict, reason_codes: decision.reasonCodes, violations: decision.violations, trace_id: decision.traceId },
        },
      ],
      capture_mode: 'reference',
    },
    { runId },
  );
}

export interface ExportEventInput {
  decision: CallDecision;
  runId: string;
  sessionId: string;
  tracePath: string;
  producerVersion: string;
}

/** `--export-log-out`: one JSON line per decision, `ExportEvent` in the reference's field order. */
export function logExportLine(e: ExportEventInput): string {
  const d = e.decision;
  const delegation = delegationOf(d);
  const event: Record<string, unknown> = {
    created_at: d.outcome.result.created_at.utc().toRFC3339Nano(),
    producer_version: e.producerVersion,
    run_id: e.runId,
    ...(e.sessionId ? { session_id: e.sessionId } : {}),
    trace_id: d.traceId,
    ...(e.tracePath ? { trace_path: e.tracePath } : {}),
    tool_name: d.intent.tool_name,
    verdict: d.verdict,
    ...(d.reasonCodes.length > 0 ? { reason_codes: d.reasonCodes } : {}),
    policy_digest: d.policyDigest,
    intent_digest: d.intent.intent_digest,
    ...(d.latencyMs > 0 ? { decision_latency_ms: Math.round(d.latencyMs) } : {}),
    ...(delegation.ref ? { delegation_ref: delegation.ref } : {}),
    ...(delegation.depth > 0 ? { delegation_depth: delegation.depth } : {}),
  };
  return JSON.stringify(event);
}

/** `--export-otel-out`: one OTEL-style line; every attribute present, keys sorted. */
export function otelExportLine(e: ExportEventInput, now: Date = new Date()): string {
  const d = e.decision;
  const delegation = delegationOf(d);
  const event = {
    attributes: {
      'gait.decision_latency_ms': Math.round(d.latencyMs),
      'gait.delegation_depth': delegation.depth,
      'gait.delegation_ref': delegation.ref,
      'gait.intent_digest': d.intent.intent_digest,
      'gait.policy_digest': d.policyDigest,
      'gait.reason_codes': d.reasonCodes.length > 0 ? d.reasonCodes : null,
      'gait.run_id': e.runId,
      'gait.session_id': e.sessionId,
      'gait.tool_name': d.intent.tool_name,
      'gait.trace_path': e.tracePath,
      'gait.verdict': d.verdict,
    },
    body: 'gait.mcp.proxy.decision',
    severity_text: 'INFO',
    time_unix_nano: now.getTime() * 1_000_000,
    trace_id: d.traceId,
  };
  return JSON.stringify(event);
}

function delegationOf(d: CallDecision): { ref: string; depth: number } {
  const ref = d.trace.delegation_ref as { delegation_token_ref?: string; chain_digest?: string; delegation_depth?: number } | undefined;
  return { ref: ref?.delegation_token_ref || ref?.chain_digest || '', depth: ref?.delegation_depth ?? 0 };
}

/** Appends one line under the export lock, file mode 0600. */
export async function appendExport(path: string, line: string, cwd: string): Promise<void> {
  const target = resolveIn(cwd, path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o750 });
  await appendLineLocked(target, line, { mode: 0o600 });
}
