/**
 * LangChain.js seam: agent middleware `wrapToolCall`, which sits between the agent's tool node and
 * each tool. Non-allow answers an error `ToolMessage` without calling the handler, so the tool
 * never runs and the model reads the refusal. `require_approval` is refused by default; with
 * `approval: 'interrupt'` it pauses the graph with a LangGraph interrupt (needs a checkpointer),
 * and the run resumes with `new Command({ resume: { approvalToken } })` (or `{ reject: true }`).
 */
import { ToolMessage } from '@langchain/core/messages';
import { createMiddleware } from 'langchain';
import { type ApprovalResolution, type DecisionSource, type GaitAdapterOptions, type Refusal, type ToolCallInfo, decide, recordRefusal, refuse, runRecorded, sessionFor, settle } from '../adapter/tool-call-gate.js';
import type { GateDecision } from '../types.js';

export interface GaitMiddlewareOptions extends GaitAdapterOptions {
  /** Middleware name (unique per agent); default `GaitMiddleware`. */
  name?: string;
  /**
   * `refuse` (default): a `require_approval` call is refused unless `resolveApproval` gives a token.
   * `interrupt`: pause the run for a human; the resume value carries the token.
   */
  approval?: 'refuse' | 'interrupt';
}

/** The value of the interrupt raised for a `require_approval` call (`approval: 'interrupt'`). */
export interface GaitApprovalInterrupt {
  type: 'gait.approval_request';
  toolName: string;
  args: Record<string, unknown>;
  callId?: string;
  intentDigest: string;
  policyDigest: string;
  reasonCodes: string[];
  tracePath?: string;
}

/** What to resume an approval interrupt with. */
export interface GaitApprovalResume {
  approvalToken?: ApprovalResolution;
  reject?: boolean;
}

type Interrupt = ((value: unknown) => unknown) | undefined;

function interruptValue(call: ToolCallInfo, decision: GateDecision): GaitApprovalInterrupt {
  const value: GaitApprovalInterrupt = {
    type: 'gait.approval_request',
    toolName: call.toolName,
    args: call.args,
    intentDigest: decision.intentDigest,
    policyDigest: decision.policyDigest,
    reasonCodes: decision.reasonCodes,
  };
  if (call.callId !== undefined) value.callId = call.callId;
  if (decision.tracePath !== undefined) value.tracePath = decision.tracePath;
  return value;
}

/** Agent middleware that gates every tool call of a `createAgent` agent. */
export function gaitMiddleware(gate: DecisionSource, options: GaitMiddlewareOptions = {}) {
  return createMiddleware({
    name: options.name ?? 'GaitMiddleware',
    wrapToolCall: async (request, handler) => {
      const { toolCall } = request;
      const call: ToolCallInfo = { toolName: toolCall.name, args: toolCall.args ?? {}, ...(toolCall.id ? { callId: toolCall.id } : {}) };
      const session = sessionFor(gate);
      let decision: GateDecision | undefined;
      try {
        decision = await decide(gate, call, options);
      } catch (error) {
        return refusalMessage(refuse(call, error, options), toolCall.id);
      }
      const interrupt = (request.runtime as { interrupt?: Interrupt } | undefined)?.interrupt;
      let settleOptions: GaitAdapterOptions = options;
      if (decision.verdict === 'require_approval' && options.approval === 'interrupt' && typeof interrupt === 'function') {
        // LangGraph's interrupt throws to pause the run; on resume it returns the resume value.
        // It must not sit inside a try/catch, or the pause would be swallowed.
        const resume = interrupt(interruptValue(call, decision)) as GaitApprovalResume | undefined;
        const token = resume?.reject ? undefined : resume?.approvalToken;
        settleOptions = { ...options, resolveApproval: () => token };
      }
      const outcome = await settle(gate, call, decision, settleOptions);
      if (!outcome.run) return refusalMessage(recordRefusal(session, outcome), toolCall.id);
      return runRecorded(session, outcome.decision, () => handler(request), (reply) => (ToolMessage.isInstance(reply) ? reply.content : reply));
    },
  });
}

function refusalMessage(refusal: Refusal, toolCallId: string | undefined): ToolMessage {
  const { error } = refusal;
  return new ToolMessage({
    content: refusal.message,
    tool_call_id: toolCallId ?? '',
    name: refusal.call.toolName,
    status: 'error',
    artifact: { gait: { verdict: error.verdict, reasonCodes: error.reasonCodes, violations: error.violations, tracePath: error.tracePath } },
  });
}
