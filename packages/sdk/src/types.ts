/** Public shapes of the SDK: what a runtime passes in and what a decision carries out. */
import type { CompiledPolicy, GateResult, Policy, Verdict } from '@gait/core-gate';
import type { Ed25519KeyPair } from '@gait/core-sign';

export type GateVerdict = Verdict;

/** A target of a tool call (camelCase form of the intent's `targets[]`). */
export interface IntentTargetInput {
  kind: string;
  value: string;
  operation?: string;
  sensitivity?: string;
  endpointClass?: string;
  endpointDomain?: string;
  destructive?: boolean;
  discoveryMethod?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface IntentArgProvenanceInput {
  argPath: string;
  source: 'user' | 'tool_output' | 'external' | 'system' | (string & {});
  sourceRef?: string;
  integrityDigest?: string;
}

/**
 * Who is calling and under which posture. `identity`, `workspace` and `riskClass` are required by
 * the gate; the SDK fills them from the gate's `context` option, then `gait-sdk`, `process.cwd()`
 * and `high` (the most restrictive class) when nothing is given.
 */
export interface IntentContextInput {
  identity?: string;
  workspace?: string;
  riskClass?: string;
  phase?: 'plan' | 'apply';
  sessionId?: string;
  requestId?: string;
  authContext?: Record<string, unknown>;
  credentialScopes?: string[];
  environmentFingerprint?: string;
  contextSetDigest?: string;
  contextEvidenceMode?: 'best_effort' | 'required';
  contextRefs?: string[];
  agentId?: string;
  runId?: string;
  jobId?: string;
  /** Any other HEAD context field, in camelCase (converted to snake_case). */
  [extra: string]: unknown;
}

export interface DelegationLinkInput {
  delegatorIdentity: string;
  delegateIdentity: string;
  scopeClass?: string;
  tokenRef?: string;
}

export interface IntentDelegationInput {
  requesterIdentity: string;
  scopeClass?: string;
  tokenRefs?: string[];
  chain?: DelegationLinkInput[];
}

export interface SkillProvenanceInput {
  skillName: string;
  skillVersion?: string;
  source: string;
  publisher: string;
  digest?: string;
  signatureKeyId?: string;
}

/** The camelCase intent a runtime builds for one tool call. */
export interface IntentSpec {
  toolName: string;
  args?: Record<string, unknown>;
  targets?: IntentTargetInput[];
  argProvenance?: IntentArgProvenanceInput[];
  context?: IntentContextInput;
  delegation?: IntentDelegationInput;
  skillProvenance?: SkillProvenanceInput;
  /** Decision time bound into the trace's `created_at`; default: the gate clock. */
  createdAt?: Date | string;
  producerVersion?: string;
}

/** The wire form (`gait.gate.intent_request`), exactly as `gait gate eval --intent` reads it. */
export interface IntentRequest {
  schema_id?: 'gait.gate.intent_request' | (string & {});
  schema_version?: string;
  created_at?: string;
  producer_version?: string;
  tool_name: string;
  args?: Record<string, unknown>;
  targets?: Record<string, unknown>[];
  arg_provenance?: Record<string, unknown>[];
  skill_provenance?: Record<string, unknown>;
  delegation?: Record<string, unknown>;
  context?: Record<string, unknown>;
  [field: string]: unknown;
}

export type IntentInput = IntentSpec | IntentRequest;

export type KeyMode = 'dev' | 'prod';
export type GateProfileName = 'standard' | 'oss-prod';

export interface GateKeys {
  /** Signing key for traces: a key pair, or a path to a base64 private key file. */
  privateKey?: Ed25519KeyPair | string;
  /** `prod` when a private key is given, else `dev` (an ephemeral key, with a warning). */
  keyMode?: KeyMode;
  /** Verifies approval tokens: raw 32 bytes, base64 text, or a public key file path. Default: the signing key. */
  approvalPublicKey?: Uint8Array | string;
  /** Verifies delegation tokens; default: the approval key, else the signing key. */
  delegationPublicKey?: Uint8Array | string;
}

export interface CreateGateOptions {
  /** A policy file path, YAML text (detected by a newline or `rules:`), a parsed policy, or a compiled one. */
  policy: string | Policy | CompiledPolicy;
  keys?: GateKeys;
  profile?: GateProfileName;
  /** Where traces, audits, runpacks and rate-limit state go; default `./gait-out`. */
  outDir?: string;
  /** Injectable clock: decision time, trace `observed_at` and latency all read it. */
  clock?: () => Date;
  /** Write a signed trace per decision; default true when a signing key is available. */
  traces?: boolean;
  /**
   * `await` (default): a decision resolves after its trace is signed and on disk (atomic, fsync),
   * as with the CLI: the evidence exists before the tool runs.
   * `background`: the decision resolves with the trace's path at once; the trace is signed and
   * written off the call's path (same bytes, same file name). Call `gate.flush()` before relying
   * on the files. A failed background trace makes every later decision fail closed, is passed to
   * `onTraceError`, and makes `flush()` reject.
   */
  traceWrites?: 'await' | 'background';
  /**
   * With `traceWrites: 'background'`: `background` (default) signs the trace in the background
   * too; `inline` signs it in the decision and only writes it in the background.
   */
  traceSigning?: 'inline' | 'background';
  /** Called with a background trace failure and the trace's path (the gate then fails closed). */
  onTraceError?: (error: Error, tracePath: string) => void;
  /** Decision budget in milliseconds; a decision that takes longer fails closed. */
  timeoutMs?: number;
  /** Context merged under every intent's own context (identity, workspace, risk class, …). */
  context?: IntentContextInput;
  /** Stamped on traces and results; default `0.0.0-dev` like the CLI. */
  producerVersion?: string;
}

/** An approval or delegation token: its parsed JSON, its JSON text, or a path to its file. */
export type TokenInput = Record<string, unknown> | string;

export interface EvaluateOptions {
  approvalToken?: TokenInput | readonly TokenInput[];
  delegationToken?: TokenInput | readonly TokenInput[];
  /** Observe mode: report what would happen, always allow (not under `oss-prod`). */
  simulate?: boolean;
  /** Stamped on the trace as `correlation_id` (the CLI stamps its own). */
  correlationId?: string;
}

export interface GateDecision {
  verdict: GateVerdict;
  /** The normalized tool name the policy saw. */
  toolName: string;
  reasonCodes: string[];
  violations: string[];
  /** Names of the deciding rules, comma-joined, when a rule decided. */
  matchedRule?: string;
  intentDigest: string;
  policyDigest: string;
  traceId: string;
  /** Absolute path of the signed trace, when traces are on (with background writes: once flushed). */
  tracePath?: string;
  /** The engine's policy result (before approval tokens, rate limits and simulate). */
  result: GateResult;
  /** What `gait gate eval` would exit with: 0 allow, 3 block, 4 approval required. */
  exitCode: number;
  /** The `gait gate eval --json` object for this decision (paths relative to `outDir`). */
  output: Record<string, unknown>;
  warnings: string[];
  /** The wire intent that was evaluated. */
  intent: IntentRequest;
}
