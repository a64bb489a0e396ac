import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidInputError } from '@gait/core-errors';
import {
  assertValid,
  catalogue,
  findSchema,
  renderSchemaText,
  SchemaValidationError,
  UnknownSchemaError,
  validate,
  type GateResult,
  type IntentRequest,
  type RunpackManifest,
} from './index.js';
import * as fx from './fixtures/gate-runpack.js';

const clone = <T>(value: T): T => structuredClone(value);

const VALID: [string, unknown][] = [
  ['gait.gate.intent_request', fx.intentRequest],
  ['gait.gate.result', fx.gateResult],
  ['gait.gate.trace', fx.traceRecord],
  ['gait.gate.approval_token', fx.approvalToken],
  ['gate/policy', fx.policy],
  ['gait.runpack.manifest', fx.runpackManifest],
  ['gait.runpack.run', fx.runpackRun],
  ['gait.runpack.intent', fx.runpackIntent],
  ['gait.runpack.result', fx.runpackResult],
  ['gait.runpack.refs', fx.runpackRefs],
  ['gait.runpack.session_checkpoint', fx.sessionCheckpoint],
  ['gait.runpack.session_journal', fx.sessionJournal],
  ['gait.runpack.session_chain', fx.sessionChain],
];

describe('validate: gate and runpack fixtures', () => {
  it.each(VALID)('%s accepts its fixture', (key, value) => {
    const result = validate(key, value);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  /** [schema, fixture, mutation, JSON pointer expected among the errors] */
  const INVALID: [string, unknown, (v: any) => void, string][] = [
    ['gait.gate.intent_request', fx.intentRequest, (v) => delete v.context.identity, '/context/identity'],
    ['gait.gate.intent_request', fx.intentRequest, (v) => (v.targets[0].kind = 'disk'), '/targets/0/kind'],
    ['gait.gate.intent_request', fx.intentRequest, (v) => (v.args_digest = 'xyz'), '/args_digest'],
    ['gait.gate.intent_request', fx.intentRequest, (v) => (v.created_at = 'yesterday'), '/created_at'],
    ['gait.gate.result', fx.gateResult, (v) => (v.verdict = 'deny'), '/verdict'],
    ['gait.gate.result', fx.gateResult, (v) => (v.schema_version = '1.0.1'), '/schema_version'],
    ['gait.gate.result', fx.gateResult, (v) => (v.schema_id = 'gait.gate.trace'), '/schema_id'],
    ['gait.gate.trace', fx.traceRecord, (v) => (v.relationship.parent_ref.kind = 'user'), '/relationship/parent_ref/kind'],
    ['gait.gate.trace', fx.traceRecord, (v) => (v.unknown_field = 1), '/unknown_field'],
    ['gait.gate.approval_token', fx.approvalToken, (v) => (v.scope = []), '/scope'],
    ['gate/policy', fx.policy, (v) => (v.rules[0].effect = 'deny'), '/rules/0/effect'],
    ['gate/policy', fx.policy, (v) => delete v.rules[1].action, '/rules/1'],
    ['gait.runpack.manifest', fx.runpackManifest, (v) => (v.run_id = 'demo'), '/run_id'],
    ['gait.runpack.manifest', fx.runpackManifest, (v) => (v.capture_mode = 'full'), '/capture_mode'],
    ['gait.runpack.run', fx.runpackRun, (v) => delete v.env.runtime, '/env/runtime'],
    ['gait.runpack.result', fx.runpackResult, (v) => (v.status = 'done'), '/status'],
    ['gait.runpack.refs', fx.runpackRefs, (v) => (v.receipts[0].immutability = 'frozen'), '/receipts/0/immutability'],
    ['gait.runpack.session_journal', fx.sessionJournal, (v) => (v.events[0].sequence = 0), '/events/0/sequence'],
    ['gait.runpack.session_chain', fx.sessionChain, (v) => (v.checkpoints = []), '/checkpoints'],
    ['gait.runpack.session_checkpoint', fx.sessionCheckpoint, (v) => (v.checkpoint_index = 1.5), '/checkpoint_index'],
  ];

  it.each(INVALID)('%s rejects a bad value and names %#', (key, fixture, mutate, path) => {
    const value = clone(fixture);
    mutate(value);
    const result = validate(key, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });

  it('says what was expected', () => {
    const value = clone(fx.gateResult) as Record<string, unknown>;
    value.verdict = 'deny';
    delete value.violations;
    const result = validate('gait.gate.result', value);
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { path: '/violations', message: 'is required but missing' },
        { path: '/verdict', message: 'must be one of "allow", "block", "dry_run", "require_approval"' },
      ]),
    });
  });

  it('escapes property names in paths as JSON pointers', () => {
    const result = validate('gait.gate.result', { ...fx.gateResult, 'a/b~c': 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.path).toBe('/a~1b~0c');
  });

  it('looks schemas up by schema_id or <area>/<name> alike', () => {
    expect(findSchema('gait.gate.intent_request')).toBe(findSchema('gate/intent_request'));
    expect(validate('gate/gate_result', fx.gateResult).ok).toBe(true);
  });

  it('narrows the value type from the key', () => {
    const result = validate('gait.gate.intent_request', fx.intentRequest);
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<IntentRequest>();
    expectTypeOf(assertValid('gate/gate_result', fx.gateResult)).toEqualTypeOf<GateResult>();
    expectTypeOf(assertValid('gait.runpack.manifest', fx.runpackManifest)).toEqualTypeOf<RunpackManifest>();
    const typed = assertValid('gait.gate.intent_request', fx.intentRequest);
    expect(typed.context.identity).toBe('alice');
  });
});

describe('assertValid', () => {
  it('returns the value when it is valid', () => {
    expect(assertValid('gait.runpack.intent', fx.runpackIntent)).toBe(fx.runpackIntent);
  });

  it('throws an InvalidInputError (exit 6) naming the first failing path', () => {
    const bad = { ...fx.runpackManifest, capture_mode: 'full' };
    let caught: unknown;
    try {
      assertValid('gait.runpack.manifest', bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SchemaValidationError);
    expect(caught).toBeInstanceOf(InvalidInputError);
    const error = caught as SchemaValidationError;
    expect(error.exitCode).toBe(6);
    expect(error.code).toBe('schema_invalid');
    expect(error.message).toBe('gait.runpack.manifest: /capture_mode must be one of "reference", "raw"');
    expect(error.details).toMatchObject({ schema: 'gait.runpack.manifest', path: '/capture_mode' });
  });

  it('fails closed on an unknown schema key', () => {
    expect(() => validate('gait.gate.nope', {})).toThrow(UnknownSchemaError);
    expect(() => assertValid('gate/nope', {})).toThrow(/unknown schema "gate\/nope"/);
  });
});

describe('catalogue', () => {
  it('has one entry per file, with unique keys and schema ids matching the schema const', () => {
    const keys = catalogue.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const item of catalogue) {
      expect(item.key).toBe(`${item.area}/${item.name}`);
      expect(item.title.length).toBeGreaterThan(0);
      const props = (item.schema as { properties?: Record<string, { const?: unknown }> }).properties ?? {};
      expect('schemaId' in item ? item.schemaId : undefined).toBe(props.schema_id?.const);
    }
  });

  it('renders stable text: keywords in a fixed order, fields in written order, trailing newline', () => {
    const item = catalogue.find((e) => e.key === 'gate/gate_result');
    const text = renderSchemaText(item!.schema);
    expect(text.endsWith('}\n')).toBe(true);
    const top = Object.keys(JSON.parse(text) as object);
    expect(top).toEqual(['$schema', '$id', 'title', 'type', 'required', 'properties', 'additionalProperties']);
    expect(renderSchemaText(item!.schema)).toBe(text);
  });
});
