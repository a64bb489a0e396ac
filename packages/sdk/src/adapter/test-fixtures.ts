/**
 * Shared by the adapter tests (not part of any entry point): one policy with an allowed, a blocked
 * and an approval-gated tool, a gate with a fixed key and clock writing into a temp folder, and the
 * checks the tests make on what the gate left on disk.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintApproval } from '../approvals.js';
import { type Gate, createGate } from '../gate.js';
import { expectSignedTrace, fixedClock, testKeyPair } from '../testing/index.js';
import type { GateDecision } from '../types.js';

export const ADAPTER_POLICY = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: block
rules:
  - name: allow-read
    priority: 10
    effect: allow
    match:
      tool_names: [read_file]
    reason_codes: [read_allowed]
  - name: block-delete
    priority: 5
    effect: block
    match:
      tool_names: [delete_file]
    reason_codes: [destructive_tool_blocked]
    violations: [destructive_operation]
  - name: approve-write
    priority: 20
    effect: require_approval
    match:
      tool_names: [write_file]
    reason_codes: [write_needs_approval]
`;

export const FIXED_TIME = '2026-02-06T10:00:00Z';
const signingKey = testKeyPair('adapters');
const approverKey = testKeyPair('adapters-approver');

export interface AdapterFixture {
  gate: Gate;
  outDir: string;
  decisions: GateDecision[];
}

export function adapterGate(prefix: string): AdapterFixture {
  const outDir = mkdtempSync(join(tmpdir(), `gait-${prefix}-`));
  const gate = createGate({
    policy: ADAPTER_POLICY,
    keys: { privateKey: signingKey, approvalPublicKey: approverKey.publicKey },
    outDir,
    clock: fixedClock(FIXED_TIME),
  });
  const decisions: GateDecision[] = [];
  const recording: Gate = { ...gate, evaluate: async (intent, options) => {
    const decision = await gate.evaluate(intent, options);
    decisions.push(decision);
    return decision;
  } };
  return { gate: recording, outDir, decisions };
}

/** The token `gait approve` would mint for this decision. */
export function approvalFor(decision: GateDecision): Record<string, unknown> {
  return mintApproval(approverKey, decision, { approver: 'alice@example.com', reasonCode: 'change_ticket_42', ttlMs: 3_600_000, now: new Date(FIXED_TIME) });
}

/** The decision's trace exists and its signature verifies with the gate's key (throws otherwise). */
export function signedTraceOf(decision: GateDecision): { ok: boolean; verdict: string } {
  const trace = expectSignedTrace(decision.tracePath ?? '', signingKey.publicKey);
  return { ok: true, verdict: trace.verdict };
}

export function decisionFor(decisions: GateDecision[], toolName: string): GateDecision[] {
  return decisions.filter((d) => d.toolName === toolName);
}
