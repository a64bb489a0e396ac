import { describe, expect, it } from 'vitest';
import { normalizeIntent } from '@gait/core-gate';
import { decodeToolCall, normalizeAdapter } from './decode.js';
import { toIntentRequest } from './intent.js';

describe('decodeToolCall', () => {
  it('decodes the four reference adapters to the same tool call', () => {
    const payloads: [string, unknown][] = [
      ['openai', { type: 'function', function: { name: 'tool.search', arguments: '{"query":"gait"}' } }],
      ['openai', { type: 'function', function: { name: 'tool.search', arguments: { query: 'gait' } } }],
      ['anthropic', { type: 'tool_use', name: 'tool.search', input: { query: 'gait' } }],
      ['langchain', { tool: 'tool.search', tool_input: '{"query":"gait"}' }],
      ['MCP ', '{"Name":"tool.search","ARGS":{"query":"gait"}}'],
    ];
    for (const [adapter, payload] of payloads) {
      const call = decodeToolCall(adapter, payload);
      expect([call.name, call.args]).toEqual(['tool.search', { query: 'gait' }]);
    }
  });

  it('rejects what the reference rejects, naming the adapter', () => {
    expect(() => normalizeAdapter('cobol')).toThrow('unsupported adapter: cobol');
    expect(() => decodeToolCall('langchain', { tool: 'x', tool_input: 'weather in Paris' })).toThrow(/^decode langchain tool_input: /);
    expect(() => decodeToolCall('openai', { function: { name: 'x', arguments: '[1]' } })).toThrow(/decode openai arguments/);
    expect(() => decodeToolCall('anthropic', { name: 'x', input: [1] })).toThrow(/^parse anthropic tool call: input must be an object/);
    expect(() => decodeToolCall('mcp', '{nope')).toThrow(/^parse mcp tool call: /);
    expect(() => toIntentRequest(decodeToolCall('mcp', { args: {} }))).toThrow('tool call name is required');
  });

  it('gives non-MCP adapters the proxy defaults and infers legacy target kinds', () => {
    const intent = normalizeIntent(toIntentRequest(decodeToolCall('openai', { function: { name: 'tool.read', arguments: null } })));
    expect(intent.context).toMatchObject({ identity: 'mcp-proxy', workspace: '.', risk_class: 'high' });
    const kinds = ['https://x.test/a', 'data/file.txt', 'db.internal'].map((t) => decodeToolCall('mcp', { name: 'n', target: t }).targets[0]!.kind);
    expect(kinds).toEqual(['url', 'path', 'host']);
  });

  it('keeps context.run_id out of the intent and enforces strict context under oss-prod', () => {
    const call = decodeToolCall('mcp', { name: 'tool.read', context: { identity: 'a', workspace: '/w', run_id: 'r1' } });
    expect((toIntentRequest(call).context as Record<string, unknown>).run_id).toBeUndefined();
    expect(() => toIntentRequest(call, { requireExplicitContext: true })).toThrow('context.session_id is required in strict profile');
  });

  it('maps Claude Code hook payloads to gate tools and targets', () => {
    const call = decodeToolCall('claude-code', { tool_name: 'Bash', tool_input: { command: 'rm -rf /' }, session_id: 's1', hook_event_name: 'PreToolUse' });
    expect(call.name).toBe('tool.exec');
    expect(call.targets).toEqual([{ kind: 'other', value: 'rm -rf /', operation: 'execute' }]);
    expect(call.context).toEqual({ session_id: 's1', auth_context: { hook_event_name: 'PreToolUse', adapter: 'claude_code' } });
    expect(decodeToolCall('claude_code', { name: 'Edit', input: { file_path: 'a.ts' } }).targets[0]).toEqual({ kind: 'path', value: 'a.ts', operation: 'write' });
    expect(decodeToolCall('claudecode', { name: 'My Tool' }).name).toBe('tool.my_tool');
  });

  it('reads target hints from annotations first, camelCase or snake_case', () => {
    const call = decodeToolCall('mcp', {
      name: 'n',
      targets: [{ kind: 'path', value: 'a', read_only_hint: true, annotations: { readOnlyHint: 'false', destructiveHint: true } }],
    });
    expect(call.targets[0]).toMatchObject({ read_only_hint: false, destructive_hint: true });
  });
});
