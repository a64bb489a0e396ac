/** Adapter payloads → `ToolCall` (surfaces.md §1.3, HEAD §1.8). */
import { InvalidInputError } from '@gait/core-errors';
import { ZERO_TIME, bareCall } from './call.js';
import { decodeClaudeCodeCall } from './claude-code.js';
import {
  type JsonObject,
  fieldOf,
  isObject,
  listField,
  objectField,
  parseJson,
  stringField,
  typeError,
} from './json.js';
import type { AdapterName, ToolCall, ToolCallServer, ToolCallTarget } from './types.js';

/** Lower-cased, trimmed; `""` means `mcp`; the Claude Code aliases fold into `claude_code`. */
export function normalizeAdapter(name: string | undefined): AdapterName {
  const n = (name ?? '').trim().toLowerCase();
  if (n === '' || n === 'mcp') return 'mcp';
  if (n === 'openai' || n === 'anthropic' || n === 'langchain') return n;
  if (n === 'claude_code' || n === 'claude-code' || n === 'claudecode') return 'claude_code';
  throw new InvalidInputError(`unsupported adapter: ${name}`, { code: 'adapter_unsupported' });
}

/**
 * Decodes one payload (JSON text, bytes, or an already-parsed value) with the named adapter.
 * Only the `mcp` adapter carries context, targets, provenance, delegation or created_at.
 */
export function decodeToolCall(adapter: string | undefined, payload: unknown): ToolCall {
  const name = normalizeAdapter(adapter);
  const prefix = name === 'claude_code' ? 'parse claude_code tool call' : `parse ${name} tool call`;
  const value = typeof payload === 'string' || payload instanceof Uint8Array ? parseJson(payload, prefix) : payload;
  if (!isObject(value)) throw typeError(prefix, 'payload', 'a JSON object', value);
  switch (name) {
    case 'mcp':
      return decodeMcpCall(value, prefix);
    case 'openai': {
      const fn = objectField(value, 'function', prefix) ?? {};
      return bareCall(stringField(fn, 'name', prefix, 'function.name'), argumentsObject(fieldOf(fn, 'arguments'), 'decode openai arguments'));
    }
    case 'anthropic': {
      const input = fieldOf(value, 'input');
      if (input !== undefined && input !== null && !isObject(input)) throw typeError(prefix, 'input', 'an object', input);
      return bareCall(stringField(value, 'name', prefix), (input as JsonObject | null | undefined) ?? {});
    }
    case 'langchain':
      return bareCall(stringField(value, 'tool', prefix), argumentsObject(fieldOf(value, 'tool_input'), 'decode langchain tool_input'));
    case 'claude_code':
      return decodeClaudeCodeCall(value, prefix);
  }
}

/**
 * Arguments given as an object, a JSON string holding an object, or nothing. A plain-text string
 * or any non-object JSON is rejected: the gate needs named arguments.
 */
export function argumentsObject(raw: unknown, prefix: string): JsonObject {
  if (raw === undefined || raw === null) return {};
  if (isObject(raw)) return raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    const parsed = parseJson(raw, prefix);
    if (isObject(parsed)) return parsed;
    if (parsed === null) return {};
    throw typeError(prefix, 'arguments', 'a JSON object', parsed);
  }
  throw typeError(prefix, 'arguments', 'a JSON object', raw);
}

function decodeMcpCall(value: JsonObject, prefix: string): ToolCall {
  const args = objectField(value, 'args', prefix) ?? {};
  const explicit = listField(value, 'targets', prefix).map((t, i) => decodeTarget(t, prefix, `targets[${i}]`));
  const legacy = stringField(value, 'target', prefix).trim();
  const targets = explicit.length > 0 ? explicit : legacy !== '' ? [{ kind: legacyKind(legacy), value: legacy }] : [];
  const createdAt = stringField(value, 'created_at', prefix).trim();
  if (createdAt !== '' && Number.isNaN(Date.parse(createdAt))) {
    throw typeError(prefix, 'created_at', 'an RFC 3339 time', createdAt);
  }
  const server = objectField(value, 'server', prefix);
  return bareCall(stringField(value, 'name', prefix), args, {
    targets,
    arg_provenance: listField(value, 'arg_provenance', prefix).map((p, i) => {
      if (!isObject(p)) throw typeError(prefix, `arg_provenance[${i}]`, 'an object', p);
      return trimStrings(p) as JsonObject;
    }),
    context: trimStrings(objectField(value, 'context', prefix) ?? {}) as JsonObject,
    delegation: (() => {
      const d = objectField(value, 'delegation', prefix);
      return d && (trimStrings(d) as JsonObject);
    })(),
    created_at: createdAt === '' || createdAt.startsWith('0001-01-01') ? ZERO_TIME : createdAt,
    server: server && decodeServer(server, prefix),
  });
}

/** Legacy single `target`: `://` → url, `/` → path, anything else → host. */
function legacyKind(target: string): string {
  if (target.includes('://')) return 'url';
  if (target.includes('/')) return 'path';
  return 'host';
}

const HINTS = [
  ['read_only_hint', 'readOnlyHint'],
  ['destructive_hint', 'destructiveHint'],
  ['idempotent_hint', 'idempotentHint'],
  ['open_world_hint', 'openWorldHint'],
] as const;

function hintValue(raw: unknown, prefix: string, path: string): boolean | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw typeError(prefix, path, 'a boolean', raw);
}

function decodeTarget(raw: unknown, prefix: string, path: string): ToolCallTarget {
  if (!isObject(raw)) throw typeError(prefix, path, 'an object', raw);
  const target: ToolCallTarget = {
    kind: stringField(raw, 'kind', prefix, `${path}.kind`).trim(),
    value: stringField(raw, 'value', prefix, `${path}.value`).trim(),
  };
  const operation = stringField(raw, 'operation', prefix, `${path}.operation`).trim();
  if (operation) target.operation = operation;
  const sensitivity = stringField(raw, 'sensitivity', prefix, `${path}.sensitivity`).trim();
  if (sensitivity) target.sensitivity = sensitivity;
  const annotations = objectField(raw, 'annotations', prefix, `${path}.annotations`) ?? {};
  const discovery =
    stringField(annotations, 'discovery_method', prefix) || stringField(annotations, 'discoveryMethod', prefix) ||
    stringField(raw, 'discovery_method', prefix) || stringField(raw, 'discoveryMethod', prefix);
  if (discovery.trim()) target.discovery_method = discovery.trim();
  // Annotation values win over the flat fields (HEAD).
  for (const [snake, camel] of HINTS) {
    const value =
      hintValue(fieldOf(annotations, camel) ?? fieldOf(annotations, snake), prefix, `${path}.annotations.${camel}`) ??
      hintValue(fieldOf(raw, snake) ?? fieldOf(raw, camel), prefix, `${path}.${snake}`);
    if (value !== undefined) target[snake] = value;
  }
  return target;
}

function decodeServer(raw: JsonObject, prefix: string): ToolCallServer {
  const s = (k: string) => stringField(raw, k, prefix, `server.${k}`).trim();
  return { server_id: s('server_id'), server_name: s('server_name'), publisher: s('publisher'), source: s('source'), endpoint: s('endpoint') };
}

/** Every string in a JSON value trimmed (the reference's trimmed copies). */
export function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimStrings(v)]));
  return value;
}
