/**
 * One gated `tools/call`, from the client's request to the answer: the gate decides, a refusal is
 * answered here with a tool error carrying verdict and reason codes (the upstream never sees the
 * call), and an allowed call goes to the upstream on the lane, whose answer is relayed as is.
 * The SDK server's handler and the proxy's fast paths (HTTP front, intercepted transports) all
 * end here, so every route gates the same way.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { isObject, type JsonObject } from '../tool-call/json.js';
import type { CancelSignal } from './cancel-signal.js';
import type { CallGate, GateCheck, GateJudgeInput, GateVerdict } from './call-gate.js';
import type { RpcOutcome, UpstreamLane } from './upstream-lane.js';

export interface DecisionEvent {
  tool: string;
  target: string;
  verdict: string;
  reasonCodes: string[];
  traceId: string;
  tracePath: string;
  /**
   * True once the call was handed to the upstream; false for a refusal, and for an allowed call
   * that could not be sent (its upstream was gone).
   */
  forwarded: boolean;
}

/** Namespaced keys in `_meta` of a refused call's result, for clients that read them. */
export const META_VERDICT = 'gait/verdict';
export const META_REASON_CODES = 'gait/reason_codes';
export const META_TRACE_ID = 'gait/trace_id';

/** `tools/call` params in the shape the gate can judge (anything else goes to the SDK's checks). */
export interface ToolCallParams {
  name: string;
  arguments?: JsonObject;
  [key: string]: unknown;
}

export interface ToolCallContext {
  /** The downstream MCP session; becomes the intent's `context.session_id`. */
  sessionId?: string;
  signal?: CancelSignal;
}

export class ToolForwarder {
  private readonly annotations = new Map<string, Tool['annotations']>();
  /**
   * Tools that declare an `outputSchema`: the SDK client checks any `structuredContent` against
   * it, error results included, so their refusals carry the verdict in the text and `_meta` only.
   */
  private readonly withOutputSchema = new Set<string>();

  constructor(
    readonly gate: CallGate,
    private readonly lane: UpstreamLane,
    private readonly onDecision?: (event: DecisionEvent) => void,
  ) {}

  /** Keeps the upstream's tool annotations from a `tools/list` answer, as hints for the gate. */
  rememberTools(tools: readonly Tool[]): void {
    for (const tool of tools) {
      this.annotations.set(tool.name, tool.annotations);
      if (tool.outputSchema === undefined) this.withOutputSchema.delete(tool.name);
      else this.withOutputSchema.add(tool.name);
    }
  }

  /**
   * Judges the call and answers it. An allowed call in `async` trace mode goes upstream on the
   * verdict alone: the decision is recorded (intent digest, trace id, trace file) after the
   * request is written, while the upstream works, and the answer is the lane's own promise, so
   * it reaches the caller without extra turns. In `sync` mode the trace is on disk first.
   *
   * The decision of an allowed call is told once the lane knows whether the call left for the
   * upstream: `forwarded` is false when it never did (the upstream was gone, and the caller gets
   * the lane's connection error).
   */
  call(params: ToolCallParams, context: ToolCallContext = {}): Promise<RpcOutcome> {
    const { name } = params;
    let judged: GateVerdict;
    try {
      // One literal, no conditional spreads: this runs once per call.
      const input: GateJudgeInput = { name, args: params.arguments ?? {} };
      if (context.sessionId) input.sessionId = context.sessionId;
      const toolAnnotations = this.annotations.get(name);
      if (toolAnnotations) input.annotations = toolAnnotations;
      judged = this.gate.judge(input);
    } catch (error) {
      return Promise.resolve(this.notEvaluated(name, error));
    }
    if (judged.verdict !== 'allow' || this.gate.traceMode === 'sync') return this.recordFirst(name, judged, params, context);
    let check: GateCheck | undefined;
    // The lane tells whether the call left only after `request` returns, so `check` is set by then
    // (unless recording failed: no decision, no event).
    const answer = this.lane.request('tools/call', params, context.signal, (sent) => {
      if (check) this.tell(eventOf(name, check, sent));
    });
    try {
      check = judged.record(answer);
    } catch (error) {
      // Too late to hold this call back: its trace is missing, so the gate closes for the next.
      this.gate.traceFailed(error as Error);
    }
    return answer;
  }

  /** Refusals, and every call in `sync` mode: the decision is recorded before anything is answered or sent. */
  private async recordFirst(name: string, judged: GateVerdict, params: ToolCallParams, context: ToolCallContext): Promise<RpcOutcome> {
    let check: GateCheck;
    try {
      check = judged.record();
      if (this.gate.traceMode === 'sync') await check.written;
    } catch (error) {
      // Fail closed: no call goes on, and no refusal is answered, without its trace.
      return this.notEvaluated(name, error);
    }
    const { decision } = check;
    if (decision.verdict === 'allow') return this.lane.request('tools/call', params, context.signal, (sent) => this.tell(eventOf(name, check, sent)));
    this.tell(eventOf(name, check, false));
    const reasons = decision.reasonCodes.length > 0 ? decision.reasonCodes.join(',') : 'none';
    const subject = check.via.length > 0 ? `${name} -> ${check.target}` : name;
    const text = `gait: tool call ${subject} not executed: verdict=${decision.verdict} reason_codes=${reasons} trace_id=${decision.traceId}`;
    return { result: refusal(decision.verdict, decision.reasonCodes, decision.traceId, text, !this.withOutputSchema.has(name)) };
  }

  /** A call the gate could not judge (or record) is answered as blocked and never forwarded. */
  private notEvaluated(name: string, error: unknown): RpcOutcome {
    const text = `gait: call not evaluated: ${(error as Error).message}`;
    return { result: refusal('block', ['gate_evaluation_error'], '', text, !this.withOutputSchema.has(name)) };
  }

  /** A listener that throws changes nothing about the call. */
  private tell(event: DecisionEvent): void {
    try {
      this.onDecision?.(event);
    } catch {
      // Nothing to do: the decision stands, and its trace says what it was.
    }
  }
}

function eventOf(tool: string, check: GateCheck, forwarded: boolean): DecisionEvent {
  const { decision } = check;
  return {
    tool,
    target: check.target,
    verdict: decision.verdict,
    reasonCodes: decision.reasonCodes,
    traceId: decision.traceId,
    tracePath: check.tracePath,
    forwarded,
  };
}

function refusal(verdict: string, reasonCodes: string[], traceId: string, text: string, structured: boolean): CallToolResult {
  const result: CallToolResult = { isError: true, content: [{ type: 'text', text }] };
  if (structured) result.structuredContent = { verdict, reason_codes: reasonCodes, trace_id: traceId, executed: false };
  result._meta = { [META_VERDICT]: verdict, [META_REASON_CODES]: reasonCodes, [META_TRACE_ID]: traceId };
  return result;
}

/** The id and params of a single JSON-RPC `tools/call` request the fast paths can take, else undefined. */
export function toolCallRequest(message: unknown): { id: string | number; params: ToolCallParams } | undefined {
  if (!isObject(message) || message.jsonrpc !== '2.0' || message.method !== 'tools/call') return undefined;
  const { id, params } = message;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  if (!isObject(params) || typeof params.name !== 'string') return undefined;
  if (params.arguments !== undefined && !isObject(params.arguments)) return undefined;
  return { id, params: params as ToolCallParams };
}

/** The request id a `notifications/cancelled` message names, else undefined. */
export function cancelledRequestId(message: unknown): string | number | undefined {
  if (!isObject(message) || message.method !== 'notifications/cancelled' || !isObject(message.params)) return undefined;
  const id = message.params.requestId;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/** The JSON-RPC response for `id` with an outcome. */
export function responseFor(id: string | number, outcome: RpcOutcome): Record<string, unknown> {
  // Literals, not a spread of `outcome`: this runs once per call, and spreads take V8's slow path.
  return 'result' in outcome ? { jsonrpc: '2.0', id, result: outcome.result } : { jsonrpc: '2.0', id, error: outcome.error };
}
