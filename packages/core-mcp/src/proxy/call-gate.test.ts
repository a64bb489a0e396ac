import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { goJsonIndent, signTrace, traceSealModule, verifyTraceRecord } from '@gait/core-gate';
import { encodePrivateKey, generateKeyPair } from '@gait/core-sign';
import { scratch } from '../../test/support.js';
import { evaluateCall } from '../decide/evaluate-call.js';
import { normalizeRunId } from '../decide/names.js';
import { loadMcpPolicy } from '../decide/policy-source.js';
import { bareCall } from '../tool-call/call.js';
import { CallGate } from './call-gate.js';
import { DEFAULT_META_TOOLS, unwrapMetaTools } from './meta-tools.js';

/** Members of a trace that depend on when or by whom it was sealed. */
const SEAL_DEPENDENT = ['observed_at', 'event_id', 'latency_ms', 'signature'];
const sealFree = (trace: Record<string, unknown>) => Object.fromEntries(Object.entries(trace).filter(([k]) => !SEAL_DEPENDENT.includes(k)));

describe('unwrapMetaTools', () => {
  it('passes a direct call through as is, and unwraps meta-tools layer by layer', () => {
    const args = { text: 'x' };
    const direct = unwrapMetaTools('echo', args, DEFAULT_META_TOOLS);
    expect(direct).toEqual({ name: 'echo', args, via: [], unresolved: false });
    expect(direct.args).toBe(args);
    const nested = unwrapMetaTools('call_tool', { name: 'run_tool', arguments: { tool: ' deploy ', args: { env: 'prod' } } }, DEFAULT_META_TOOLS);
    expect(nested).toEqual({ name: 'deploy', args: { env: 'prod' }, via: ['call_tool', 'run_tool'], unresolved: false });
    expect(unwrapMetaTools('call_tool', { arguments: {} }, DEFAULT_META_TOOLS)).toEqual({ name: 'call_tool', args: { arguments: {} }, via: [], unresolved: true });
  });
});

describe('CallGate.check', () => {
  const gates: CallGate[] = [];
  afterEach(async () => {
    await Promise.all(gates.splice(0).map((g) => g.close()));
  });

  it('decides as evaluateCall does, and seals the same trace once the answer is out (async mode)', async () => {
    const work = scratch();
    const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces', traceMode: 'async' });
    gates.push(gate);
    let answered!: () => void;
    const traceAfter = new Promise<void>((resolve) => (answered = resolve));
    const check = await gate.check({ name: 'echo', args: { text: ' hi ' }, sessionId: 's1', traceAfter });

    const reference = evaluateCall(bareCall('echo', { text: ' hi ' }, { context: { session_id: 's1' } }), {
      policy: loadMcpPolicy(work.policyPath, work.dir),
      keyPair: generateKeyPair(),
      cwd: work.dir,
    });
    const { trace: referenceTrace, latencyMs: _l1, ...referenceDecision } = reference;
    const { latencyMs: _l2, ...decision } = check.decision;
    expect(decision).toEqual(referenceDecision);
    expect(check.decision.verdict).toBe('allow');

    const runId = normalizeRunId(`mcp_${check.decision.intent.intent_digest.slice(0, 12)}`);
    expect(check.tracePath).toMatch(new RegExp(`^traces/trace_${runId}_\\d{8}T\\d{6}\\.\\d{9}\\.json$`));
    const file = join(work.dir, check.tracePath);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(file)).toBe(false);

    answered();
    await check.written;
    const trace = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(verifyTraceRecord(trace, gate.publicKey)).toMatchObject({ ok: true, trace_id: check.decision.traceId, verdict: 'allow' });
    expect(sealFree(trace)).toEqual(sealFree(referenceTrace));
  });

  it.each(['async', 'sync'] as const)('signs traces on the writer thread, byte for byte as on the calling thread (%s mode)', async (traceMode) => {
    // The built core-gate carries the sealing module, so these gates seal off the calling thread.
    expect(traceSealModule()).toMatch(/trace-seal-transform\.cjs$/);
    const work = scratch();
    const keyPair = generateKeyPair();
    const keyPath = join(work.dir, 'signing.key');
    writeFileSync(keyPath, encodePrivateKey(keyPair.privateKey));
    const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces', traceMode, keyMode: 'prod', privateKeyPath: keyPath });
    gates.push(gate);
    const checks = await Promise.all(['hi', 'é<&>\u2028𝄞'].flatMap((text) => [gate.check({ name: 'echo', args: { text } }), gate.check({ name: 'delete_file', args: { path: `/tmp/${text}` } })]));
    await gate.flush();
    for (const check of checks) {
      const text = readFileSync(join(work.dir, check.tracePath), 'utf8');
      const { signature: _signature, ...unsigned } = JSON.parse(text) as Record<string, unknown>;
      expect(text).toBe(goJsonIndent(signTrace(keyPair, unsigned)));
      expect(verifyTraceRecord(JSON.parse(text), keyPair.publicKey)).toMatchObject({ ok: true, verdict: check.decision.verdict });
    }
  });

  it('writes the trace before answering in sync mode, and judges the unwrapped target', async () => {
    const work = scratch();
    const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces' });
    gates.push(gate);
    const check = await gate.check({ name: 'call_tool', args: { name: 'delete_file', arguments: { path: 'x' } } });
    expect([check.target, check.via, check.decision.verdict]).toEqual(['delete_file', ['call_tool'], 'block']);
    const trace = JSON.parse(readFileSync(join(work.dir, check.tracePath), 'utf8')) as Record<string, unknown>;
    expect(verifyTraceRecord(trace, gate.publicKey).ok).toBe(true);
    expect(trace).toMatchObject({ tool_name: 'delete_file', verdict: 'block', intent_digest: check.decision.intent.intent_digest });
  });

  it('decides a call of a known shape as a first call would, and traces each with its own args', async () => {
    const work = scratch();
    const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces', traceMode: 'async' });
    gates.push(gate);
    const policy = loadMcpPolicy(work.policyPath, work.dir);
    const keyPair = generateKeyPair();
    for (const [name, args] of [
      ['echo', { text: 'one' }],
      ['echo', { text: 'two' }],
      ['deploy', { env: 'prod' }],
      ['deploy', { env: 'dev' }],
    ] as const) {
      const check = await gate.check({ name, args, sessionId: 's1', traceAfter: Promise.resolve() });
      const reference = evaluateCall(bareCall(name, args, { context: { session_id: 's1' } }), { policy, keyPair, cwd: work.dir });
      expect(check.decision.verdict).toBe(reference.verdict);
      expect(check.decision.intent).toEqual(reference.intent);
      expect(check.decision.traceId).toBe(reference.traceId);
      await check.written;
      const trace = JSON.parse(readFileSync(join(work.dir, check.tracePath), 'utf8')) as Record<string, unknown>;
      expect(verifyTraceRecord(trace, gate.publicKey).ok).toBe(true);
      expect(sealFree(trace)).toEqual(sealFree(reference.trace));
    }
  });

  it('refuses args normalization refuses, on a first call and on a call of a known shape', async () => {
    const work = scratch();
    const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces', traceMode: 'async' });
    gates.push(gate);
    for (const args of [JSON.parse('{"n":1e400}'), { ' ': 1 }, { text: 'fine' }, JSON.parse('{"n":1e400}'), { nested: { ' ': 1 } }]) {
      const judge = () => gate.judge({ name: 'echo', args, sessionId: 's1' });
      if (args.text === 'fine') expect(judge().verdict).toBe('allow');
      else expect(judge).toThrow(expect.objectContaining({ code: 'intent_invalid' }));
    }
  });
});

describe('CallGate.canEverAllow', () => {
  const gates: CallGate[] = [];
  afterEach(async () => {
    await Promise.all(gates.splice(0).map((g) => g.close()));
  });
  const gateFor = (policy: string) => {
    const work = scratch(`schema_id: gait.gate.policy\nschema_version: 1.0.0\n${policy}`);
    const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces' });
    gates.push(gate);
    return gate;
  };
  const TOOLS = ['echo', 'deploy', 'delete_file', 'other', 'call_tool'];
  const listed = (gate: CallGate) => TOOLS.filter((t) => gate.canEverAllow(t));
  /** Calls of one tool in several shapes (sessions, annotations): none may come out `allow` for a hidden tool. */
  const anyAllowed = (gate: CallGate, name: string) =>
    [undefined, { readOnlyHint: true }, { destructiveHint: true, idempotentHint: false }, { openWorldHint: true }].some((annotations, i) =>
      ['', 's1'].some((sessionId) => gate.judge({ name, args: { i }, ...(sessionId ? { sessionId } : {}), ...(annotations ? { annotations } : {}) }).verdict === 'allow'),
    );

  it('lists tools an allow rule names or a generic allow rule could reach, and meta-tools; not approval-only tools', () => {
    const gate = gateFor('default_verdict: block\nrules:\n  - name: allow-echo\n    effect: allow\n    match:\n      tool_names: [echo]\n  - name: approve-deploy\n    effect: require_approval\n    match:\n      tool_names: [deploy]\n');
    expect(listed(gate)).toEqual(['echo', 'call_tool']);
    const generic = gateFor('default_verdict: require_approval\nrules:\n  - name: low-risk\n    effect: allow\n    match:\n      risk_classes: [low]\n');
    expect(listed(generic)).toEqual(TOOLS);
  });

  it('with default allow, hides a tool only when a rule refuses every call of it', () => {
    const gate = gateFor(
      'default_verdict: allow\nrules:\n  - name: no-delete\n    effect: block\n    match:\n      tool_names: [delete_file]\n  - name: deploy-high\n    effect: block\n    match:\n      tool_names: [deploy]\n      risk_classes: [high]\n',
    );
    expect(listed(gate)).toEqual(['echo', 'deploy', 'other', 'call_tool']);
    const everything = gateFor('default_verdict: allow\nrules:\n  - name: nothing\n    effect: dry_run\n    match: {}\n');
    expect(listed(everything)).toEqual(['call_tool']);
  });

  it('hides nothing a call could still get through (checked against the gate itself)', () => {
    const policies = [
      'default_verdict: block\nrules:\n  - name: allow-echo\n    effect: allow\n    match:\n      tool_names: [echo]\n  - name: approve-deploy\n    effect: require_approval\n    match:\n      tool_names: [deploy]\n',
      'default_verdict: allow\nrules:\n  - name: no-delete\n    effect: block\n    match:\n      tool_names: [delete_file, deploy]\n    priority: 5\n  - name: echo-ro\n    effect: allow\n    match:\n      tool_names: [deploy]\n      tool_annotations:\n        readOnlyHint: true\n    priority: 1\n',
      'default_verdict: dry_run\nrules:\n  - name: all-destructive\n    effect: block\n    match:\n      tool_names: [other]\n',
    ];
    for (const policy of policies) {
      const gate = gateFor(policy);
      for (const tool of TOOLS.filter((t) => t !== 'call_tool')) {
        if (!gate.canEverAllow(tool)) expect(anyAllowed(gate, tool), `${tool} is hidden but a call was allowed under:\n${policy}`).toBe(false);
      }
    }
  });
});

describe('CallGate under an mcp_trust policy', () => {
  const gates: CallGate[] = [];
  afterEach(async () => {
    await Promise.all(gates.splice(0).map((g) => g.close()));
  });
  const gateWith = (server?: { server_id: string }, riskClass?: string) => {
    const work = scratch('default_verdict: block\nrules:\n  - name: allow-echo\n    effect: allow\n    match:\n      tool_names: [echo]\nmcp_trust:\n  snapshot: snapshot.json\n');
    const entry = { server_id: 'github', status: 'trusted', updated_at: new Date().toISOString() };
    writeFileSync(join(work.dir, 'snapshot.json'), JSON.stringify({ schema_id: 'gait.mcp.trust_snapshot', schema_version: '1.0.0', created_at: entry.updated_at, entries: [entry] }));
    const full = server ? { server_name: '', publisher: '', source: '', endpoint: '', ...server } : undefined;
    // No risk class unless asked: the proxy's calls are then of the default class, which trust must see too.
    const gate = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces', ...(riskClass ? { riskClass } : {}), ...(full ? { server: full } : {}) });
    gates.push(gate);
    return { gate, work };
  };

  it('checks every call against the snapshot, and refuses calls when no server description was given', async () => {
    const { gate: anonymous, work } = gateWith();
    expect(anonymous.warnings.join('\n')).toContain('mcp_trust');
    const check = await anonymous.check({ name: 'echo', args: {} });
    expect(check.decision.verdict).toBe('block');
    expect(check.decision.reasonCodes).toContain('mcp_trust_identifier_missing');
    // The trace says why.
    const trace = JSON.parse(readFileSync(join(work.dir, check.tracePath), 'utf8')) as { verdict: string; mcp_trust?: { status: string } };
    expect(trace).toMatchObject({ verdict: 'block', mcp_trust: { status: 'missing' } });

    const unknown = gateWith({ server_id: 'someone-else' }).gate;
    expect(unknown.judge({ name: 'echo', args: {} }).verdict).toBe('block');
    const trusted = gateWith({ server_id: 'github' }).gate;
    expect(trusted.warnings.join('\n')).not.toContain('mcp_trust');
    const allowed = await trusted.check({ name: 'echo', args: {} });
    expect(allowed.decision.verdict).toBe('allow');
    expect(allowed.decision.reasonCodes).toContain('mcp_trust_verified');
    // A risk class the policy does not require trust for is checked but not refused.
    const low = gateWith(undefined, 'low').gate;
    expect(low.judge({ name: 'echo', args: {} }).verdict).toBe('allow');
  });
});
