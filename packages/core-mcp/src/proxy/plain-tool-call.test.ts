import { JSONRPCMessageSchema, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { plainToolCall } from './plain-tool-call.js';

const call = (extra: Record<string, unknown> = {}, params: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'echo', arguments: { text: 'hi' }, ...params },
  ...extra,
});

const taken = [
  call(),
  call({ id: 'abc' }),
  call({ id: Number.MAX_SAFE_INTEGER }),
  call({}, { arguments: undefined }),
  call({}, { _meta: { progressToken: 'p1' } }),
  call({}, { _meta: { progressToken: 7, vendor: { x: 1 } } }),
  call({}, { task: { ttl: 1000 }, other: [1, 2] }),
].map((m) => JSON.parse(JSON.stringify(m)) as unknown);

const left = {
  'an extra envelope key': call({ extra: true }),
  'a fractional id': call({ id: 1.5 }),
  'an unsafe integer id': call({ id: 2 ** 60 }),
  'a null id': call({ id: null }),
  'a non-object _meta': call({}, { _meta: 'x' }),
  'a fractional progress token': call({}, { _meta: { progressToken: 0.5 } }),
  'a related-task _meta the schema rebuilds': call({}, { _meta: { [RELATED_TASK_META_KEY]: { taskId: 't', extra: 1 } } }),
  'another method': call({ method: 'tools/list' }),
  'non-object arguments': call({}, { arguments: [1] }),
};

describe('plainToolCall', () => {
  it.each(taken)('takes %j, which the schema passes unchanged', (message) => {
    const result = plainToolCall(message);
    expect(result).toEqual({ id: (message as { id: unknown }).id, params: (message as { params: unknown }).params });
    expect(JSONRPCMessageSchema.parse(message)).toEqual(message);
  });

  it.each(Object.entries(left))('leaves %s to the schema pass', (_why, message) => {
    expect(plainToolCall(message)).toBeUndefined();
  });

  it('leaves to the schema only shapes the schema rejects or rewrites', () => {
    for (const message of Object.values(left)) {
      if (message.method !== 'tools/call' || Array.isArray(message.params.arguments)) continue;
      const checked = JSONRPCMessageSchema.safeParse(message);
      if (checked.success) expect(checked.data).not.toEqual(message);
    }
  });
});
