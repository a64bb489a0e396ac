/**
 * One `/v1/evaluate*` request after decoding: the decision pipeline, the optional runpack, the
 * session journal and checkpoints, then retention. Returns the response object in the
 * reference's field order, with `exit_code` last.
 */
import { join } from 'node:path';
import { appendSessionEvent, checkpointSession, startSession } from '@gait/core-runpack';
import { writeDecisionRunpack } from '../decide/artifacts.js';
import { decideToolCall, type DecisionOutput } from '../decide/decide.js';
import { artifactTimestamp, normalizeRunId, sessionFileBase } from '../decide/names.js';
import type { ServeConfig } from './config.js';
import { type EvaluateRequest, RequestError } from './request.js';
import { applyRetention } from './retention.js';

export type ServeResponse = DecisionOutput & { exit_code: number };

const ORDER = [
  'ok', 'executed', 'adapter', 'run_id', 'session_id', 'tool_name', 'verdict', 'reason_codes', 'violations', 'policy_digest',
  'intent_digest', 'decision_latency_ms', 'trace_id', 'trace_path', 'runpack_path', 'log_export', 'otel_export', 'warnings', 'error',
  // HEAD additions this port produces
  'job_id', 'matched_rule_ids', 'mcp_trust',
] as const;

function clientPath(config: ServeConfig, field: string, value: string): string {
  if (value.trim() === '') return '';
  if (!config.allowClientArtifactPaths) throw new RequestError(400, `request.${field} is not allowed by server configuration`);
  return value.trim();
}

export interface RequestContext {
  config: ServeConfig;
  cwd: string;
  producerVersion: string;
  env: NodeJS.ProcessEnv;
}

export async function evaluateRequest(request: EvaluateRequest, ctx: RequestContext): Promise<ServeResponse> {
  const { config, cwd } = ctx;
  const tracePath = clientPath(config, 'trace_path', request.trace_path);
  const runpackOut = clientPath(config, 'runpack_out', request.runpack_out);
  const journalOverride = clientPath(config, 'session_journal', request.session_journal);
  clientPath(config, 'pack_out', request.pack_out);
  if (request.pack_out.trim() !== '' || request.emit_pack) {
    // PackSpec emission is not built in this port; refuse rather than silently skip evidence.
    throw new RequestError(400, request.emit_pack ? 'request.emit_pack requires server --pack-dir' : 'request.pack_out is not supported by this server');
  }
  const result = await decideToolCall({
    policyPath: config.policyPath,
    payload: request.call,
    adapter: request.adapter.trim() || config.adapter,
    profile: config.profile,
    keyMode: config.keyMode,
    privateKeyPath: config.privateKeyPath,
    privateKeyEnv: config.privateKeyEnv,
    runId: request.run_id,
    traceOut: tracePath,
    traceDir: config.traceDir,
    exportLogOut: config.exportLogOut,
    exportOtelOut: config.exportOtelOut,
    jobRoot: config.jobRoot,
    producerVersion: ctx.producerVersion,
    cwd,
    env: ctx.env,
  });
  const output: DecisionOutput = { ...result.output };
  const warnings = [...(output.warnings ?? [])];
  const runpackPath = runpackOut || (request.emit_runpack && config.runpackDir ? join(config.runpackDir, `runpack_${result.runId}_${artifactTimestamp()}.zip`) : '');
  if (runpackPath) {
    await writeDecisionRunpack(runpackPath, result.runId, result.decision, ctx.producerVersion, cwd);
    output.runpack_path = runpackPath;
  }

  const sessionId = request.session_id.trim() || result.decision.intent.context.session_id;
  if (sessionId) {
    const base = sessionFileBase(sessionId);
    let journal = journalOverride || join(config.sessionDir, `${base}.journal.jsonl`);
    try {
      await startSession(journal, { sessionId, runId: result.runId, producerVersion: ctx.producerVersion, cwd });
    } catch (error) {
      // HEAD: a default journal that belongs to another run falls back to a per-run journal.
      if (journalOverride || !/different session\/run/.test((error as Error).message)) throw error;
      journal = join(config.sessionDir, `${base}_${result.runId}.journal.jsonl`);
      await startSession(journal, { sessionId, runId: result.runId, producerVersion: ctx.producerVersion, cwd });
    }
    const d = result.decision;
    const event = await appendSessionEvent(
      journal,
      {
        toolName: d.intent.tool_name,
        verdict: d.verdict,
        intentDigest: d.intent.intent_digest,
        policyDigest: d.policyDigest,
        traceId: d.traceId,
        tracePath: output.trace_path ?? '',
        reasonCodes: d.reasonCodes,
        violations: d.violations,
        producerVersion: ctx.producerVersion,
      },
      { cwd },
    );
    output.session_id = sessionId;
    warnings.push(`session_journal=${journal} sequence=${event.sequence}`);
    const interval = request.checkpoint_interval;
    if (interval > 0 && event.sequence % interval === 0 && config.runpackDir) {
      const out = join(config.runpackDir, `${base}_cp_${String(event.sequence).padStart(6, '0')}.zip`);
      const cp = await checkpointSession(journal, { out, cwd, producerVersion: ctx.producerVersion });
      warnings.push(`session_checkpoint=${cp.runpackPath} chain=${cp.chainPath}`);
    }
  }
  warnings.push(...(await applyRetention(config.retention.map((r) => ({ ...r, dir: r.dir && resolveDir(cwd, r.dir) })))));
  if (warnings.length > 0) output.warnings = warnings;
  return ordered(output, result.exitCode);
}

function resolveDir(cwd: string, dir: string): string {
  return dir.startsWith('/') ? dir : join(cwd, dir);
}

/** The response in struct order: known fields first, then `exit_code`. */
export function ordered(output: DecisionOutput, exitCode: number): ServeResponse {
  const out: Record<string, unknown> = {};
  for (const key of ORDER) if (output[key] !== undefined) out[key] = output[key];
  out.exit_code = exitCode;
  return out as unknown as ServeResponse;
}
