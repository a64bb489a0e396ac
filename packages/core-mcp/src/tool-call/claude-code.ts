/** Claude Code hook payloads (HEAD `claude_code` adapter, surfaces.md §1.8). */
import { bareCall } from './call.js';
import { type JsonObject, fieldOf, isObject, stringField, typeError } from './json.js';
import type { ToolCall, ToolCallTarget } from './types.js';

const READ = new Set(['read', 'grep', 'glob', 'webfetch', 'websearch']);
const WRITE = new Set(['write', 'edit', 'notebookedit']);

function mapName(raw: string): string {
  const folded = raw.toLowerCase().replace(/[\s_-]/g, '');
  if (READ.has(folded)) return 'tool.read';
  if (WRITE.has(folded)) return 'tool.write';
  if (folded === 'bash') return 'tool.exec';
  if (folded === 'task') return 'tool.delegate';
  const trimmed = raw.trim();
  if (trimmed.includes('.')) return trimmed.toLowerCase();
  return `tool.${trimmed.toLowerCase().replace(/[\s-]/g, '_')}`;
}

function firstString(input: JsonObject, keys: readonly string[]): string {
  for (const key of keys) {
    const v = fieldOf(input, key);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return '';
}

function inferTargets(tool: string, input: JsonObject): ToolCallTarget[] {
  const targets: ToolCallTarget[] = [];
  const add = (kind: string, value: string, operation: string) => {
    if (value !== '') targets.push({ kind, value, operation });
  };
  const path = firstString(input, ['path', 'file_path', 'filepath', 'file']);
  if (tool === 'tool.read') {
    add('path', path, 'read');
    add('url', firstString(input, ['url', 'uri']), 'read');
  } else if (tool === 'tool.write') {
    add('path', path, 'write');
  } else if (tool === 'tool.exec') {
    add('other', firstString(input, ['command', 'cmd', 'script']), 'execute');
  } else if (tool === 'tool.delegate') {
    add('other', firstString(input, ['task', 'prompt', 'description']), 'delegate');
  }
  return targets;
}

export function decodeClaudeCodeCall(value: JsonObject, prefix: string): ToolCall {
  const rawName = stringField(value, 'tool_name', prefix) || stringField(value, 'name', prefix);
  const rawInput = fieldOf(value, 'tool_input') ?? fieldOf(value, 'input');
  if (rawInput !== undefined && rawInput !== null && !isObject(rawInput)) throw typeError(prefix, 'tool_input', 'an object', rawInput);
  const input = (rawInput as JsonObject | null | undefined) ?? {};
  const tool = rawName.trim() === '' ? '' : mapName(rawName);
  const context: JsonObject = {};
  const session = stringField(value, 'session_id', prefix).trim();
  if (session) context.session_id = session;
  const hook = stringField(value, 'hook_event_name', prefix).trim();
  if (hook) context.auth_context = { hook_event_name: hook, adapter: 'claude_code' };
  return bareCall(tool, input, { targets: inferTargets(tool, input), context });
}
