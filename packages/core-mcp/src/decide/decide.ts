/**
 * The reference's decision pipeline (`evaluateMCPProxyPayload`, surfaces.md §1.4), shared by
 * `gait mcp proxy --call` and the decision service: decode, re-load the policy, evaluate, sign,
 * write the trace, then the optional runpack and exports. It never executes the tool.
 */
import { join } from 'node:path';
import { decodeToolCall, normalizeAdapter } from '../tool-call/decode.js';
import { appendExport, logExportLine, otelExportLine, writeDecisionRunpack, writeTrace } from './artifacts.js';
import { type CallDecision, checkProfile, evaluateCall, exitCodeForVerdict, fallbackRunId, signingKeyFor } from './evaluate-call.js';
import { callJobId, readJobStatus } from './job-preemption.js';
import { artifactTimestamp, normalizeRunId } from './names.js';
import { loadMcpPolicy } from './policy-source.js';

export interface DecideOptions {
  policyPath: string;
  /** The adapter payload: JSON text, bytes, or a parsed value. */
  payload: unknown;
  adapter?: string;
  profile?: string;
  keyMode?: string;
  privateKeyPath?: string;
  privateKeyEnv?: string;
  runId?: string;
  /** Trace path; default `trace_<run id>_<time>.json` in `traceDir` (default: the cwd). */
  traceOut?: string;
  traceDir?: string;
  runpackOut?: string;
  exportLogOut?: string;
  exportOtelOut?: string;
  /** Where the job named by a call's `context.job_id` lives (default `./gait-out/jobs`, from `cwd`). */
  jobRoot?: string;
  producerVersion?: string;
  correlationId?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The proxy output in the reference's struct order (the decision service appends `exit_code`). */
export interface DecisionOutput {
  ok: boolean;
  executed: false;
  adapter?: string;
  run_id?: string;
  session_id?: string;
  tool_name?: string;
  verdict?: string;
  reason_codes?: string[];
  violations?: string[];
  policy_digest?: string;
  intent_digest?: string;
  decision_latency_ms?: number;
  trace_id?: string;
  trace_path?: string;
  runpack_path?: string;
  log_export?: string;
  otel_export?: string;
  warnings?: string[];
  error?: string;
  job_id?: string;
  matched_rule_ids?: string[];
  mcp_trust?: CallDecision['trust'];
}

export interface DecideResult {
  exitCode: 0 | 3 | 4;
  output: DecisionOutput;
  decision: CallDecision;
  runId: string;
}

export async function decideToolCall(options: DecideOptions): Promise<DecideResult> {
  const cwd = options.cwd ?? process.cwd();
  const producerVersion = options.producerVersion ?? '0.0.0-dev';
  const adapter = normalizeAdapter(options.adapter);
  const call = decodeToolCall(adapter, options.payload);
  const profile = checkProfile(options.profile, options.keyMode);
  const policy = loadMcpPolicy(options.policyPath, cwd);
  const signing = signingKeyFor(options);
  // Read only when the call names a job: emergency-stop preemption (surfaces.md §1.8).
  const jobId = callJobId(call);
  const jobStatus = jobId === '' ? undefined : await readJobStatus(jobId, { ...(options.jobRoot !== undefined ? { root: options.jobRoot } : {}), cwd });
  const decision = evaluateCall(call, {
    policy,
    keyPair: signing.keyPair,
    profile,
    producerVersion,
    cwd,
    ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    ...(jobStatus ? { jobStatus } : {}),
  });

  const flagRun = normalizeRunId(options.runId);
  const contextRun = normalizeRunId(typeof call.context.run_id === 'string' ? call.context.run_id : '');
  const runId = flagRun || contextRun || fallbackRunId(decision);
  // The default name uses the flag's run id only (so no flag gives `trace__<time>.json`), as the reference does.
  const defaultName = `trace_${flagRun}_${artifactTimestamp()}.json`;
  const tracePath = options.traceOut?.trim() || (options.traceDir?.trim() ? join(options.traceDir.trim(), defaultName) : defaultName);
  await writeTrace(tracePath, decision.trace, cwd);

  const output: DecisionOutput = { ok: true, executed: false, adapter, run_id: runId };
  const sessionId = decision.intent.context.session_id;
  if (sessionId) output.session_id = sessionId;
  Object.assign(output, {
    tool_name: decision.intent.tool_name,
    verdict: decision.verdict,
    ...(decision.reasonCodes.length > 0 ? { reason_codes: decision.reasonCodes } : {}),
    ...(decision.violations.length > 0 ? { violations: decision.violations } : {}),
    policy_digest: decision.policyDigest,
    intent_digest: decision.intent.intent_digest,
    ...(Math.round(decision.latencyMs) > 0 ? { decision_latency_ms: Math.round(decision.latencyMs) } : {}),
    trace_id: decision.traceId,
    trace_path: tracePath,
  });
  const runpackOut = options.runpackOut?.trim();
  if (runpackOut) {
    await writeDecisionRunpack(runpackOut, runId, decision, producerVersion, cwd);
    output.runpack_path = runpackOut;
  }
  const exportInput = { decision, runId, sessionId, tracePath, producerVersion };
  if (options.exportLogOut?.trim()) {
    await appendExport(options.exportLogOut.trim(), logExportLine(exportInput), cwd);
    output.log_export = options.exportLogOut.trim();
  }
  if (options.exportOtelOut?.trim()) {
    await appendExport(options.exportOtelOut.trim(), otelExportLine(exportInput), cwd);
    output.otel_export = options.exportOtelOut.trim();
  }
  const warnings = [...signing.warnings, ...decision.warnings];
  if (warnings.length > 0) output.warnings = warnings;
  if (decision.intent.context.extra.job_id) output.job_id = decision.intent.context.extra.job_id;
  if (decision.outcome.matched_rules.length > 0) output.matched_rule_ids = decision.outcome.matched_rules;
  if (decision.trust) output.mcp_trust = decision.trust;
  return { exitCode: exitCodeForVerdict(decision.verdict), output, decision, runId };
}
