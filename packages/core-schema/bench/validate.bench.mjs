#!/usr/bin/env node
/**
 * First-call and per-call cost of validation, against the built dist/.
 *   baseline: Ajv compiling each schema at run time (what a lazy runtime compile would cost);
 *   ours:     the precompiled standalone validators shipped in dist/.
 * Run: pnpm --filter @gait/core-schema bench
 */
import { performance } from 'node:perf_hooks';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule.default ?? addFormatsModule;
const ms = (n) => `${n.toFixed(2)} ms`;

let t = performance.now();
const lib = await import('../dist/index.js');
const importMs = performance.now() - t;

// --- first call, precompiled: the first validate() builds every validator once.
t = performance.now();
lib.validate('gate/gate_result', {});
const firstCallMs = performance.now() - t;
const perSchemaFirst = lib.catalogue.map((entry) => {
  const start = performance.now();
  lib.validate(entry.key, {});
  return [entry.key, performance.now() - start];
});

// --- first call, baseline: compile each schema with Ajv at run time (one instance, all added).
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, messages: false });
addFormats(ajv);
for (const entry of lib.catalogue) {
  const json = lib.toJsonSchema(entry.schema);
  if (String(json.$schema).includes('draft-07')) delete json.$schema;
  ajv.addSchema(json, entry.key);
}
const compileTimes = lib.catalogue.map((entry) => {
  const start = performance.now();
  ajv.getSchema(entry.key);
  return [entry.key, performance.now() - start];
});
const compileTotal = compileTimes.reduce((sum, [, v]) => sum + v, 0);
const over5 = compileTimes.filter(([, v]) => v > 5).length;

console.log('first-call cost');
console.log(`  import dist/index.js (TypeBox + precompiled validators): ${ms(importMs)}`);
console.log(`  precompiled: first validate() (builds all ${lib.catalogue.length}): ${ms(firstCallMs)}`);
console.log(`  precompiled: slowest later first call per schema: ${ms(Math.max(...perSchemaFirst.map(([, v]) => v)))}`);
console.log(`  baseline runtime compile, all schemas: ${ms(compileTotal)} (${over5}/${compileTimes.length} over 5 ms)`);
console.log(`  ratio baseline all-compile / precompiled first call: ${(compileTotal / firstCallMs).toFixed(1)}x`);
console.log('  baseline runtime compile, slowest 8:');
for (const [key, v] of [...compileTimes].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${key.padEnd(52)} ${ms(v)}`);

// --- per call
const digest = 'a'.repeat(64);
const header = (id) => ({ schema_id: id, schema_version: '1.0.0', created_at: '2026-02-14T00:00:00Z', producer_version: '0.1.0' });
const samples = {
  'gait.gate.intent_request': {
    ...header('gait.gate.intent_request'), tool_name: 'tool.write', args: { path: '/tmp/x' },
    targets: [{ kind: 'path', value: '/tmp/x', operation: 'write' }], context: { identity: 'a', workspace: '/w', risk_class: 'high' },
  },
  'gait.gate.trace': {
    ...header('gait.gate.trace'), trace_id: 't', tool_name: 'tool.write', args_digest: digest, intent_digest: digest,
    policy_digest: digest, verdict: 'allow', violations: [],
  },
  'gait.runpack.manifest': {
    ...header('gait.runpack.manifest'), run_id: 'run_1', capture_mode: 'reference',
    files: [{ path: 'run.json', sha256: digest }, { path: 'intents.jsonl', sha256: digest }], manifest_digest: digest,
  },
};
const N = 200_000;
console.log(`per-call cost (${N} calls each, valid documents)`);
for (const [key, value] of Object.entries(samples)) {
  const entry = lib.findSchema(key);
  const baseline = ajv.getSchema(entry.key);
  for (let i = 0; i < 10_000; i++) { lib.validate(key, value); baseline(value); }
  let start = performance.now();
  for (let i = 0; i < N; i++) if (!lib.validate(key, value).ok) throw new Error(`${key} sample invalid`);
  const oursNs = ((performance.now() - start) * 1e6) / N;
  start = performance.now();
  for (let i = 0; i < N; i++) if (!baseline(value)) throw new Error(`${key} sample invalid (baseline)`);
  const baseNs = ((performance.now() - start) * 1e6) / N;
  console.log(`  ${key.padEnd(28)} validate(): ${oursNs.toFixed(0)} ns   raw runtime-compiled ajv: ${baseNs.toFixed(0)} ns   ratio ${(oursNs / baseNs).toFixed(2)}x`);
}
