// Tool calls: adapters and intents
export type { ToolCall, ToolCallTarget, ToolCallServer, AdapterName } from './tool-call/types.js';
export { ADAPTERS } from './tool-call/types.js';
export { decodeToolCall, normalizeAdapter } from './tool-call/decode.js';
export { toIntentRequest, type IntentOptions } from './tool-call/intent.js';

// Decisions
export { parseMcpPolicy, loadMcpPolicy, type McpPolicy } from './decide/policy-source.js';
export { evaluateCall, exitCodeForVerdict, type CallDecision, type EvaluateCallOptions, type Profile } from './decide/evaluate-call.js';
export { decideToolCall, type DecideOptions, type DecideResult, type DecisionOutput } from './decide/decide.js';
export { normalizeRunId } from './decide/names.js';
export {
  callJobId,
  readJobStatus,
  EMERGENCY_STOP_PREEMPTED,
  EMERGENCY_STOP_ACTIVE,
  EMERGENCY_STOP_STATE_UNAVAILABLE,
  type JobStatusRead,
  type JobRootOptions,
} from './decide/job-preemption.js';

// MCP trust
export { trustConfigFromPolicy, type TrustConfig } from './trust/config.js';
export { loadTrustSnapshot, type TrustEntry, type SnapshotLoad } from './trust/snapshot.js';
export { evaluateTrust, type TrustDecision, type TrustServer, type TrustStatus } from './trust/evaluate.js';
export { loadServerDescription, verifyServerTrust, type VerifyServerTrustOptions, type VerifyServerTrustResult } from './trust/verify.js';

// Forwarding proxy
export { CallGate, TraceWriteFailedError, type CallGateOptions, type GateCheck, type GateCheckInput, type GateJudgeInput, type GateVerdict, type TraceMode } from './proxy/call-gate.js';
export { unwrapMetaTools, DEFAULT_META_TOOLS, type MetaToolSpec } from './proxy/meta-tools.js';
export { createGatedServer, META_VERDICT, META_REASON_CODES, META_TRACE_ID, type DecisionEvent, type GatedServerOptions } from './proxy/gated-server.js';
export { connectUpstream, type UpstreamSpec } from './proxy/upstream.js';
export { startProxy, type ProxyOptions, type RunningProxy, type DownstreamSpec, type ProxyEnd } from './proxy/start-proxy.js';
export type { ChildExit } from './proxy/stdio-client-transport.js';

// HTTP
export { parseListen, isLoopbackHost, type ListenAddress } from './http/listen.js';

// Decision service
export { resolveServeConfig, positiveLimit, type ServeConfig, type ServeFlags } from './serve/config.js';
export { startDecisionService, type DecisionService, type DecisionServiceOptions } from './serve/service.js';
export { applyRetention, type RetentionRule, type RetentionClass } from './serve/retention.js';
