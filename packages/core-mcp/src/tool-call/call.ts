/** A tool call with the defaults every adapter starts from. */
import type { JsonObject } from './json.js';
import type { ToolCall } from './types.js';

/** The reference's zero `created_at` in an intent. */
export const ZERO_TIME = '1980-01-01T00:00:00Z';

export function bareCall(name: string, args: JsonObject, extra: Partial<ToolCall> = {}): ToolCall {
  return {
    name: name.trim(),
    args,
    targets: [],
    arg_provenance: [],
    context: {},
    delegation: undefined,
    created_at: ZERO_TIME,
    server: undefined,
    ...extra,
  };
}

