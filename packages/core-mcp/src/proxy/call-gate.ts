/**
 * The forwarding proxy's gate: one decision per `tools/call`, evaluated in memory against a
 * policy compiled once, with a signed trace per call. Traces are written before the call goes
 * on (`sync`, the default: no side effect without durable evidence) or beside it (`async`: the
 * write overlaps the upstream call; a failed write then closes the gate for every later call).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Ed25519KeyPair } from '@gait/core-sign';
import { writeTrace } from '../decide/artifacts.js';
import { type CallDecision, type Profile, checkProfile, evaluateCall, signingKeyFor } from '../decide/evaluate-call.js';
import { artifactTimestamp, normalizeRunId } from '../decide/names.js';
import { type McpPolicy, loadMcpPolicy } from '../decide/policy-source.js';
import { bareCall } from '../tool-call/call.js';
import type { JsonObject } from '../tool-call/json.js';
import type { ToolCallServer, ToolCallTarget } from '../tool-call/types.js';
import { loadTrustSnapshot, type SnapshotLoad } from '../trust/snapshot.js';
import { DEFAULT_META_TOOLS, type MetaToolSpec, unwrapMetaTools } from './meta-tools.js';

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
  metaTools?: readonly MetaToolSpec[];
  producerVersion?: string;
}

export interface GateCheckInput {
  name: string;
  args: JsonObject;
  /** The downstream MCP session; becomes the intent's `context.session_id`. */
  sessionId?: string;
  /** Upstream tool annotations, passed to the gate as target hints. */
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };
}

export interface GateCheck {
  decision: CallDecision;
  /** The tool the upstream would run, after meta-tool unwrapping. */
  target: string;
  via: string[];
  tracePath: string;
  /** Resolves when the trace is on disk (already resolved in `sync` mode). */
  written: Promise<void>;
}

export class TraceWriteFailedError extends Error {}

export class CallGate {
  readonly policy: McpPolicy;
  readonly publicKey: Uint8Array;
  readonly warnings: readonly string[];
  private readonly keyPair: Ed25519KeyPair;
  private readonly profile: Profile;
  private readonly cwd: string;
  private readonly traceDir: string;
  private readonly mode: TraceMode;
  private readonly metaTools: readonly MetaToolSpec[];
  private readonly trustSnapshot: SnapshotLoad | undefined;
  private readonly processSession = `mcp_${randomBytes(6).toString('hex')}`;
  private readonly pending = new Set<Promise<void>>();
  private writeFailure: Error | undefined;

  constructor(private readonly options: CallGateOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.profile = checkProfile(options.profile, options.keyMode);
    this.policy = loadMcpPolicy(options.policyPath, this.cwd);
    const signing = signingKeyFor(options);
    // One key per proxy process (the reference's per-call dev key would make traces unverifiable).
    this.keyPair = signing.keyPair;
    this.publicKey = signing.keyPair.publicKey;
    this.warnings = signing.warnings;
    this.traceDir = (options.traceDir ?? '').trim() || './gait-out/mcp-proxy/traces';
    this.mode = options.traceMode ?? 'sync';
    this.metaTools = options.metaTools ?? DEFAULT_META_TOOLS;
    this.trustSnapshot = this.policy.trust ? loadTrustSnapshot(this.policy.trust.snapshot, this.cwd) : undefined;
  }

  /** True unless the policy blocks this tool whatever its arguments (used to hide tools). */
  canEverAllow(toolName: string): boolean {
    const { policy } = this.policy;
    if (policy.default_verdict !== 'block') return true;
    const name = toolName.trim().toLowerCase();
    return policy.rules.some((r) => r.effect !== 'block' && (r.match.tool_names.length === 0 || r.match.tool_names.includes(name)));
  }

  async check(input: GateCheckInput): Promise<GateCheck> {
    if (this.writeFailure) throw new TraceWriteFailedError(`trace writing failed earlier; the gate is closed: ${this.writeFailure.message}`);
    const unwrapped = unwrapMetaTools(input.name, input.args, this.metaTools);
    const context: JsonObject = { session_id: input.sessionId || this.processSession };
    if (this.options.identity) context.identity = this.options.identity;
    if (this.options.workspace) context.workspace = this.options.workspace;
    if (this.options.riskClass) context.risk_class = this.options.riskClass;
    const targets: ToolCallTarget[] = [];
    // Annotations describe the tool the client named; they are only trusted for a direct call.
    if (input.annotations && unwrapped.via.length === 0) targets.push(annotationTarget(unwrapped.name, input.annotations));
    const call = bareCall(unwrapped.name, unwrapped.args, {
      context,
      targets,
      ...(this.options.server ? { server: this.options.server } : {}),
    });
    const decision = evaluateCall(call, {
      policy: this.policy,
      keyPair: this.keyPair,
      profile: this.profile,
      producerVersion: this.options.producerVersion ?? '0.0.0-dev',
      cwd: this.cwd,
      ...(this.trustSnapshot ? { trustSnapshot: this.trustSnapshot } : {}),
    });
    const runId = normalizeRunId(`mcp_${decision.intent.intent_digest.slice(0, 12)}`);
    const tracePath = join(this.traceDir, `trace_${runId}_${artifactTimestamp()}.json`);
    const write = writeTrace(tracePath, decision.trace, this.cwd);
    if (this.mode === 'sync') {
      await write;
      return { decision, target: unwrapped.name, via: unwrapped.via, tracePath, written: Promise.resolve() };
    }
    const tracked = write.catch((error: Error) => {
      this.writeFailure ??= error;
      throw error;
    });
    this.pending.add(tracked);
    const settle = () => this.pending.delete(tracked);
    tracked.then(settle, settle);
    return { decision, target: unwrapped.name, via: unwrapped.via, tracePath, written: tracked };
  }

  /** Waits for every trace still being written (call before exit in `async` mode). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}

function annotationTarget(name: string, a: NonNullable<GateCheckInput['annotations']>): ToolCallTarget {
  const target: ToolCallTarget = { kind: 'other', value: name, discovery_method: 'mcp' };
  if (a.readOnlyHint !== undefined) target.read_only_hint = a.readOnlyHint;
  if (a.destructiveHint !== undefined) target.destructive_hint = a.destructiveHint;
  if (a.idempotentHint !== undefined) target.idempotent_hint = a.idempotentHint;
  if (a.openWorldHint !== undefined) target.open_world_hint = a.openWorldHint;
  return target;
}
