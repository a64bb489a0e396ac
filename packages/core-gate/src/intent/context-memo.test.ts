import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '@gait/core-sign';
import { intentPayload } from './digest.js';
import { decodeIntent, normalizeIntent } from './normalize.js';

/** The digest from first principles, with nothing memoized: JCS of the payload, sha256. */
const freshDigest = (value: Parameters<typeof normalizeIntent>[0]) => {
  const intent = normalizeIntent(value);
  return { intent, expected: sha256Hex(canonicalJson(intentPayload({ ...intent, context: { ...intent.context } }))) };
};

describe('memoized contexts', () => {
  it('give the digest a fresh canonicalization gives, call after call', () => {
    const context = { identity: ' alice ', workspace: 'C:\\repo', risk_class: 'HIGH', agent_id: 'a1', phase: 'plan' };
    for (let i = 0; i < 3; i++) {
      const { intent, expected } = freshDigest({ tool_name: 'tool.read', args: { path: `/f${i}` }, context: { ...context } });
      expect(intent.intent_digest).toBe(expected);
      expect(intent.args_digest).toBe(sha256Hex(canonicalJson({ path: `/f${i}` })));
      expect(intent.context).toMatchObject({ identity: 'alice', workspace: 'C:/repo', risk_class: 'high', phase: 'plan' });
    }
  });

  it('follow the caller changing its own context object between calls', () => {
    const context: Record<string, unknown> = { identity: 'alice', workspace: '/repo', risk_class: 'low' };
    const first = normalizeIntent({ tool_name: 't', context });
    context.identity = 'bob';
    const second = normalizeIntent({ tool_name: 't', context });
    expect(second.context.identity).toBe('bob');
    expect(second.intent_digest).not.toBe(first.intent_digest);
    expect(second.intent_digest).toBe(freshDigest({ tool_name: 't', context: { ...context } }).expected);
  });

  it('keep Go key folding and key order: the last folding key wins', () => {
    const a = normalizeIntent({ tool_name: 't', context: { identity: 'x', Identity: 'y', workspace: '/w', risk_class: 'low' } });
    const b = normalizeIntent({ tool_name: 't', context: { Identity: 'y', identity: 'x', workspace: '/w', risk_class: 'low' } });
    expect(a.context.identity).toBe('y');
    expect(b.context.identity).toBe('x');
    expect(decodeIntent({ TOOL_NAME: 'a', tool_name: 'b' }).tool_name).toBe('b');
  });

  it('cannot be changed through a decision, and invalid contexts fail every time', () => {
    const context = { identity: 'alice', workspace: '/repo', risk_class: 'low' };
    const intent = normalizeIntent({ tool_name: 't', context });
    expect(() => {
      (intent.context as { identity: string }).identity = 'mallory';
    }).toThrow(TypeError);
    expect(normalizeIntent({ tool_name: 't', context }).context.identity).toBe('alice');
    for (let i = 0; i < 2; i++) {
      expect(() => normalizeIntent({ tool_name: 't', context: { workspace: '/repo', risk_class: 'low' } })).toThrow(/context.identity is required/);
    }
  });
});

describe('the intent digest text', () => {
  it('is the canonical JSON of the intent payload, for every shape of target and member', () => {
    const context = { identity: 'a', workspace: '/w', risk_class: 'low' };
    const targets = [
      [],
      [{ kind: 'other', value: 'echo', discovery_method: 'mcp', read_only_hint: true, open_world_hint: false }],
      [{ kind: 'path', value: '/tmp/x', operation: 'delete', sensitivity: 'secret', destructive_hint: true, idempotent_hint: true }],
      [
        { kind: 'url', value: 'https://Example.test/a', operation: 'get', endpoint_class: 'net.http' },
        { kind: 'host', value: 'db.internal', operation: 'lookup', destructive: true },
        { kind: 'host', value: 'db.internal', operation: 'lookup', destructive: true },
      ],
    ];
    for (const t of targets) {
      const { intent, expected } = freshDigest({
        tool_name: 'tool.Write',
        args: { b: [1, 'x'], a: { z: null } },
        targets: t,
        arg_provenance: t.length > 1 ? [{ arg_path: 'b', source: 'user' }] : [],
        skill_provenance: t.length > 2 ? { skill_name: 's', source: 'registry', publisher: 'p', digest: 'a'.repeat(64) } : undefined,
        delegation: t.length === 1 ? { requester_identity: 'r', scope_class: 'write', chain: [{ delegator_identity: 'x', delegate_identity: 'y' }] } : undefined,
        context,
      });
      expect(intent.intent_digest).toBe(expected);
    }
  });
});
