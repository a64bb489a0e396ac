// Go-compatibility primitives
export { GoTime, parseGoDuration } from './go/time.js';
export { goTrim, goLower, compareBytes, uniqueSorted } from './go/strings.js';
export { goPathMatch } from './go/path-match.js';
export { goUrlHostname } from './go/url-host.js';

// Intents
export type {
  NormalizedIntent,
  IntentTarget,
  IntentArgProvenance,
  IntentContext,
  ContextExtra,
  IntentDelegation,
  DelegationLink,
  SkillProvenance,
} from './intent/types.js';
export { IntentError } from './intent/errors.js';
export { MAX_ARGS_DEPTH, checkIntentArgs, decodeIntent, fillIntentDigests, normalizeIntent, normalizeRawIntent, type NormalizeOptions, type RawIntent } from './intent/normalize.js';
export { intentPayload, delegationBindingDigest } from './intent/digest.js';

// Policies
export type {
  Policy,
  PolicyRule,
  PolicyMatch,
  Verdict,
  FailClosed,
  RateLimitSpec,
  DataflowSpec,
  EndpointSpec,
  McpTrustPolicy,
} from './policy/types.js';
export { PolicyError } from './policy/errors.js';
export { parsePolicyYaml, normalizePolicy } from './policy/normalize.js';
export { policyDigest, policyDigestPayload } from './policy/digest.js';

// Evaluation
export { compilePolicy, type CompiledPolicy } from './evaluate/compile.js';
export { evaluateIntent } from './evaluate/evaluate.js';
export { stripUnverifiedContextEvidence } from './evaluate/context-evidence.js';
export { mostRestrictive } from './evaluate/verdicts.js';
export type { EvalOutcome, EvaluateOptions, GateResult } from './evaluate/types.js';

// Tokens
export { TokenError } from './tokens/errors.js';
export {
  type ApprovalToken,
  type MintApprovalInput,
  type ApprovalExpectations,
  mintApprovalToken,
  decodeApprovalToken,
  validateApprovalToken,
  approvalTokenJson,
} from './tokens/approval.js';
export {
  type DelegationToken,
  type MintDelegationInput,
  type DelegationExpectations,
  mintDelegationToken,
  decodeDelegationToken,
  validateDelegationToken,
  delegationTokenJson,
} from './tokens/delegation.js';

// Traces
export { buildTrace, signTrace, traceIdFor, type TraceInput } from './trace/record.js';
export { verifyTraceRecord, type TraceVerification } from './trace/verify.js';
export { traceSealModule } from './trace/seal-module.js';
export { createTransform as createTraceSealTransform, type TraceSealInit } from './trace/seal-transform.js';

// State, brokers
export { enforceRateLimit, type RateLimitDecision } from './state/rate-limit.js';
export { resolveBroker, issueCredential, type BrokerConfig, type CredentialRequest, type IssuedCredential } from './broker/broker.js';

// Pipeline
export { evaluateGate, type GateEvalOptions, type GateEvalResult, type GateProfile, type KeySource } from './pipeline/gate-eval.js';
export {
  decideGate,
  prepareGateIntent,
  type GateDecisionInput,
  type GateDecisionResult,
  type GateArtifactKind,
  type GateArtifactSink,
  type DeferredTraceSink,
  type SignedTrace,
  type PrepareGateIntentOptions,
  type PreparedGateIntent,
  type Lazy,
} from './pipeline/gate-decide.js';
export type { TokenValues } from './pipeline/token-files.js';
export { goJsonIndent } from './go/json-encode.js';

// Policy commands
export { formatPolicyYaml } from './policy/format.js';
export { POLICY_TEMPLATES, resolvePolicyTemplate, type PolicyTemplateName } from './policy/templates.js';
export {
  runPolicyTest,
  policyTestExitCode,
  policyTestSummary,
  discoverFixtures,
  simulatePolicies,
  type PolicyTestResult,
  type SimulationReport,
} from './policy/policy-test.js';
export { loadGateConfig, DEFAULT_PROJECT_CONFIG, type GateConfig } from './pipeline/project-config.js';
