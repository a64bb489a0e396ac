/**
 * MCP seam: the client. `callTool` asks the gate before the `tools/call` request is sent, so a
 * refused call never reaches the server. Everything else on the client passes through untouched.
 */
import type { Client } from '@modelcontextprotocol/sdk/client';
import { type DecisionSource, type GaitAdapterOptions, type ToolCallInfo, gateCall, recordRefusal, refusalError, runRecorded, sessionFor } from '../adapter/tool-call-gate.js';

export interface GaitMcpOptions extends GaitAdapterOptions {
  /**
   * `throw` (default): a refused call rejects with `GaitBlockedError` / `GaitApprovalRequiredError`
   * (or `GaitGateFailureError`). `result`: it resolves to an MCP error result (`isError: true`)
   * whose text is the refusal, the form a model-facing caller passes straight back to the model.
   */
  onRefusal?: 'throw' | 'result';
}

type CallTool = Client['callTool'];

/** Returns `client` with `callTool` gated; the original client keeps working ungated. */
export function gaitMcpClient<C extends Pick<Client, 'callTool'>>(client: C, gate: DecisionSource, options: GaitMcpOptions = {}): C {
  const callTool = (async (params, resultSchema, requestOptions) => {
    const call: ToolCallInfo = { toolName: params.name, args: (params.arguments ?? {}) as Record<string, unknown> };
    const session = sessionFor(gate);
    const outcome = await gateCall(gate, call, options);
    if (outcome.run) return runRecorded(session, outcome.decision, () => client.callTool(params, resultSchema, requestOptions));
    recordRefusal(session, outcome);
    if (options.onRefusal !== 'result') throw refusalError(outcome);
    const { error } = outcome;
    return {
      content: [{ type: 'text' as const, text: outcome.message }],
      isError: true,
      _meta: { gait: { verdict: error.verdict, reasonCodes: error.reasonCodes, violations: error.violations, ...(error.tracePath ? { tracePath: error.tracePath } : {}) } },
    };
  }) as CallTool;

  return new Proxy(client, {
    get(target, property) {
      if (property === 'callTool') return callTool;
      const value: unknown = Reflect.get(target, property, target);
      // Methods run against the real client (its private state is not on the proxy).
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
