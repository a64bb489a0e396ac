import { describe, expect, it } from 'vitest';
import { policyDigest, policyDigestPayload } from './digest.js';
import { PolicyError } from './errors.js';
import { formatPolicyYaml } from './format.js';
import { parsePolicyYaml } from './normalize.js';

const base = 'default_verdict: allow\nrules:\n  - name: r\n    effect: allow\n';

function parseError(text: string): PolicyError {
  try {
    parsePolicyYaml(text);
  } catch (error) {
    return error as PolicyError;
  }
  throw new Error('expected a policy error');
}

describe('mcp_trust policy block', () => {
  it('parses with defaults: configuring any key enables it', () => {
    const policy = parsePolicyYaml(`${base}mcp_trust:\n  snapshot: ' trust.json '\n  publisher_allowlist: [Acme, acme]\n`);
    expect(policy.mcp_trust).toEqual({
      enabled: true,
      snapshot: 'trust.json',
      action: 'block',
      required_risk_classes: ['critical', 'high'],
      min_score: undefined,
      max_age: '',
      publisher_allowlist: ['acme'],
      require_registry: false,
    });
  });

  it('is absent without the block and disabled by an explicit enabled: false', () => {
    expect(parsePolicyYaml(base).mcp_trust).toBeUndefined();
    const off = parsePolicyYaml(`${base}mcp_trust:\n  enabled: false\n  action: require_approval\n`);
    expect(off.mcp_trust?.enabled).toBe(false);
    expect(off.mcp_trust?.action).toBe('require_approval');
  });

  it('rejects bad values with the key path', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['  action: block\n', 'mcp_trust.snapshot', /snapshot is required/],
      ['  snapshot: s\n  action: allow\n', 'mcp_trust.action', /block or require_approval/],
      ['  snapshot: s\n  min_score: 2\n', 'mcp_trust.min_score', /between 0 and 1/],
      ['  snapshot: s\n  min_score: high\n', 'mcp_trust.min_score', /expected a number/],
      ['  snapshot: s\n  max_age: 30 days\n', 'mcp_trust.max_age', /duration/],
      ['  snapshot: s\n  trusted: [x]\n', 'mcp_trust.trusted', /unknown field "trusted"/],
      ['  snapshot: [a]\n', 'mcp_trust.snapshot', /expected a string/],
    ];
    for (const [body, path, message] of cases) {
      const error = parseError(`${base}mcp_trust:\n${body}`);
      expect(error).toBeInstanceOf(PolicyError);
      expect(error.path).toBe(path);
      expect(error.message).toMatch(message);
    }
  });

  it('enters the digest only when enabled, over the normalized values', () => {
    const plain = policyDigest(parsePolicyYaml(base));
    expect(policyDigest(parsePolicyYaml(`${base}mcp_trust:\n  enabled: false\n`))).toBe(plain);
    const a = parsePolicyYaml(`${base}mcp_trust:\n  snapshot: s.json\n  min_score: 0.5\n  max_age: 720h\n`);
    const b = parsePolicyYaml(`mcp_trust:\n  max_age: 720h\n  min_score: 0.50\n  snapshot: s.json\n  action: BLOCK\n  required_risk_classes: [High, critical]\n${base}`);
    expect(policyDigest(a)).toBe(policyDigest(b));
    expect(policyDigest(a)).not.toBe(plain);
    expect(policyDigestPayload(a).MCPTrust).toEqual({
      Enabled: true,
      Snapshot: 's.json',
      Action: 'block',
      RequiredRiskClasses: ['critical', 'high'],
      MinScore: 0.5,
      MaxAge: '720h',
      PublisherAllowlist: [],
      RequireRegistry: false,
    });
    const stricter = parsePolicyYaml(`${base}mcp_trust:\n  snapshot: s.json\n  min_score: 0.6\n  max_age: 720h\n`);
    expect(policyDigest(stricter)).not.toBe(policyDigest(a));
  });

  it('survives policy fmt with the same digest', () => {
    const policy = parsePolicyYaml(`${base}mcp_trust:\n  snapshot: s.json\n  min_score: 0.25\n  require_registry: true\n`);
    const again = parsePolicyYaml(formatPolicyYaml(policy));
    expect(again.mcp_trust).toEqual(policy.mcp_trust);
    expect(policyDigest(again)).toBe(policyDigest(policy));
  });
});
