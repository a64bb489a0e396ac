/** Shared pieces of the proxy tests: policies, folders, and reading the traces a run wrote. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyTraceRecord } from '@gait/core-gate';

export const fixtureServer = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'upstream-server.mjs');

/** echo allowed, deploy needs approval, everything else blocked by default. */
export const POLICY = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: block
rules:
  - name: allow-echo
    effect: allow
    match:
      tool_names: [echo]
  - name: approve-deploy
    effect: require_approval
    match:
      tool_names: [deploy]
`;

export function scratch(policy = POLICY): { dir: string; policyPath: string; callLog: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gait-mcp-'));
  const policyPath = join(dir, 'policy.yaml');
  writeFileSync(policyPath, policy);
  const callLog = join(dir, 'calls.log');
  writeFileSync(callLog, '');
  return { dir, policyPath, callLog };
}

export function upstreamCalls(callLog: string): string[] {
  return readFileSync(callLog, 'utf8').split('\n').filter((l) => l !== '');
}

export function readTraces(dir: string): Record<string, unknown>[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('trace_') && f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>);
}

export function allVerify(traces: Record<string, unknown>[], publicKey: Uint8Array): boolean {
  return traces.every((t) => verifyTraceRecord(t, publicKey).ok);
}
