// Evaluation cost of a compiled policy against a baseline that re-walks the policy from scratch on
// every call (compile per call: no precomputed sets, no tool index), and the cost with a signed
// trace. Runs against the built dist/. Numbers are µs per evaluation, medians of several rounds.
import { generateKeyPair } from '@gait/core-sign';
import { buildTrace, compilePolicy, evaluateIntent, GoTime, normalizeIntent, parsePolicyYaml, signTrace } from '../dist/index.js';

const tools = Array.from({ length: 50 }, (_, i) => `tool.t${i}`);
const rules = [];
for (let i = 0; i < 200; i++) {
  rules.push(`  - name: r${i}
    priority: ${i}
    effect: ${['allow', 'block', 'require_approval', 'dry_run'][i % 4]}
    match:
      tool_names: [${tools[i % tools.length]}]
      target_kinds: [path, host]
      risk_classes: [low, high]
    endpoint:
      path_allowlist: [/tmp/**, /var/app/*.log]
      domain_denylist: ['*.evil.example']`);
}
const policy = parsePolicyYaml(`default_verdict: block\nrules:\n${rules.join('\n')}\n`);
const intent = normalizeIntent({
  created_at: '2026-02-05T00:00:00Z',
  tool_name: 'tool.t42',
  args: { path: '/tmp/out.txt' },
  targets: [{ kind: 'path', value: '/tmp/out.txt', operation: 'write' }, { kind: 'host', value: 'api.example.com' }],
  arg_provenance: [{ arg_path: '$.path', source: 'user' }],
  context: { identity: 'alice', workspace: '/repo', risk_class: 'high' },
});
const key = generateKeyPair();
const compiled = compilePolicy(policy);

function measure(label, iterations, fn) {
  for (let i = 0; i < Math.min(iterations, 500); i++) fn();
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    rounds.push(Number(process.hrtime.bigint() - start) / 1e3 / iterations);
  }
  rounds.sort((a, b) => a - b);
  const us = rounds[2];
  console.log(`${label.padEnd(44)} ${us.toFixed(2).padStart(9)} µs/eval`);
  return us;
}

console.log(`policy: ${policy.rules.length} rules over ${tools.length} tools; intent tool ${intent.tool_name}`);
const baseline = measure('baseline: walk uncompiled policy per call', 300, () => evaluateIntent(compilePolicy(policy), intent));
const fast = measure('compiled policy (indexed, precomputed)', 20000, () => evaluateIntent(compiled, intent));
const signed = measure('compiled + build and sign trace', 2000, () => {
  const outcome = evaluateIntent(compiled, intent);
  signTrace(
    key,
    buildTrace({
      intent,
      policyDigest: compiled.policyDigest,
      verdict: outcome.result.verdict,
      reasonCodes: outcome.result.reason_codes,
      violations: outcome.result.violations,
      createdAt: outcome.result.created_at,
      observedAt: GoTime.now(),
      producerVersion: 'bench',
    }),
  );
});
console.log(`speed-up of compiled over baseline: ${(baseline / fast).toFixed(1)}x`);
console.log(`trace signing adds: ${(signed - fast).toFixed(2)} µs (${(signed / fast).toFixed(1)}x the evaluation)`);
