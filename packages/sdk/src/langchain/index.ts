export {
  gaitMiddleware,
  type GaitApprovalInterrupt,
  type GaitApprovalResume,
  type GaitMiddlewareOptions,
} from './gait-middleware.js';
// The shapes every adapter shares (options, approval requests, refusals).
export type { ApprovalRequest, ApprovalResolution, DecisionSource, GaitAdapterOptions, Refusal, ToolCallInfo } from '../adapter/tool-call-gate.js';
