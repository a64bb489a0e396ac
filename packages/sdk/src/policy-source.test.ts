import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy, parsePolicyYaml } from '@gait/core-gate';
import { describe, expect, it } from 'vitest';
import { loadPolicySource } from './policy-source.js';
import { WRITE_POLICY } from './test-fixtures/policies.js';

describe('loadPolicySource', () => {
  const expected = parsePolicyYaml(WRITE_POLICY);
  const digest = compilePolicy(expected).policyDigest;

  it('gives one digest whether the policy is a path, YAML text, plain data, a parsed or a compiled policy', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gait-sdk-policy-')), 'policy.yaml');
    writeFileSync(file, WRITE_POLICY);
    const plain = {
      default_verdict: 'block',
      rules: [
        { name: 'allow-read', priority: 10, effect: 'allow', match: { tool_names: ['tool.read'] } },
        { name: 'approve-write', priority: 20, effect: 'require_approval', match: { tool_names: ['tool.write'] } },
        { name: 'dry-run-deploy', priority: 30, effect: 'dry_run', match: { tool_names: ['tool.deploy'] } },
      ],
    };
    for (const policy of [file, WRITE_POLICY, plain, expected, compilePolicy(expected)]) {
      const source = loadPolicySource(policy as never);
      expect(source.compiled.policyDigest).toBe(digest);
      expect(source.compiled.policy).toEqual(expected);
    }
  });

  it('rejects what is not a policy, naming the problem', () => {
    expect(() => loadPolicySource('missing.yaml')).toThrow(/read policy missing.yaml/);
    expect(() => loadPolicySource({ default_verdict: 'allow', rulez: [] } as never)).toThrow(/rulez/);
    expect(() => loadPolicySource(42 as never)).toThrow(/policy must be a file path/);
  });
});
