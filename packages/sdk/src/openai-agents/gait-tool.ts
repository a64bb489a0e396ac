/**
 * OpenAI Agents JS seam: a tool input guardrail, which the runner consults right before `invoke`.
 * Non-allow answers `rejectContent`, so the model reads the refusal as the tool's output and the
 * tool never runs. `require_approval` is mapped onto the tool's `needsApproval`, so the run stops
 * with an interruption a human resolves (`state.approve` / `state.reject`); an approved call then
 * runs only with a valid Gait approval token from `resolveApproval`.
 */
import type { FunctionTool, RunContext, ToolGuardrailFunctionOutput, ToolInputGuardrailDefinition } from '@openai/agents';
import { DecisionCache } from '../adapter/decision-cache.js';
import { type CallOutcome, type DecisionSource, type GaitAdapterOptions, type ToolCallInfo, decide, recordRefusal, refuse, sessionFor, settle } from '../adapter/tool-call-gate.js';

export interface GaitAgentsOptions extends GaitAdapterOptions {
  /** Guardrail name shown in the run's guardrail results; default `gait`. */
  name?: string;
}

type ApprovalFn = (runContext: RunContext, input: unknown, callId?: string) => Promise<boolean>;

function parseArguments(raw: string): Record<string, unknown> {
  const value: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { input: value };
}

function asArgs(input: unknown): Record<string, unknown> {
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : { input };
}

/** A guardrail and approval hook sharing one decision per call (so each call is decided once). */
class AgentsGate {
  readonly #cache = new DecisionCache();
  readonly #gate: DecisionSource;
  readonly #options: GaitAgentsOptions;
  readonly guardrail: ToolInputGuardrailDefinition;

  constructor(gate: DecisionSource, options: GaitAgentsOptions) {
    this.#gate = gate;
    this.#options = options;
    this.guardrail = { type: 'tool_input', name: options.name ?? 'gait', run: (data) => this.#check(data.toolCall) };
  }

  async #check(toolCall: { name: string; arguments: string; callId: string }): Promise<ToolGuardrailFunctionOutput> {
    const session = sessionFor(this.#gate);
    let call: ToolCallInfo = { toolName: toolCall.name, args: {}, callId: toolCall.callId };
    let outcome: CallOutcome;
    try {
      call = { ...call, args: parseArguments(toolCall.arguments) };
      const decision = await this.#cache.take(call, () => decide(this.#gate, call, this.#options));
      outcome = await settle(this.#gate, call, decision, this.#options);
    } catch (error) {
      outcome = refuse(call, error, this.#options);
    }
    if (outcome.run) {
      // The runner invokes the tool as soon as its input guardrails allow; the guardrail sees no
      // result, so the session records the call as executed without one.
      session?.recordAttempt(outcome.decision, { executed: true });
      return { behavior: { type: 'allow' }, outputInfo: { verdict: outcome.decision.verdict, tracePath: outcome.decision.tracePath } };
    }
    const { error } = recordRefusal(session, outcome);
    return {
      behavior: { type: 'rejectContent', message: outcome.message },
      outputInfo: { verdict: error.verdict, reasonCodes: error.reasonCodes, tracePath: error.tracePath },
    };
  }

  needsApproval(toolName: string, original: ApprovalFn | undefined): ApprovalFn {
    return async (runContext, input, callId) => {
      const call: ToolCallInfo = callId === undefined ? { toolName, args: asArgs(input) } : { toolName, args: asArgs(input), callId };
      const decision = await this.#cache.peek(call, () => decide(this.#gate, call, this.#options)).catch(() => undefined);
      if (decision?.verdict === 'require_approval') return true;
      // Refused calls (and gate errors) need no human: the guardrail refuses them.
      if (decision?.verdict !== 'allow') return false;
      return original ? original(runContext, input, callId) : false;
    };
  }
}

/**
 * A tool input guardrail that gates every call of the tools it is attached to (`tool({
 * inputGuardrails: [gaitInputGuardrail(gate)] })`, or an MCP server's `toolInputGuardrails`).
 * On its own it refuses `require_approval` calls unless `resolveApproval` gives a token; use
 * `gaitTool` to also get the runner's approval interruption.
 */
export function gaitInputGuardrail(gate: DecisionSource, options: GaitAgentsOptions = {}): ToolInputGuardrailDefinition {
  return new AgentsGate(gate, options).guardrail;
}

/** A copy of a function tool (from `tool({...})`) with the Gait guardrail first and `needsApproval` mapped. */
export function gaitTool<T extends FunctionTool<any, any, any>>(gate: DecisionSource, original: T, options: GaitAgentsOptions = {}): T {
  const agentsGate = new AgentsGate(gate, options);
  return {
    ...original,
    needsApproval: agentsGate.needsApproval(original.name, original.needsApproval as ApprovalFn | undefined),
    inputGuardrails: [agentsGate.guardrail, ...(original.inputGuardrails ?? [])],
  };
}

/** `gaitTool` for each tool of a list. */
export function gaitTools<T extends FunctionTool<any, any, any>>(gate: DecisionSource, tools: readonly T[], options: GaitAgentsOptions = {}): T[] {
  return tools.map((t) => gaitTool(gate, t, options));
}
