// Load test of the forwarding proxy on loopback. The upstream and the proxy run as child processes;
// N concurrent MCP clients call a tool for a bounded time, first directly, then through the proxy
// (sync and async trace modes). Prints throughput, p50/p99 latency, the proxy's added latency over
// the direct call measured in the same run, and errors (must be 0). Then it sends malformed
// JSON-RPC, an oversized body and an unknown method, and checks the proxy answers with protocol
// errors and keeps serving. Env: BENCH_CLIENTS (default 8), BENCH_SECONDS per phase (default 4).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 4), 30);
const MAX_CALLS_PER_CLIENT = 200_000;

const work = mkdtempSync(join(tmpdir(), 'gait-mcp-bench-'));
const policy = join(work, 'policy.yaml');
writeFileSync(policy, 'default_verdict: block\nrules:\n  - name: allow-echo\n    effect: allow\n    match:\n      tool_names: [echo]\n');
const children = [];

function startChild(script, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ child, url: d.toString().trim() }));
  });
}

async function connect(url) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

async function phase(name, url, clients, tool = 'echo') {
  const conns = await Promise.all(Array.from({ length: clients }, () => connect(url)));
  // Warm up each connection (JIT, session caches) before measuring.
  for (const c of conns) for (let i = 0; i < 20; i++) await c.callTool({ name: tool, arguments: { text: 'warm' } });
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    conns.map(async (c) => {
      for (let i = 0; i < MAX_CALLS_PER_CLIENT && performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          const r = await c.callTool({ name: tool, arguments: { text: `m${i}` } });
          if (r.isError) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(conns.map((c) => c.close()));
  latencies.sort((a, b) => a - b);
  const r = { name, clients, calls: latencies.length, throughput: latencies.length / elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99), errors };
  console.log(
    `${name.padEnd(22)} clients=${String(clients).padStart(2)} calls=${String(r.calls).padStart(6)} throughput=${r.throughput.toFixed(0).padStart(5)}/s p50=${r.p50.toFixed(3)}ms p99=${r.p99.toFixed(3)}ms errors=${errors}`,
  );
  return r;
}

async function abuse(url) {
  const post = (body, headers = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body }).then(async (res) => ({
      status: res.status,
      body: await res.text(),
    }));
  const malformed = await post('{"jsonrpc":"2.0","id":1,');
  const oversized = await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { pad: 'x'.repeat(100_000) } }));
  const client = await connect(url);
  let unknown = 'no error';
  try {
    await client.request({ method: 'gait/no-such-method', params: {} }, (await import('zod')).z.object({}).passthrough());
  } catch (error) {
    unknown = String(error.message);
  }
  const still = await client.callTool({ name: 'echo', arguments: { text: 'after-abuse' } });
  await client.close();
  const ok = malformed.status === 400 && oversized.status === 413 && /Method not found/.test(unknown) && still.content?.[0]?.text === 'echo:after-abuse';
  console.log(`abuse: malformed=${malformed.status} oversized=${oversized.status} unknown_method="${unknown}" still_serving=${still.content?.[0]?.text === 'echo:after-abuse'} ${ok ? 'OK' : 'FAILED'}`);
  return ok;
}

/** The gate's own CPU cost per call (decode, intent, evaluate, sign), without I/O or transport. */
async function gateCost() {
  const { decodeToolCall, evaluateCall, parseMcpPolicy } = await import('../dist/index.js');
  const { generateKeyPair } = await import('@gait/core-sign');
  const policyParsed = parseMcpPolicy('default_verdict: block\nrules:\n  - name: allow-echo\n    effect: allow\n    match:\n      tool_names: [echo]\n');
  const keyPair = generateKeyPair();
  const times = [];
  for (let i = 0; i < 3000; i++) {
    const t0 = performance.now();
    evaluateCall(decodeToolCall('mcp', { name: 'echo', args: { text: `m${i}` } }), { policy: policyParsed, keyPair });
    if (i >= 500) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`gate decision in-process (decode+evaluate+sign): p50=${pct(times, 50).toFixed(3)}ms p99=${pct(times, 99).toFixed(3)}ms`);
}

let failed = false;
try {
  await gateCost();
  const upstream = await startChild('upstream-http.mjs');
  const sync = await startChild('proxy-http.mjs', [policy, join(work, 'traces-sync'), upstream.url, 'sync']);
  const async_ = await startChild('proxy-http.mjs', [policy, join(work, 'traces-async'), upstream.url, 'async']);
  console.log(`gait mcp proxy load test: ${SECONDS}s per phase, loopback only`);
  const results = [];
  for (const clients of [1, CLIENTS]) {
    const direct = await phase('direct', upstream.url, clients);
    const viaSync = await phase('proxy (sync traces)', sync.url, clients);
    const viaAsync = await phase('proxy (async traces)', async_.url, clients);
    for (const via of [viaSync, viaAsync]) {
      console.log(
        `  added by ${via.name}: p50=${(via.p50 - direct.p50).toFixed(3)}ms p99=${(via.p99 - direct.p99).toFixed(3)}ms throughput ratio=${(via.throughput / direct.throughput).toFixed(2)}`,
      );
    }
    results.push(direct, viaSync, viaAsync);
  }
  const errors = results.reduce((n, r) => n + r.errors, 0);
  console.log(`errors total=${errors}`);
  const traces = readdirSync(join(work, 'traces-sync')).length;
  console.log(`traces written (sync proxy)=${traces}`);
  failed = errors > 0 || !(await abuse(sync.url));
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
