import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policyDigest } from '@gait/core-gate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMcpPolicy } from '../decide/policy-source.js';
import { evaluateTrust } from './evaluate.js';
import { verifyServerTrust } from './verify.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gait-trust-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The trust config of a policy with this `mcp_trust` block (JSON is YAML flow syntax). */
const parseTrustConfig = (block: Record<string, unknown>) => parseMcpPolicy(`default_verdict: allow\nmcp_trust: ${JSON.stringify(block)}\n`).trust;

const NOW = new Date('2026-03-01T00:00:00Z');

function snapshot(entries: unknown[]): string {
  const path = join(dir, 'snapshot.json');
  writeFileSync(path, JSON.stringify({ schema_id: 'gait.mcp.trust_snapshot', schema_version: '1.0.0', created_at: '2026-02-01T00:00:00Z', entries }));
  return path;
}

const entry = (extra: Record<string, unknown> = {}) => ({ server_id: 'GitHub', publisher: 'acme', status: 'trusted', updated_at: '2026-02-20T00:00:00Z', score: 0.9, ...extra });

describe('mcp trust', () => {
  it('enables on any key, needs a snapshot, and defaults action and risk classes', () => {
    expect(parseTrustConfig({ enabled: false })).toBeUndefined();
    expect(() => parseTrustConfig({ action: 'block' })).toThrow('snapshot is required');
    expect(parseTrustConfig({ snapshot: 's.json' })).toMatchObject({ action: 'block', required_risk_classes: ['critical', 'high'] });
    expect(() => parseTrustConfig({ snapshot: 's', min_score: 2 })).toThrow(/min_score/);
  });

  it('walks the reference statuses in order', () => {
    const cfg = parseTrustConfig({ snapshot: snapshot([entry(), entry({ server_id: 'old', updated_at: '2025-01-01T00:00:00Z' }), entry({ server_id: 'low', score: 0.1 }), entry({ server_id: 'bad', status: 'revoked' }), entry({ server_id: 'other', publisher: 'evil' })]), max_age: '720h', min_score: 0.5, publisher_allowlist: ['acme'] })!;
    const reason = (server: Record<string, string>, risk = 'high') => evaluateTrust(cfg, server, { riskClass: risk, now: NOW }).reason_codes[0];
    expect(reason({ server_id: 'github' })).toBe('mcp_trust_verified');
    expect(reason({})).toBe('mcp_trust_identifier_missing');
    expect(reason({ server_id: 'nope' })).toBe('mcp_trust_server_unknown');
    expect(reason({ server_id: 'old' })).toBe('mcp_trust_stale');
    expect(reason({ server_id: 'low' })).toBe('mcp_trust_below_threshold');
    expect(reason({ server_id: 'bad' })).toBe('mcp_trust_status_untrusted');
    expect(reason({ server_id: 'other' })).toBe('mcp_trust_publisher_untrusted');
    expect(evaluateTrust(cfg, { server_id: 'nope' }, { riskClass: '', now: NOW }).enforced).toBe(false);
    const missing = parseTrustConfig({ snapshot: join(dir, 'absent.json') })!;
    expect(evaluateTrust(missing, { server_id: 'x' }, { riskClass: 'high' }).reason_codes).toEqual(['mcp_trust_snapshot_unavailable']);
    writeFileSync(join(dir, 'dup.json'), JSON.stringify({ entries: [entry(), entry({ server_id: 'GITHUB' })] }));
    const dup = parseTrustConfig({ snapshot: join(dir, 'dup.json') })!;
    expect(evaluateTrust(dup, { server_id: 'x' }, { riskClass: 'high' }).status).toBe('invalid');
  });

  it('takes mcp_trust from the gate-parsed policy, which digests it', () => {
    const parsed = parseMcpPolicy('default_verdict: allow\nmcp_trust:\n  snapshot: s.json\n  action: require_approval\n');
    expect(parsed.policy.default_verdict).toBe('allow');
    expect(parsed.trust?.action).toBe('require_approval');
    expect(parsed.policy.mcp_trust?.snapshot).toBe('s.json');
    expect(policyDigest(parsed.policy)).not.toBe(policyDigest(parseMcpPolicy('default_verdict: allow\n').policy));
    expect(() => parseMcpPolicy('default_verdict: allow\nbogus: 1\n')).toThrow(/unknown field|bogus/);
  });

  it('gait mcp verify: allow when trusted or disabled, the action with exit 3/4 when enforced', () => {
    const snap = snapshot([entry()]);
    const policy = join(dir, 'policy.yaml');
    const server = join(dir, 'server.json');
    writeFileSync(policy, `default_verdict: allow\nmcp_trust:\n  snapshot: ${snap}\n`);
    writeFileSync(server, JSON.stringify({ server_id: 'github' }));
    expect(verifyServerTrust({ policyPath: policy, serverPath: server, now: NOW })).toMatchObject({ exitCode: 0, output: { ok: true, verdict: 'allow', trust_model: 'local_snapshot', reason_codes: ['mcp_trust_verified'] } });
    writeFileSync(server, JSON.stringify({ server_name: 'unknown-server' }));
    const blocked = verifyServerTrust({ policyPath: policy, serverPath: server, now: NOW });
    expect(blocked).toMatchObject({ exitCode: 3, output: { ok: false, verdict: 'block', violations: ['mcp_trust_policy'], reason_codes: ['mcp_trust_server_unknown'] } });
    expect(verifyServerTrust({ policyPath: policy, serverPath: server, riskClass: 'low' }).exitCode).toBe(0);
    writeFileSync(policy, `default_verdict: allow\nmcp_trust:\n  snapshot: ${snap}\n  action: require_approval\n`);
    expect(verifyServerTrust({ policyPath: policy, serverPath: server }).exitCode).toBe(4);
    writeFileSync(policy, 'default_verdict: allow\n');
    expect(verifyServerTrust({ policyPath: policy, serverPath: server })).toEqual({ exitCode: 0, output: { ok: true, server_name: 'unknown-server', verdict: 'allow' } });
    writeFileSync(server, '{}');
    expect(() => verifyServerTrust({ policyPath: policy, serverPath: server })).toThrow('server description requires server_id or server_name');
  });
});
