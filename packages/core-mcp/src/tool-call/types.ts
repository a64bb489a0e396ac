/** The adapter-neutral tool call (surfaces.md §1.2 with HEAD's additions). */
import type { JsonObject } from './json.js';

export interface ToolCallTarget {
  kind: string;
  value: string;
  operation?: string;
  sensitivity?: string;
  discovery_method?: string;
  read_only_hint?: boolean;
  destructive_hint?: boolean;
  idempotent_hint?: boolean;
  open_world_hint?: boolean;
}

export interface ToolCallServer {
  server_id: string;
  server_name: string;
  publisher: string;
  source: string;
  endpoint: string;
}

export interface ToolCall {
  name: string;
  args: JsonObject;
  targets: ToolCallTarget[];
  arg_provenance: JsonObject[];
  /** The raw context object, strings trimmed; `run_id` here names the output run only. */
  context: JsonObject;
  delegation: JsonObject | undefined;
  /** RFC 3339; the reference's zero value becomes 1980-01-01 in the intent. */
  created_at: string;
  server: ToolCallServer | undefined;
}

export const ADAPTERS = ['mcp', 'openai', 'anthropic', 'langchain', 'claude_code'] as const;
export type AdapterName = (typeof ADAPTERS)[number];
