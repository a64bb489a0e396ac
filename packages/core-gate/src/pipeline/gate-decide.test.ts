import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodePrivateKey, encodePublicKey, generateKeyPair } from '@gait/core-sign';
import { goJsonIndent } from '../go/json-encode.js';
import { compilePolicy } from '../evaluate/compile.js';
import { GoTime, parseGoDuration } from '../go/time.js';
import { parsePolicyYaml } from '../policy/normalize.js';
import { approvalTokenJson, mintApprovalToken } from '../tokens/approval.js';
import { verifyTraceRecord } from '../trace/verify.js';
import { type GateArtifactKind, decideGate, prepareGateIntent } from './gate-decide.js';
import { evaluateGate } from './gate-eval.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-gate-decide-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(cwd, { recursive: true, force: true });
});

const NOW = GoTime.fromDate(new Date('2026-02-05T00:10:00Z'));
const gatekey = generateKeyPair();
const approver = generateKeyPair();
const env = { GATE_KEY: encodePrivateKey(gatekey.privateKey), APPROVER_PUB: encodePublicKey(approver.publicKey) };

const intent = {
  created_at: '2026-02-05T00:00:00Z',
  tool_name: 'tool.write',
  args: { path: '/tmp/out.txt' },
  targets: [{ kind: 'path', value: '/tmp/out.txt' }],
  context: { identity: 'alice', workspace: '/tmp', risk_class: 'high' },
};

const POLICIES = {
  block: 'default_verdict: block\n',
  allow: 'default_verdict: allow\n',
  approval: 'rules:\n  - {name: approve, effect: require_approval, match: {tool_names: [tool.write]}}\n',
  limited: 'default_verdict: allow\nrules:\n  - {name: limited, effect: allow, match: {tool_names: [tool.write]}, rate_limit: {requests: 1}}\n',
};

function token(intentDigest: string, policyDigest: string): Record<string, unknown> {
  const minted = mintApprovalToken(approver, { intentDigest, policyDigest, approver: 'bob', reasonCode: 'ok', scope: ['tool:tool.write'], ttlNanos: parseGoDuration('1h')!, now: NOW });
  return approvalTokenJson(minted);
}

/** `gait gate eval` on files, with its wall clock and timer pinned so traces compare byte for byte. */
async function viaFiles(policy: string, tokenFiles: string[] = []) {
  writeFileSync(join(cwd, 'policy.yaml'), policy);
  writeFileSync(join(cwd, 'intent.json'), JSON.stringify(intent));
  vi.spyOn(GoTime, 'now').mockReturnValue(NOW);
  vi.spyOn(process.hrtime, 'bigint').mockReturnValue(1n);
  try {
    return await evaluateGate({
      policyPath: 'policy.yaml',
      intentPath: 'intent.json',
      keyMode: 'prod',
      privateKeyEnv: 'GATE_KEY',
      approvalKey: { publicKeyEnv: 'APPROVER_PUB' },
      approvalTokenPaths: tokenFiles,
      rateLimitStatePath: 'limits-files.json',
      now: NOW,
      cwd,
      env,
    });
  } finally {
    vi.restoreAllMocks();
  }
}

describe('decideGate', () => {
  it('gives evaluateGate’s output and trace from values alone', async () => {
    for (const [name, yaml] of Object.entries(POLICIES)) {
      const compiled = compilePolicy(parsePolicyYaml(yaml));
      const written = new Map<GateArtifactKind, string>();
      const values = await decideGate({
        policy: compiled,
        intent,
        signingKey: gatekey,
        approvalPublicKey: approver.publicKey,
        prepared: prepareGateIntent(compiled, intent, { stopwatch: () => () => 0 }),
        rateLimitStatePath: join(cwd, 'limits-values.json'),
        now: NOW,
        observedAt: NOW,
        sink: async (kind, defaultName, record) => {
          written.set(kind, goJsonIndent(record));
          return defaultName;
        },
      });
      const files = await viaFiles(yaml);
      expect(values.output, name).toEqual(files.output);
      expect(values.exitCode, name).toBe(files.exitCode);
      expect(written.get('trace'), name).toBe(readFileSync(join(cwd, String(files.output.trace_path)), 'utf8'));
      expect(verifyTraceRecord(values.trace, gatekey.publicKey).ok, name).toBe(true);
    }
  });

  it('builds, signs and hands over no trace when buildTrace is false, with the same decision', async () => {
    const compiled = compilePolicy(parsePolicyYaml(POLICIES.approval));
    const kinds: GateArtifactKind[] = [];
    const sink = async (kind: GateArtifactKind, defaultName: string) => {
      kinds.push(kind);
      return defaultName;
    };
    const base = { policy: compiled, intent, signingKey: gatekey, approvalPublicKey: approver.publicKey, now: NOW, sink };
    const traced = await decideGate(base);
    const untraced = await decideGate({ ...base, buildTrace: false });
    expect(untraced.trace).toBeUndefined();
    expect(traced.trace).toBeDefined();
    expect(kinds.filter((k) => k === 'trace')).toHaveLength(1);
    const { trace_path: tracedPath, ...tracedRest } = traced.output;
    expect(tracedPath).toBeDefined();
    expect(untraced.output.trace_path).toBeUndefined();
    expect(untraced.output).toEqual(tracedRest);
    expect(untraced.exitCode).toBe(traced.exitCode);
  });

  it('hands a deferred trace over unsigned-yet: same name, same bytes, whatever the caller does meanwhile', async () => {
    const violating = 'rules:\n  - {name: deny, effect: block, match: {tool_names: [tool.write]}, violations: [write_denied]}\n';
    for (const [name, yaml] of Object.entries({ ...POLICIES, violating })) {
      const compiled = compilePolicy(parsePolicyYaml(yaml));
      const written = new Map<GateArtifactKind, string>();
      const base = {
        policy: compiled,
        intent,
        signingKey: gatekey,
        approvalPublicKey: approver.publicKey,
        prepared: prepareGateIntent(compiled, intent, { stopwatch: () => () => 0 }),
        now: NOW,
        observedAt: NOW,
        sink: async (kind: GateArtifactKind, defaultName: string, record: Record<string, unknown>) => {
          written.set(kind, goJsonIndent(record));
          return defaultName;
        },
      };
      const inline = await decideGate({ ...base, rateLimitStatePath: join(cwd, 'limits-inline.json') });
      const deferred: { name: string; build: () => Record<string, unknown> }[] = [];
      const later = await decideGate({
        ...base,
        rateLimitStatePath: join(cwd, 'limits-deferred.json'),
        deferTrace: (defaultName, build) => {
          deferred.push({ name: defaultName, build });
          return defaultName;
        },
      });
      expect(later.trace, name).toBeUndefined();
      expect(deferred, name).toHaveLength(1);
      expect(later.output, name).toEqual(inline.output);
      expect(deferred[0]!.name, name).toBe(inline.output.trace_path);
      // The output's lists are the caller's to change; the deferred trace does not see it.
      (later.output.reason_codes as string[] | undefined)?.push('changed_later');
      (later.output.violations as string[] | undefined)?.push('changed_later');
      const trace = goJsonIndent(deferred[0]!.build());
      expect(trace, name).toBe(written.get('trace'));
      if (name === 'violating') expect(trace).toContain('write_denied');
    }
  });

  it('takes approval tokens as values and reports no paths without a sink', async () => {
    const compiled = compilePolicy(parsePolicyYaml(POLICIES.approval));
    const base = { policy: compiled, intent, signingKey: gatekey, approvalPublicKey: approver.publicKey, now: NOW };
    const pending = await decideGate(base);
    expect(pending.exitCode).toBe(4);
    expect(pending.output.trace_path).toBeUndefined();
    expect(pending.output.approval_audit_path).toBeUndefined();
    const granted = await decideGate({ ...base, approvalTokens: [token(String(pending.output.intent_digest), compiled.policyDigest)] });
    expect(granted.output).toMatchObject({ verdict: 'allow', valid_approvals: 1, reason_codes: ['approval_granted', 'matched_rule_approve'] });

    writeFileSync(join(cwd, 'token.json'), JSON.stringify(token(String(pending.output.intent_digest), compiled.policyDigest)));
    const files = await viaFiles(POLICIES.approval, ['token.json']);
    expect(files.output.verdict).toBe('allow');
    expect(files.output.approval_ref).toBe(granted.output.approval_ref);
  });

  it('reads lazy tokens and keys only when a step needs them', async () => {
    const compiled = compilePolicy(parsePolicyYaml(POLICIES.allow));
    const unused = vi.fn(() => {
      throw new Error('should not be read');
    });
    const result = await decideGate({ policy: compiled, intent, signingKey: gatekey, approvalTokens: unused, approvalPublicKey: unused, now: NOW });
    expect(result.output.verdict).toBe('allow');
    expect(unused).not.toHaveBeenCalled();
  });

  it('refuses oss-prod approval checks without an explicit verify key', async () => {
    const compiled = compilePolicy(parsePolicyYaml(POLICIES.approval));
    await expect(decideGate({ policy: compiled, intent, signingKey: gatekey, profile: 'oss-prod', now: NOW })).rejects.toThrow(/explicit approval verify key/);
  });
});
