import { parse as parseYaml } from 'yaml';
import { InvalidInputError } from '@gait/core-errors';
import type { Finding } from './types.js';

const SERVER_KEYS = new Set(['mcpservers', 'servers']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function collectServers(value: unknown, out: Finding[]): void {
  if (Array.isArray(value)) {
    for (const entry of value) collectServers(entry, out);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (SERVER_KEYS.has(key.toLowerCase()) && isObject(child)) {
      for (const name of Object.keys(child)) out.push({ kind: 'mcp_server', name, tag: 'mcp' });
    }
    collectServers(child, out);
  }
}

/**
 * MCP client configs (`mcpServers` in Claude/Cursor/VS Code `.mcp.json`, `servers` in others) in
 * JSON or YAML: each key under such an object, at any depth, is one server. A file that does not
 * parse is skipped unless its name says it is an MCP config, where silence would hide servers.
 */
export function detectMcpServers(path: string, text: string, format: 'json' | 'yaml'): Finding[] {
  let parsed: unknown;
  try {
    parsed = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    if (!path.toLowerCase().includes('mcp')) return [];
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(`parse ${path}: ${reason}`, { code: 'scout_mcp_config_invalid', details: { path } });
  }
  const out: Finding[] = [];
  collectServers(parsed, out);
  return out;
}
