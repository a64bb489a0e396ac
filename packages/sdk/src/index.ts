export { createGate, type Gate } from './gate.js';
export type {
  CreateGateOptions,
  GateKeys,
  KeyMode,
  GateProfileName,
  GateVerdict,
  GateDecision,
  EvaluateOptions,
  IntentInput,
  IntentSpec,
  IntentRequest,
  IntentTargetInput,
  IntentArgProvenanceInput,
  IntentContextInput,
  IntentDelegationInput,
  DelegationLinkInput,
  SkillProvenanceInput,
  TokenInput,
} from './types.js';
export { type GuardOptions, type GaitRefusal, type GuardedTool, type GuardedToolReturning, isGaitRefusal, refusalMessage } from './guard.js';
export {
  GaitEnforcementError,
  GaitBlockedError,
  GaitApprovalRequiredError,
  GaitGateFailureError,
  GateTimeoutError,
  GateInvalidDecisionError,
  type GateFailureReason,
  type EnforcementDetails,
} from './errors.js';
export { GateSession, currentSession, type SessionCapture, type AttemptOutcome } from './session.js';
export { type ApprovalCheck, type ApprovalCheckOptions, type MintApprovalOptions, mintApproval, requiredApprovalScope } from './approvals.js';
export { toIntentRequest } from './intent-input.js';
