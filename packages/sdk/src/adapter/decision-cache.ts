/**
 * Frameworks that ask "does this call need approval?" before running it (AI SDK, OpenAI Agents)
 * would otherwise make the gate decide twice per call: two traces, and a rate limit charged
 * twice. The first decision is kept per call id (and arguments) until the execution step takes it.
 */
import type { GateDecision } from '../types.js';
import type { ToolCallInfo } from './tool-call-gate.js';

/** Calls whose approval is never answered are dropped oldest first past this many. */
const MAX_PENDING = 1024;

export class DecisionCache {
  readonly #entries = new Map<string, Promise<GateDecision>>();

  static key(call: ToolCallInfo): string | undefined {
    if (call.callId === undefined || call.callId === '') return undefined;
    let args: string;
    try {
      args = JSON.stringify(call.args) ?? '';
    } catch {
      return undefined;
    }
    return `${call.toolName}\u0000${call.callId}\u0000${args}`;
  }

  /** The pending decision for this call, or a new one from `evaluate` (remembered). */
  peek(call: ToolCallInfo, evaluate: () => Promise<GateDecision>): Promise<GateDecision> {
    const key = DecisionCache.key(call);
    if (key === undefined) return evaluate();
    const known = this.#entries.get(key);
    if (known) return known;
    const pending = evaluate();
    // A failed evaluation is not remembered: the next step evaluates afresh (and fails closed).
    pending.catch(() => this.#entries.delete(key));
    this.#entries.set(key, pending);
    if (this.#entries.size > MAX_PENDING) this.#entries.delete(this.#entries.keys().next().value!);
    return pending;
  }

  /** Like `peek`, but forgets the call: the execution step is the last to need it. */
  take(call: ToolCallInfo, evaluate: () => Promise<GateDecision>): Promise<GateDecision> {
    const key = DecisionCache.key(call);
    const known = key === undefined ? undefined : this.#entries.get(key);
    if (key !== undefined) this.#entries.delete(key);
    return known ?? evaluate();
  }
}
