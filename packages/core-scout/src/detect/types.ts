/** One tool or server found in a file, before ids are assigned and duplicates merged. */
export interface Finding {
  readonly kind: 'tool' | 'mcp_server';
  readonly name: string;
  /** `framework:<name>` for tools, `mcp` for configured MCP servers. */
  readonly tag: string;
}
