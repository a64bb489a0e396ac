import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '@gait/core-sign';
import { announceSkip, conformanceDir, hasConformance } from '../../../../test-support/conformance.js';
import { delegationBindingDigest, intentPayload } from './digest.js';
import { MAX_ARGS_DEPTH, checkIntentArgs, fillIntentDigests, normalizeArgs, normalizeIntent } from './normalize.js';

announceSkip('reference intent fixtures', hasConformance, conformanceDir);

/** The §1.7 golden fixture (the reference's integration-test intent). */
const golden = {
  schema_id: 'gait.gate.intent_request',
  schema_version: '1.0.0',
  created_at: '2026-02-05T00:00:00Z',
  producer_version: 'test',
  tool_name: 'tool.write',
  args: { path: '/tmp/out.txt' },
  targets: [{ kind: 'host', value: 'api.external.com' }],
  arg_provenance: [{ arg_path: '$.path', source: 'user' }],
  context: { identity: 'alice', workspace: '/repo/gait', risk_class: 'high' },
};

describe('normalizeIntent', () => {
  it('reproduces the reference v1.4.0 golden intent digest', () => {
    const intent = normalizeIntent(golden);
    expect(intent.intent_digest).toBe('74d4a052fd27c63f110e0879f227215aed15a8e522946d38a2fb515374fbafa8');
    expect(canonicalJson(intentPayload(intent))).toContain('"discovery_method":"unknown"');
  });

  it('refuses args holding a number JSON cannot carry (1e400 parses as Infinity), naming args', () => {
    const args = JSON.parse('{"n":[1,1e400]}');
    expect(() => normalizeIntent({ ...golden, args })).toThrow(expect.objectContaining({ details: { field: 'args' }, message: expect.stringContaining('not finite') }));
    expect(() => normalizeArgs(args)).toThrow(/not finite/);
  });

  it('normalizeArgs trims like normalization and refuses what it refuses', () => {
    expect(normalizeArgs({ ' k ': ' v ', n: [' x '] })).toEqual({ k: 'v', n: ['x'] });
    expect(normalizeArgs(undefined)).toEqual({});
    expect(() => normalizeArgs({ ' ': 1 })).toThrow(/empty key/);
    expect(() => normalizeArgs([1])).toThrow(/args must be a JSON object/);
  });

  it('refuses, at normalization, args the digest could not be computed for', () => {
    // Two keys that become the same once their lone surrogates are repaired (Go sees a duplicate).
    const clash = JSON.parse('{"text":"x","\\ud800":1,"\\udbff":2}');
    for (const deferDigests of [false, true]) expect(() => normalizeIntent({ ...golden, args: clash }, { deferDigests })).toThrow(/duplicate/);
    expect(() => checkIntentArgs(clash)).toThrow(/duplicate/);
    const nested = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth - 1)}[]${'}'.repeat(depth - 1)}`);
    expect(() => checkIntentArgs(nested(MAX_ARGS_DEPTH))).not.toThrow();
    expect(() => normalizeIntent({ ...golden, args: nested(MAX_ARGS_DEPTH + 1) }, { deferDigests: true })).toThrow(/deeper than 1000 levels/);
    expect(() => checkIntentArgs({ a: JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`) })).toThrow(/deeper than/);
  });

  it('keeps a __proto__ key of the args as a member, in the args and their digest', () => {
    const args = JSON.parse('{"__proto__":{"x":1},"y":" 2 "}');
    const intent = normalizeIntent({ ...golden, args });
    expect(Object.keys(intent.args)).toEqual(['__proto__', 'y']);
    expect(Object.getPrototypeOf(intent.args)).toBe(Object.prototype);
    expect(canonicalJson(intent.args)).toBe('{"__proto__":{"x":1},"y":"2"}');
  });

  it('digests whatever it normalized: deferred digests never fail, and equal the eager ones', () => {
    const key = fc.string({ unit: 'binary', maxLength: 3 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string({ unit: 'binary', maxLength: 4 }), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 4 }), (args) => {
        let deferred;
        try {
          deferred = normalizeIntent({ ...golden, args }, { deferDigests: true });
        } catch {
          expect(() => normalizeIntent({ ...golden, args })).toThrow();
          return;
        }
        const eager = normalizeIntent({ ...golden, args });
        expect(fillIntentDigests(deferred)).toEqual(eager);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves the digests empty when deferred, and fillIntentDigests sets the same ones later', () => {
    const deferred = normalizeIntent(golden, { deferDigests: true });
    expect(deferred.args_digest).toBe('');
    expect(deferred.intent_digest).toBe('');
    const eager = normalizeIntent(golden);
    expect(fillIntentDigests(deferred)).toBe(deferred);
    expect(deferred).toEqual(eager);
    expect(deferred.intent_digest).toBe('74d4a052fd27c63f110e0879f227215aed15a8e522946d38a2fb515374fbafa8');
  });

  it('normalizes case, whitespace, duplicates and order as the reference does', () => {
    const intent = normalizeIntent({
      tool_name: '  TOOL.Write ',
      args: { ' a ': ' x ', nested: [' y '] },
      targets: [
        { kind: 'PATH', value: '/tmp/x', operation: 'WRITE' },
        { kind: 'path', value: '/tmp/x', operation: 'write' },
        { kind: 'host', value: 'https://api.internal/v1' },
      ],
      arg_provenance: [{ arg_path: '$.a', source: ' TOOL_OUTPUT ', integrity_digest: 'A'.repeat(64) }],
      context: { identity: ' alice ', workspace: 'C:\\repo\\gait', risk_class: ' HIGH ', credential_scopes: [' b ', 'a', 'b'] },
    });
    expect(intent.tool_name).toBe('tool.write');
    expect(intent.args).toEqual({ a: 'x', nested: ['y'] });
    expect(intent.targets.map((t) => [t.kind, t.endpoint_class, t.endpoint_domain])).toEqual([
      ['host', 'net.http', 'api.internal'],
      ['path', 'fs.write', ''],
    ]);
    expect(intent.arg_provenance[0]).toMatchObject({ source: 'tool_output', integrity_digest: 'a'.repeat(64) });
    expect(intent.context).toMatchObject({ identity: 'alice', workspace: 'C:/repo/gait', risk_class: 'high', phase: 'apply' });
    expect(intent.context.credential_scopes).toEqual(['a', 'b']);
  });

  it('infers classes from tool-name hints, quirks included', () => {
    const classOf = (tool: string, kind = 'path') =>
      normalizeIntent({ tool_name: tool, targets: [{ kind, value: 'x' }], context: { identity: 'a', workspace: '/w', risk_class: 'low' } })
        .targets[0]!;
    expect(classOf('tool.transform').endpoint_class).toBe('fs.delete');
    expect(classOf('tool.transform').destructive).toBe(true);
    expect(classOf('tool.spread').endpoint_class).toBe('fs.read');
    expect(classOf('tool.run_report', 'other').endpoint_class).toBe('proc.exec');
    expect(classOf('tool.x', 'bucket').endpoint_class).toBe('other');
  });

  it('keeps zero timestamps in the delegation payload', () => {
    const intent = normalizeIntent({
      ...golden,
      delegation: { requester_identity: 'agent.specialist', chain: [{ delegator_identity: 'agent.lead', delegate_identity: 'agent.specialist' }] },
    });
    const payload = canonicalJson(intentPayload(intent));
    expect(payload).toContain('"expires_at":"0001-01-01T00:00:00Z","issued_at":"0001-01-01T00:00:00Z"');
    expect(delegationBindingDigest(intent)).toMatch(/^[0-9a-f]{64}$/);
    expect(delegationBindingDigest(normalizeIntent(golden))).toBe('');
  });

  it.each([
    [{ ...golden, tool_name: ' ' }, 'tool_name is required'],
    [{ ...golden, args: { ' ': 1 } }, 'args contains empty key'],
    [{ ...golden, targets: [{ kind: 'file', value: 'x' }] }, 'unsupported target kind: file'],
    [{ ...golden, targets: [{ kind: 'path', value: 'x', endpoint_class: 'net.smtp' }] }, 'unsupported endpoint class: net.smtp'],
    [{ ...golden, arg_provenance: [{ arg_path: '$.a', source: 'web' }] }, 'unsupported provenance source: web'],
    [{ ...golden, context: { ...golden.context, workspace: '' } }, 'context.workspace is required'],
    [{ ...golden, context: { ...golden.context, context_set_digest: 'xyz' } }, 'context.context_set_digest must be sha256 hex'],
    [{ ...golden, args: [1] }, 'intent.args'],
    [{ ...golden, created_at: '' }, 'created_at'],
  ])('rejects %# with a message naming the problem', (intent, message) => {
    expect(() => normalizeIntent(intent)).toThrow(message);
  });

  it.runIf(hasConformance)('gives the reference fixtures equal and different digests as the reference does', () => {
    const load = (name: string) => JSON.parse(readFileSync(join(conformanceDir, 'core/gate/testdata', name), 'utf8')) as unknown;
    const a = normalizeIntent(load('intent_equivalent_a.json'));
    const b = normalizeIntent(load('intent_equivalent_b.json'));
    const different = normalizeIntent(load('intent_different.json'));
    expect(b.intent_digest).toBe(a.intent_digest);
    expect(canonicalJson(intentPayload(b))).toBe(canonicalJson(intentPayload(a)));
    expect(different.intent_digest).not.toBe(a.intent_digest);
  });
});

// The digest is written member by member (digest.ts `intentPayloadText`), beside the payload
// object `intentPayload` builds: the two must never drift apart.
describe('the intent digest', () => {
  it('is sha256 of the canonical payload object, on generated intents with every optional member', () => {
    const word = fc.constantFrom('', 'a', 'B c', 'é', 'x/y');
    const target = fc.record(
      {
        kind: fc.constantFrom('path', 'host', 'url', 'other'),
        value: word,
        operation: fc.constantFrom('', 'read', 'write', 'delete', 'exec'),
        sensitivity: word,
        endpoint_class: fc.constantFrom('', 'fs.read', 'net.http'),
        endpoint_domain: word,
        destructive: fc.boolean(),
        discovery_method: fc.constantFrom('', 'mcp', 'static'),
        read_only_hint: fc.boolean(),
        destructive_hint: fc.boolean(),
        idempotent_hint: fc.boolean(),
        open_world_hint: fc.boolean(),
      },
      { requiredKeys: ['kind', 'value'] },
    );
    const intent = fc.record(
      {
        tool_name: fc.constantFrom('tool.read', 'Deploy', 'x'),
        args: fc.dictionary(fc.constantFrom('a', 'b', 'z'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        targets: fc.array(target, { maxLength: 3 }),
        arg_provenance: fc.array(fc.record({ arg_path: fc.constantFrom('$.a', '$.b'), source: fc.constantFrom('user', 'external'), source_ref: word }), { maxLength: 2 }),
        skill_provenance: fc.record({ skill_name: fc.constantFrom('s1'), source: word, publisher: word, skill_version: word }),
        delegation: fc.record({ requester_identity: fc.constantFrom('alice'), chain: fc.array(fc.record({ delegator_identity: fc.constantFrom('lead'), delegate_identity: fc.constantFrom('agent') }), { maxLength: 2 }) }),
        context: fc.record({ identity: word, workspace: fc.constantFrom('/w', '.'), risk_class: fc.constantFrom('low', 'high'), phase: fc.constantFrom('', 'plan') }),
      },
      { requiredKeys: ['tool_name', 'context'] },
    );
    fc.assert(
      fc.property(intent, (raw) => {
        let normalized;
        try {
          normalized = normalizeIntent(JSON.parse(JSON.stringify(raw)));
        } catch {
          return; // refused (e.g. a blank target value): nothing to digest
        }
        expect(normalized.intent_digest).toBe(sha256Hex(canonicalJson(intentPayload({ ...normalized, context: { ...normalized.context } }))));
      }),
      { numRuns: 400 },
    );
  });
});
