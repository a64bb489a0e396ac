/**
 * The forwarding proxy's gate: one decision per `tools/call`, evaluated in memory against a
 * policy compiled once, with a signed trace per call. Traces are written before the call goes
 * on (`sync`, the default: no side effect without durable evidence) or in the background
 * (`async`: neither the upstream call nor the answer waits for the disk; a failed write closes
 * the gate for every later call, is reported through `onTraceError`, and makes `flush()` reject).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { IoError } from '@gait/core-errors';
import { AtomicBatchWriter } from '@gait/core-fsx';
import { GoTime, goJsonIndent, traceSealModule } from '@gait/core-gate';
import { DEFAULT_JOB_ROOT, jobPaths } from '@gait/core-jobs';
import { checkRelativeOutput, resolveIn } from '../decide/artifacts.js';
import { type CallDecision, type EvaluateCallOptions, type JudgedCall, checkCallArgs, checkProfile, judgeVerdict, signingKeyFor } from '../decide/evaluate-call.js';
import { artifactTimestamp } from '../decide/names.js';
import { type McpPolicy, loadMcpPolicy } from '../decide/policy-source.js';
import { type JobRootOptions, readJobStatusSync } from '../decide/job-preemption.js';
import { bareCall } from '../tool-call/call.js';
import { DEFAULT_RISK_CLASS } from '../tool-call/intent.js';
import type { JsonObject } from '../tool-call/json.js';
import type { ToolCall, ToolCallServer, ToolCallTarget } from '../tool-call/types.js';
import { loadTrustSnapshot } from '../trust/snapshot.js';
import { VerdictMemo } from './verdict-memo.js';
import { DEFAULT_META_TOOLS, type MetaToolSpec, type UnwrappedCall, unwrapMetaTools } from './meta-tools.js';

export type TraceMode = 'sync' | 'async';

export interface CallGateOptions {
  policyPath: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  profile?: string;
  keyMode?: string;
  privateKeyPath?: string;
  privateKeyEnv?: string;
  /** Folder for `trace_<run>_<time>.json`; default `./gait-out/mcp-proxy/traces`. */
  traceDir?: string;
  traceMode?: TraceMode;
  /** Intent context for every call (the agent behind the client); defaults as the reference's. */
  identity?: string;
  workspace?: string;
  riskClass?: string;
  /** Server description for MCP trust checks (policy `mcp_trust`). */
  server?: ToolCallServer;
  /**
   * The durable job the agent behind the client works for: every call carries it as
   * `context.job_id`, and while the job is emergency-stopped (or its state cannot be read) every
   * call is blocked and never forwarded. Its state is read per call, from `jobRoot`.
   */
  jobId?: string;
  /** Default `./gait-out/jobs`, from `cwd`. */
  jobRoot?: string;
  metaTools?: readonly MetaToolSpec[];
  producerVersion?: string;
  /** Told of a failed background trace write (`async` mode), once, when it happens. */
  onTraceError?: (error: Error) => void;
}

export interface GateJudgeInput {
  name: string;
  args: JsonObject;
  /** The downstream MCP session; becomes the intent's `context.session_id`. */
  sessionId?: string;
  /** Upstream tool annotations, passed to the gate as target hints. */
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };
}

export interface GateCheckInput extends GateJudgeInput {
  /**
   * `async` mode: seal (sign) and write the trace only once this settles. The proxy passes the
   * call's answer, so the signing, which costs more than the decision, never delays a call.
   */
  traceAfter?: PromiseLike<unknown>;
}

/** A call's verdict, before the decision is recorded (see `CallGate.judge`). */
export interface GateVerdict {
  verdict: string;
  /** The tool the upstream would run, after meta-tool unwrapping. */
  target: string;
  via: string[];
  /**
   * Completes the decision (intent digest, trace id, trace file name) and writes its signed
   * trace: in `sync` mode at once (`written` says when it is on disk, and rejects if it cannot
   * be written); in `async` mode once `after` settles (`written` never rejects). Once per verdict.
   */
  record(after?: PromiseLike<unknown>): GateCheck;
}

export interface GateCheck {
  /** The decision; its signed trace record is in the file at `tracePath`. */
  decision: Omit<CallDecision, 'trace'>;
  /** The tool the upstream would run, after meta-tool unwrapping. */
  target: string;
  via: string[];
  tracePath: string;
  /**
   * Resolves when the trace is on disk (in `sync` mode it rejects when the trace cannot be
   * written; `check` has waited for it). In `async` mode it never rejects: a failure is kept by
   * the gate and reported by `onTraceError` and `flush()`.
   */
  written: Promise<void>;
}

/** A trace could not be written: the gate refuses every later call. Exit 1 on the CLI. */
export class TraceWriteFailedError extends IoError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'trace_write_failed', ...(cause !== undefined ? { cause } : {}) });
  }
}

export class CallGate {
  readonly policy: McpPolicy;
  readonly publicKey: Uint8Array;
  readonly warnings: readonly string[];
  /** Everything `judgeVerdict` needs that is the same for every call, built once. */
  private readonly judgeOptions: EvaluateCallOptions;
  private readonly server: ToolCallServer | undefined;
  private readonly cwd: string;
  private readonly traceDir: string;
  private readonly traceFolder: string;
  /** `traceDir` and `traceFolder` joined with a file name are these plus the name (names have no separators). */
  private readonly tracePathPrefix: string;
  private readonly traceFolderPrefix: string;
  private readonly writer: AtomicBatchWriter;
  /** What is handed to the writer for a judged call: its trace's file text, or the unsigned trace for the writer thread to seal. */
  private readonly traceText: (judged: JudgedCall) => string;
  readonly traceMode: TraceMode;
  private readonly metaTools: readonly MetaToolSpec[];
  private readonly processSession = `mcp_${randomBytes(6).toString('hex')}`;
  private readonly pending = new Set<Promise<void>>();
  /**
   * `allow` verdicts by call shape, in `async` mode only: there an allowed call goes on before its
   * decision is recorded. A refusal, and every call in `sync` mode, is recorded (so fully judged)
   * before anything else happens, and a remembered verdict would only add work. None under an
   * MCP trust policy, whose verdicts can change with time.
   */
  private readonly verdicts: VerdictMemo | undefined;
  private readonly jobId: string;
  /** Where `jobId`'s state is read, per call. */
  private readonly jobRoot: JobRootOptions;
  private writeFailure: Error | undefined;

  constructor(private readonly options: CallGateOptions) {
    this.cwd = options.cwd ?? process.cwd();
    const profile = checkProfile(options.profile, options.keyMode);
    this.policy = loadMcpPolicy(options.policyPath, this.cwd);
    const signing = signingKeyFor(options);
    // One key per proxy process (the reference's per-call dev key would make traces unverifiable).
    this.publicKey = signing.keyPair.publicKey;
    // Traces are signed on the writer thread when the package's sealing module is on disk (it is
    // not in a bundle that inlined core-gate): signing, canonical JSON and the indented text are
    // most of a traced call's cost, and the thread that forwards calls stays free of them. The
    // bytes are the same either way.
    const sealModule = traceSealModule();
    const { privateKey, publicKey } = signing.keyPair;
    this.writer = new AtomicBatchWriter(sealModule ? { transform: { module: sealModule, init: { privateKey, publicKey } } } : {});
    this.traceText = sealModule ? (judged) => JSON.stringify(judged.unsignedTrace()) : (judged) => goJsonIndent(judged.sealTrace());
    this.warnings =
      options.server || !this.policy.trust
        ? signing.warnings
        : [...signing.warnings, 'the policy has mcp_trust but no server description was given (--server): calls of the risk classes it requires trust for are refused (mcp_trust_identifier_missing)'];
    this.traceDir = (options.traceDir ?? '').trim() || './gait-out/mcp-proxy/traces';
    checkRelativeOutput(this.traceDir, 'trace');
    this.traceFolder = resolveIn(this.cwd, this.traceDir);
    this.tracePathPrefix = join(this.traceDir, '_').slice(0, -1);
    this.traceFolderPrefix = join(this.traceFolder, '_').slice(0, -1);
    this.traceMode = options.traceMode ?? 'sync';
    this.metaTools = options.metaTools ?? DEFAULT_META_TOOLS;
    // Under an `mcp_trust` policy every call is checked against the snapshot: without a server
    // description it has no identity (`mcp_trust_identifier_missing`), which fails closed for the
    // risk classes the policy requires trust for, instead of skipping the check.
    this.server = options.server ?? (this.policy.trust ? { server_id: '', server_name: '', publisher: '', source: '', endpoint: '' } : undefined);
    const trustSnapshot = this.policy.trust ? loadTrustSnapshot(this.policy.trust.snapshot, this.cwd) : undefined;
    this.jobId = (options.jobId ?? '').trim();
    this.jobRoot = { cwd: this.cwd, ...(options.jobRoot !== undefined ? { root: options.jobRoot } : {}) };
    // A job id that can never name a job (empty, a path) is refused now, not by blocking every call.
    if (options.jobId !== undefined) jobPaths(DEFAULT_JOB_ROOT, options.jobId);
    // A job can be stopped between two calls: no remembered verdict under a job, as under trust.
    this.verdicts = this.policy.trust || this.jobId || this.traceMode === 'sync' ? undefined : new VerdictMemo();
    this.judgeOptions = {
      policy: this.policy,
      keyPair: signing.keyPair,
      profile,
      producerVersion: options.producerVersion ?? '0.0.0-dev',
      cwd: this.cwd,
      ...(trustSnapshot ? { trustSnapshot } : {}),
    };
  }

  /**
   * False only when no call of this tool can come out `allow` (used to hide tools from
   * `tools/list`); true whenever that cannot be shown from the rules alone. Only an `allow` rule
   * or the default verdict can allow (constraints, trust, fail-closed and the destructive default
   * only tighten, and the proxy has no approval tokens to turn `require_approval` into `allow`).
   * The default is reached unless a rule naming the tool matches every call of it: the first
   * priority tier with a match decides, and without `allow` rules every tier refuses. Meta-tools
   * are always listed.
   */
  canEverAllow(toolName: string): boolean {
    // A meta-tool can reach any tool, allowed ones included.
    if (this.metaTools.some((meta) => meta.name === toolName)) return true;
    const { policy } = this.policy;
    const name = toolName.trim().toLowerCase();
    const rules = policy.rules.filter((r) => r.match.tool_names.length === 0 || r.match.tool_names.includes(name));
    if (rules.some((r) => r.effect === 'allow')) return true;
    return policy.default_verdict === 'allow' && !rules.some((r) => matchesEveryCall(r.match));
  }

  /**
   * The verdict on a call, synchronously, with nothing digested or written yet: the forwarding
   * proxy sends an allowed call on (`async` mode) and then records the decision while the
   * upstream works. Throws when the call cannot be judged (or the gate is closed): fail closed.
   */
  judge(input: GateJudgeInput): GateVerdict {
    if (this.writeFailure) throw new TraceWriteFailedError(`trace writing failed earlier; the gate is closed: ${this.writeFailure.message}`, this.writeFailure);
    const observedAt = GoTime.now();
    const unwrapped = unwrapMetaTools(input.name, input.args, this.metaTools);
    const sessionId = input.sessionId || this.processSession;
    // Annotations describe the tool the client named; they are only trusted for a direct call.
    const annotations = unwrapped.via.length === 0 ? input.annotations : undefined;
    // The file's time is the decision's, whenever the decision is recorded.
    const stamp = artifactTimestamp();
    const shape = this.verdicts?.shapeOf(unwrapped.name, sessionId, annotations);
    const known = shape === undefined ? undefined : this.verdicts!.get(shape);
    let verdict: string;
    let complete: () => JudgedCall;
    if (known === undefined) {
      const judged = judgeVerdict(this.toolCall(unwrapped, sessionId, annotations), this.callJudgeOptions(), observedAt);
      if (shape !== undefined && judged.verdict === 'allow') this.verdicts!.set(shape, judged.verdict);
      verdict = judged.verdict;
      complete = judged.complete;
    } else {
      // A call of a known shape: its args are all that is new, and all that must be checked now
      // (everything that could fail on them later, when the decision is completed, fails here).
      checkCallArgs(unwrapped.args);
      verdict = known;
      complete = () => {
        const judged = judgeVerdict(this.toolCall(unwrapped, sessionId, annotations), this.callJudgeOptions(), observedAt);
        if (judged.verdict !== known) throw new Error(`gate verdict ${judged.verdict} differs from the remembered ${known} for ${unwrapped.name}`);
        return judged.complete();
      };
    }
    let recorded: GateCheck | undefined;
    return {
      verdict,
      target: unwrapped.name,
      via: unwrapped.via,
      record: (after) => (recorded ??= this.record(complete(), stamp, unwrapped, after)),
    };
  }

  /** With a job configured, its state is read for every call, synchronously: a stop blocks the next call. */
  private callJudgeOptions(): EvaluateCallOptions {
    if (!this.jobId) return this.judgeOptions;
    return { ...this.judgeOptions, jobStatus: readJobStatusSync(this.jobId, this.jobRoot) };
  }

  /** The call as the gate judges it: the unwrapped target with the gate's context (built only when judged). */
  private toolCall(unwrapped: UnwrappedCall, sessionId: string, annotations: GateJudgeInput['annotations']): ToolCall {
    const context: JsonObject = { session_id: sessionId };
    if (this.jobId) context.job_id = this.jobId;
    if (this.options.identity) context.identity = this.options.identity;
    if (this.options.workspace) context.workspace = this.options.workspace;
    if (this.options.riskClass) context.risk_class = this.options.riskClass;
    // Named outright under a trust policy: trust is enforced by the call's own risk class, and a
    // call without one would never be (the reference's one-shot trap), while the gate judges it
    // as the default class.
    else if (this.policy.trust) context.risk_class = DEFAULT_RISK_CLASS;
    const targets: ToolCallTarget[] = annotations ? [annotationTarget(unwrapped.name, annotations)] : [];
    return bareCall(unwrapped.name, unwrapped.args, this.server ? { context, targets, server: this.server } : { context, targets });
  }

  /** `judge` and `record` in one step; in `sync` mode the trace is on disk when it resolves. */
  async check(input: GateCheckInput): Promise<GateCheck> {
    const check = this.judge(input).record(input.traceAfter);
    if (this.traceMode === 'sync') await check.written;
    return check;
  }

  private record(judged: JudgedCall, stamp: string, unwrapped: UnwrappedCall, after: PromiseLike<unknown> | undefined): GateCheck {
    const { decision } = judged;
    // `normalizeRunId` of `mcp_` and hex digits is `run_mcp_` and the same digits.
    const fileName = `trace_run_mcp_${decision.intent.intent_digest.slice(0, 12)}_${stamp}.json`;
    const target = this.traceFolderPrefix + fileName;
    const written = this.traceMode === 'sync' ? this.writer.write(target, this.traceText(judged)) : this.writeLater(after, target, judged);
    return { decision, target: unwrapped.name, via: unwrapped.via, tracePath: this.tracePathPrefix + fileName, written };
  }

  /**
   * `async` mode: builds (and signs, unless the writer thread does) and writes the trace once
   * `after` settles, then on the next turn of the event loop, by which time the answer has been
   * sent. Never rejects; a failure closes the gate.
   */
  private writeLater(after: PromiseLike<unknown> | undefined, target: string, judged: JudgedCall): Promise<void> {
    const tracked = this.sealAndWrite(after, target, judged).finally(() => {
      this.pending.delete(tracked);
    });
    this.pending.add(tracked);
    return tracked;
  }

  private async sealAndWrite(after: PromiseLike<unknown> | undefined, target: string, judged: JudgedCall): Promise<void> {
    try {
      await after;
    } catch {
      // The answer failed; the decision was made all the same, so its trace is written.
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      await this.writer.write(target, this.traceText(judged));
    } catch (error) {
      this.traceFailed(error as Error);
    }
  }

  /**
   * A trace of this gate could not be made or written (`async` mode): the gate refuses every
   * later call, and `onTraceError` hears of the first failure.
   */
  traceFailed(error: Error): void {
    if (this.writeFailure) return;
    this.writeFailure = error;
    this.options.onTraceError?.(error);
  }

  /**
   * Waits for every trace still being written (call before exit in `async` mode), then rejects
   * with `TraceWriteFailedError` if any trace of this gate could not be written.
   */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.writeFailure) throw new TraceWriteFailedError(`a trace could not be written: ${this.writeFailure.message}`, this.writeFailure);
  }

  /** Flushes (rejecting as `flush()` does) and stops the trace writer. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.writer.close();
    }
  }
}

/** A rule match with no condition beyond tool names (any other condition makes some calls miss it). */
function matchesEveryCall(match: McpPolicy['policy']['rules'][number]['match']): boolean {
  return Object.entries(match).every(([field, value]) => field === 'tool_names' || value === undefined || value === false || (Array.isArray(value) && value.length === 0));
}

function annotationTarget(name: string, a: NonNullable<GateCheckInput['annotations']>): ToolCallTarget {
  const target: ToolCallTarget = { kind: 'other', value: name, discovery_method: 'mcp' };
  if (a.readOnlyHint !== undefined) target.read_only_hint = a.readOnlyHint;
  if (a.destructiveHint !== undefined) target.destructive_hint = a.destructiveHint;
  if (a.idempotentHint !== undefined) target.idempotent_hint = a.idempotentHint;
  if (a.openWorldHint !== undefined) target.open_world_hint = a.openWorldHint;
  return target;
}
