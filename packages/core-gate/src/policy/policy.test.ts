import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance } from '../../../../test-support/conformance.js';
import { policyDigest } from './digest.js';
import { formatPolicyYaml } from './format.js';
import { parsePolicyYaml } from './normalize.js';
import { POLICY_TEMPLATES, resolvePolicyTemplate } from './templates.js';

announceSkip('reference example policies', hasConformance, conformanceDir);

const golden = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: allow
rules:
  - name: block-external-host
    priority: 10
    effect: block
    match: {tool_names: [tool.write], target_kinds: [host], target_values: [api.external.com]}
    reason_codes: [blocked_external]
    violations: [external_target]
`;

describe('parsePolicyYaml', () => {
  it('reproduces the reference golden policy digest', () => {
    expect(policyDigest(parsePolicyYaml(golden))).toBe('f4581f55c41a3ee69b316c95f66fbfc293ae7f06e6458491e3ca232dfb26608c');
  });

  it('digests the normalized form: order, case and implicit defaults do not matter', () => {
    const a = parsePolicyYaml(`rules:
  - name: b
    priority: 5
    effect: ALLOW
    min_approvals: 2
  - name: a
    priority: 5
    effect: block
`);
    const b = parsePolicyYaml(`default_verdict: require_approval
rules:
  - {name: a, priority: 5, effect: block}
  - {name: b, priority: 5, effect: allow, min_approvals: 2, require_distinct_approvers: true}
`);
    expect(a.rules.map((r) => r.name)).toEqual(['a', 'b']);
    expect(policyDigest(a)).toBe(policyDigest(b));
  });

  it('treats an empty document as the defaults', () => {
    expect(parsePolicyYaml('')).toMatchObject({ default_verdict: 'require_approval', rules: [] });
  });

  it.each([
    ['rules:\n  - name: r\n    effect: allow\n    effect_typo: x\n', /unknown field "effect_typo" at rules\[0\]\.effect_typo/],
    ['rules:\n  - name: r\n    effect: allow\n    match:\n      tool_names: tool.write\n', /rules\[0\]\.match\.tool_names: expected a list/],
    ['rules:\n  - name: r\n    effect: allow\n    priority: high\n', /rules\[0\]\.priority: expected an integer/],
    ['default_verdict: maybe\n', /invalid default_verdict: maybe/],
    ['rules:\n  - name: r\n    effect: permit\n', /invalid rule effect "permit" for r/],
    ['rules:\n  - effect: allow\n', /rule name is required/],
    ['rules:\n  - name: r\n    effect: allow\n    min_approvals: -1\n', /min_approvals must be >= 0 for r/],
    ['rules:\n  - name: r\n    effect: allow\n    match:\n      endpoint_classes: [net.smtp]\n', /unsupported match endpoint_class "net.smtp"/],
    ['rules:\n  - name: r\n    effect: allow\n    rate_limit: {requests: 1, window: day}\n', /unsupported rate_limit.window "day"/],
    ['rules:\n  - name: r\n    effect: allow\n    endpoint: {egress_classes: [fs.read]}\n', /must be network class/],
    ['default_verdict: allow\ndefault_verdict: block\n', /duplicate/],
    ['fail_closed: {enabled: true, required_fields: [everything]}\n', /unsupported fail_closed required_field: everything/],
    ['boundaries: []\n', /legacy policy field "boundaries"/],
    ['rules: [\n', /parse policy yaml/],
  ])('rejects bad policy %#, naming the key and the expected form', (text, message) => {
    expect(() => parsePolicyYaml(text)).toThrow(message);
  });

  it('carries the key path on the error', () => {
    try {
      parsePolicyYaml('rules:\n  - name: a\n    effect: allow\n  - name: b\n    effect: allow\n  - name: c\n    effect: allow\n    match: {tool_names: [x], bogus: 1}\n');
      expect.unreachable();
    } catch (error) {
      expect((error as { path?: string }).path).toBe('rules[2].match.bogus');
      expect((error as { exitCode?: number }).exitCode).toBe(6);
    }
  });

  it('accepts the HEAD aliases and rejects an action that differs from the effect', () => {
    const p = parsePolicyYaml('default_action: block\nrules:\n  - {name: r, action: allow, match: {tool_name: Tool.Read}}\n');
    expect(p.default_verdict).toBe('block');
    expect(p.rules[0]).toMatchObject({ effect: 'allow', match: { tool_names: ['tool.read'] } });
    expect(() => parsePolicyYaml('rules:\n  - {name: r, effect: block, action: allow}\n')).toThrow(/must equal effect/);
  });
});

describe('formatPolicyYaml', () => {
  it('is idempotent and keeps the digest', () => {
    for (const text of [golden, ...Object.values(POLICY_TEMPLATES)]) {
      const policy = parsePolicyYaml(text);
      const formatted = formatPolicyYaml(policy);
      const again = parsePolicyYaml(formatted);
      expect(policyDigest(again)).toBe(policyDigest(policy));
      expect(formatPolicyYaml(again)).toBe(formatted);
    }
  });
});

describe('templates', () => {
  it('resolves names and aliases', () => {
    expect(resolvePolicyTemplate(' LOW ')).toBe('baseline-lowrisk');
    expect(resolvePolicyTemplate('baseline_high_risk')).toBe('baseline-highrisk');
    expect(resolvePolicyTemplate('extreme')).toBeUndefined();
  });

  it.runIf(hasConformance)('have the digests of the reference example policies and templates', () => {
    const example = (name: string) => policyDigest(parsePolicyYaml(readFileSync(join(conformanceDir, 'examples/policy', name), 'utf8')));
    expect(policyDigest(parsePolicyYaml(POLICY_TEMPLATES['baseline-lowrisk']))).toBe(example('base_low_risk.yaml'));
    expect(policyDigest(parsePolicyYaml(POLICY_TEMPLATES['baseline-mediumrisk']))).toBe(example('base_medium_risk.yaml'));
    expect(policyDigest(parsePolicyYaml(POLICY_TEMPLATES['baseline-highrisk']))).toBe(example('base_high_risk.yaml'));
    // Values the spec records for these files.
    expect(example('base_low_risk.yaml')).toBe('aa9e4371c827fc38f26c95588061b8376f20ef6524917ebab69bcc41aa3ed5c9');
    expect(example('base_high_risk.yaml')).toBe('41b506a8ca148efc6033d567c214be8ffde2a2f2fb51c4533310b777a888b339');
  });
});
