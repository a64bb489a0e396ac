export { gaitInputGuardrail, gaitTool, gaitTools, type GaitAgentsOptions } from './gait-tool.js';
// The shapes every adapter shares (options, approval requests, refusals).
export type { ApprovalRequest, ApprovalResolution, DecisionSource, GaitAdapterOptions, Refusal, ToolCallInfo } from '../adapter/tool-call-gate.js';
