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

/** The test upstream plus a `wait` tool (answers after `ms`), writing its pid to $PID_FILE. */
export const waitServer = join(dirname(fixtureServer), 'upstream-wait-server.mjs');

/** Resolves once `condition` holds, looking every 20 ms (the test's own timeout bounds the wait). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * The JSON-RPC side of a client written by hand over a stream pair: `send` writes one message as
 * a line, `answers` collects every message read back, and `answer(id)` waits for the one with that id.
 */
export function lineClient(input: NodeJS.WritableStream, output: NodeJS.ReadableStream) {
  const answers: Record<string, unknown>[] = [];
  let rest = '';
  output.on('data', (chunk: Buffer | string) => {
    rest += chunk.toString();
    let end: number;
    while ((end = rest.indexOf('\n')) !== -1) {
      answers.push(JSON.parse(rest.slice(0, end)) as Record<string, unknown>);
      rest = rest.slice(end + 1);
    }
  });
  const find = (id: number | string) => answers.find((a) => a.id === id && !('method' in a));
  return {
    answers,
    send: (message: Record<string, unknown>) => input.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`),
    call: (id: number, name: string, args: Record<string, unknown>) =>
      input.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } })}\n`),
    find,
    answer: async (id: number | string) => {
      await until(() => find(id) !== undefined);
      return find(id)!;
    },
  };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
