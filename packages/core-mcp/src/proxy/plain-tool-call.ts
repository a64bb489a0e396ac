/**
 * The `tools/call` requests the client-facing line transport hands to the intercept unvalidated.
 * Only shapes the SDK's `JSONRPCMessageSchema` accepts and returns unchanged qualify, so taking
 * them raw is the same as taking them after the schema pass; anything else (extra envelope keys,
 * a fractional id, a `_meta` the schema would rewrite) takes the schema pass and its errors.
 */
import { RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { isObject } from '../tool-call/json.js';
import { type ToolCallParams, toolCallRequest } from './tool-forwarder.js';

const ENVELOPE_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);

/** JSON-RPC ids and progress tokens: a string or an integer the schema takes (a safe one). */
function isToken(value: unknown): boolean {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

export function plainToolCall(message: unknown): { id: string | number; params: ToolCallParams } | undefined {
  const call = toolCallRequest(message);
  if (!call || !isToken(call.id)) return undefined;
  // The request schema is strict: any other envelope key fails it.
  for (const key of Object.keys(message as object)) if (!ENVELOPE_KEYS.has(key)) return undefined;
  const meta = call.params._meta;
  if (meta !== undefined) {
    if (!isObject(meta)) return undefined;
    if (meta.progressToken !== undefined && !isToken(meta.progressToken)) return undefined;
    // The schema rebuilds this object without unknown keys: leave it to the schema.
    if (Object.hasOwn(meta, RELATED_TASK_META_KEY)) return undefined;
  }
  return call;
}
