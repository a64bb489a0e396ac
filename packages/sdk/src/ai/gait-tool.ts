/**
 * Vercel AI SDK seam: the tool itself. `execute` asks the gate first and runs the original only on
 * `allow`; a refusal is thrown, which the AI SDK hands the model as the tool's error result.
 * `require_approval` becomes `needsApproval: true`, so the AI SDK's own approval round trip
 * (`tool-approval-request` / `tool-approval-response`) asks a human; after an approval the call
 * still runs only with a valid Gait approval token from `resolveApproval`.
 */
import type { Tool, ToolExecutionOptions } from 'ai';
import { InvalidInputError } from '@gait/core-errors';
import { DecisionCache } from '../adapter/decision-cache.js';
import { type DecisionSource, type GaitAdapterOptions, type ToolCallInfo, decide, recordRefusal, refusalError, refuse, runRecorded, sessionFor, settle, streamRecorded } from '../adapter/tool-call-gate.js';
import type { GateSession } from '../session.js';
import type { GateDecision } from '../types.js';

export type GaitAiToolOptions = GaitAdapterOptions;

type AnyTool = Tool<any, any>;
type NeedsApproval = NonNullable<AnyTool['needsApproval']>;

function callOf(toolName: string, input: unknown, toolCallId: string | undefined): ToolCallInfo {
  const args = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : { input };
  return toolCallId === undefined ? { toolName, args } : { toolName, args, callId: toolCallId };
}

function isAsyncGeneratorFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor?.name === 'AsyncGeneratorFunction';
}

/** Wraps one AI SDK tool (made with `tool({ inputSchema, execute })`) so every call is gated. */
export function gaitTool<T extends AnyTool>(gate: DecisionSource, toolName: string, original: T, options: GaitAiToolOptions = {}): T {
  const execute = original.execute as ((input: unknown, opts: ToolExecutionOptions) => unknown) | undefined;
  if (typeof execute !== 'function') {
    throw new InvalidInputError(`AI SDK tool "${toolName}" has no execute function; Gait gates tools the SDK executes (give it execute)`, {
      code: 'adapter_tool_invalid',
      details: { tool: toolName },
    });
  }
  const cache = new DecisionCache();
  const evaluate = (call: ToolCallInfo) => () => decide(gate, call, options);
  const userNeedsApproval: NeedsApproval | undefined = original.needsApproval;

  const needsApproval: NeedsApproval = async (input, approvalOptions) => {
    const call = callOf(toolName, input, approvalOptions.toolCallId);
    // A gate error here is not an approval prompt: execute re-evaluates and refuses (fail closed).
    const decision = await cache.peek(call, evaluate(call)).catch(() => undefined);
    if (decision?.verdict === 'require_approval') return true;
    // Never ask a human to approve what the gate refuses anyway: execute refuses it.
    if (decision?.verdict !== 'allow') return false;
    if (typeof userNeedsApproval === 'function') return userNeedsApproval(input, approvalOptions);
    return userNeedsApproval === true;
  };

  /** Runs the gate for an execution; resolves to the decision that allowed it, or throws the refusal. */
  const admit = async (input: unknown, opts: ToolExecutionOptions, session: GateSession | undefined): Promise<GateDecision> => {
    const call = callOf(toolName, input, opts?.toolCallId);
    let outcome;
    try {
      outcome = await settle(gate, call, await cache.take(call, evaluate(call)), options);
    } catch (error) {
      outcome = refuse(call, error, options);
    }
    if (!outcome.run) throw refusalError(recordRefusal(session, outcome));
    return outcome.decision;
  };

  const gated = isAsyncGeneratorFunction(execute)
    ? async function* gatedStream(input: unknown, opts: ToolExecutionOptions) {
        const session = sessionFor(gate);
        const decision = await admit(input, opts, session);
        yield* streamRecorded(session, decision, () => execute(input, opts) as AsyncIterable<unknown>);
      }
    : async function gatedExecute(input: unknown, opts: ToolExecutionOptions) {
        const session = sessionFor(gate);
        const decision = await admit(input, opts, session);
        return runRecorded(session, decision, () => execute(input, opts));
      };

  return { ...original, needsApproval, execute: gated } as T;
}

/** Wraps every tool of a tool set (`{ name: tool(...) }`), gating each under its key. */
export function gaitTools<TOOLS extends Record<string, AnyTool>>(gate: DecisionSource, tools: TOOLS, options: GaitAiToolOptions = {}): TOOLS {
  const out: Record<string, AnyTool> = {};
  for (const [name, t] of Object.entries(tools)) out[name] = gaitTool(gate, name, t, options);
  return out as TOOLS;
}
