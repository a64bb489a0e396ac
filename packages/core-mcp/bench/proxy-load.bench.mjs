// Load test of the forwarding proxy on loopback, over Streamable HTTP and over stdio. The upstream
// and the proxies run as child processes; the same MCP client code calls a tool directly and
// through the proxy (sync and async trace modes). Every caller takes the targets in turn, call
// after call, so they share whatever else the machine is doing at that moment and the added
// latency (proxy minus direct, same run, same moments) is not an artefact of a busy neighbour.
// Each caller takes the routes one call each per round, in a seeded shuffled order (the same on
// every run). In a fixed rotation each route always runs right after the same other route and
// finds the processes they share (the upstream) warm or cold alike: on the 2-core VM the TCP
// relay added 0.05 ms right after the direct route, 0.4 ms in shuffled order. Call by call, each
// call reaches a proxy that has been idle meanwhile, as an agent's calls do (there is model time
// between them). BENCH_BLOCK=n sends n calls in a row per route instead (first two of each block
// left out): back-to-back load, where on a 2-core VM the proxy's background work (trace signing,
// fsync) competes with its own next call for the CPU.
// A bare relay process in front of the upstream (TCP over HTTP, pipes over stdio) runs in every
// rotation too: what any proxy running as its own process adds at that moment. When the relay alone
// adds the target or more, the machine is saturated and the verdict line says so.
// Each route is warmed up first (a long-running proxy is measured in its steady state).
// Prints throughput, p50/p99 latency, the proxy's added p50/p99, errors (must be 0), the load
// average, and (on Linux) the CPU time each process behind a route spent per call, which a busy
// machine disturbs much less than latency. Then it sends malformed JSON-RPC, an oversized body and an unknown method to the HTTP
// proxy and checks it answers with protocol errors and keeps serving.
// Each trace mode runs in its own rotation with the direct route (see below).
// Env: BENCH_CLIENTS (default 8), BENCH_SECONDS per measurement (default 5, at most 30),
// BENCH_WARMUP calls per route before each measurement (default 1000), BENCH_BLOCK calls in a
// row per route (default 1: call by call).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const here = dirname(fileURLToPath(import.meta.url));
const upstreamScript = join(here, '..', 'test', 'fixtures', 'upstream-server.mjs');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 5), 30);
/** Warm-up calls per route before each measurement, spread over its connections. */
const WARM_UP_CALLS = Number(process.env.BENCH_WARMUP ?? 1000);
const MAX_CALLS_PER_CALLER = 200_000;
const BLOCK = Math.max(1, Number(process.env.BENCH_BLOCK ?? 1));
/** Calls at the start of each block left out of the statistics (the switch from another route). */
const BLOCK_SKIP = BLOCK > 1 ? Math.min(2, BLOCK - 1) : 0;
const TARGET_P50_MS = 1;
/** The floor routes: a bare relay process in front of the upstream, what any proxy running as its own process adds. */
const FLOORS = { http: 'tcp relay', stdio: 'pipe relay' };
const isFloor = (name) => Object.values(FLOORS).includes(name);

const work = mkdtempSync(join(tmpdir(), 'gait-mcp-bench-'));
const policy = join(work, 'policy.yaml');
writeFileSync(policy, 'default_verdict: block\nrules:\n  - name: allow-echo\n    effect: allow\n    match:\n      tool_names: [echo]\n');
const children = [];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function startChild(script, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ child, url: d.toString().trim() }));
  });
}

/** User + system CPU milliseconds of a process (all its threads) so far, from /proc; NaN elsewhere. */
function cpuMs(pid) {
  const stat = `/proc/${pid}/stat`;
  if (!pid || !existsSync(stat)) return NaN;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (USER_HZ 100)
}

/** The one client code both routes use: an SDK `Client` over the route's transport. */
async function connect(route) {
  const client = new Client({ name: 'bench', version: '1' });
  const transport =
    route.kind === 'http'
      ? new StreamableHTTPClientTransport(new URL(route.url))
      : new StdioClientTransport({ command: process.execPath, args: route.args, stderr: 'inherit' });
  await client.connect(transport);
  client.pid = route.kind === 'http' ? route.pid : transport.pid;
  return client;
}

/** A small deterministic generator (mulberry32): the same shuffles on every run. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates, in place. */
function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

/**
 * `callers` concurrent callers for SECONDS; each takes every route for a block of calls per round,
 * in a shuffled order. Over HTTP every caller has its own session per route; over stdio the callers share one
 * connection per route (a stdio server has exactly one client), so they are concurrent requests
 * in flight on it.
 */
async function measure(transport, routes, callers) {
  const sessions = transport === 'http' ? callers : 1;
  const conns = await Promise.all(Array.from({ length: sessions }, () => Promise.all(routes.map(connect))));
  const warmUps = Math.ceil(WARM_UP_CALLS / sessions);
  for (const set of conns) for (const c of set) for (let i = 0; i < warmUps; i++) await c.callTool({ name: 'echo', arguments: { text: 'warm' } });
  const stats = routes.map(() => ({ latencies: [], errors: 0, calls: 0 }));
  const cpuOf = (r) => [...new Set(conns.map((set) => set[r].pid))].reduce((sum, pid) => sum + cpuMs(pid), 0);
  const cpuBefore = routes.map((_, r) => cpuOf(r));
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      const set = conns[caller % sessions];
      const random = seededRandom(caller + 1);
      const order = routes.map((_, r) => r);
      for (let i = 0; i < MAX_CALLS_PER_CALLER && performance.now() < deadline; i += BLOCK) {
        shuffle(order, random);
        for (const r of order) for (let b = 0; b < BLOCK; b++) {
          const text = `m${i + b}`;
          const t0 = performance.now();
          try {
            const res = await set[r].callTool({ name: 'echo', arguments: { text } });
            if (res.isError || res.content?.[0]?.text !== `echo:${text}`) stats[r].errors++;
          } catch {
            stats[r].errors++;
          }
          stats[r].calls++;
          if (b >= BLOCK_SKIP) stats[r].latencies.push(performance.now() - t0);
        }
      }
    }),
  );
  const cpuAfter = routes.map((_, r) => cpuOf(r));
  await Promise.all(conns.flat().map((c) => c.close()));
  const results = routes.map((route, r) => {
    const lat = stats[r].latencies.sort((a, b) => a - b);
    const busy = lat.reduce((s, x) => s + x, 0) / 1000;
    // Closed loop: callers / mean latency (Little's law) is the rate this route alone would sustain.
    // Over HTTP the upstream behind `direct` also serves every call the proxies forward.
    const served = transport === 'http' && route.name === 'direct' ? stats.reduce((n, st) => n + st.calls, 0) : stats[r].calls;
    const cpu = (cpuAfter[r] - cpuBefore[r]) / served;
    return { name: route.name, transport, callers, calls: lat.length, throughput: (callers * lat.length) / busy, p50: pct(lat, 50), p99: pct(lat, 99), errors: stats[r].errors, cpu };
  });
  for (const r of results) {
    console.log(
      `${transport.padEnd(5)} ${r.name.padEnd(20)} callers=${String(callers).padStart(2)} calls=${String(r.calls).padStart(6)} throughput=${r.throughput.toFixed(0).padStart(5)}/s p50=${r.p50.toFixed(3)}ms p99=${r.p99.toFixed(3)}ms errors=${r.errors} server-cpu/call=${r.cpu.toFixed(2)}ms`,
    );
  }
  const direct = results.find((r) => r.name === 'direct');
  const floor = results.find((r) => isFloor(r.name));
  for (const via of results.filter((r) => r !== direct)) {
    const added = via.p50 - direct.p50;
    const judged = isFloor(via.name) ? ' (the floor for any out-of-process proxy)' : ` over the ${floor.name}: p50=${(via.p50 - floor.p50).toFixed(3)}ms; ${verdict(added, floor.p50 - direct.p50, floor.name)}`;
    console.log(`  added by ${via.name}: p50=${added.toFixed(3)}ms p99=${(via.p99 - direct.p99).toFixed(3)}ms throughput ratio=${(via.throughput / direct.throughput).toFixed(2)}${judged}`);
  }
  console.log(`  load average: ${load()}`);
  return results;
}

/**
 * The target's verdict on a proxy's added p50. When the bare relay measured in the same rotation
 * already adds as much as the target, the machine is saturated at this load: the miss says what
 * the machine can do, not what the proxy adds, and the verdict says so.
 */
function verdict(added, floorAdded, floorName) {
  if (added < TARGET_P50_MS) return `target p50<${TARGET_P50_MS}ms met`;
  if (floorAdded >= TARGET_P50_MS) return `target p50<${TARGET_P50_MS}ms NOT met; the ${floorName} alone adds ${floorAdded.toFixed(3)}ms at this load (saturated: no out-of-process proxy meets the target here)`;
  return `target p50<${TARGET_P50_MS}ms NOT met`;
}

async function abuse(url) {
  const post = (body, headers = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body }).then(async (res) => ({
      status: res.status,
      body: await res.text(),
    }));
  const malformed = await post('{"jsonrpc":"2.0","id":1,');
  const oversized = await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { pad: 'x'.repeat(100_000) } }));
  const client = await connect({ kind: 'http', url });
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

const SUMMARY_HEADER = 'summary: added p50 over direct (target < 1 ms), in each rotation';

/** One line per proxied route and caller count, from the rotations' results in order. */
function summarize(results) {
  const lines = [];
  let direct;
  let floor;
  for (const r of results) {
    if (r.name === 'direct') {
      direct = r;
      floor = results.find((f) => isFloor(f.name) && f.transport === r.transport && f.callers === r.callers && results.indexOf(f) > results.indexOf(r));
      continue;
    }
    const added = r.p50 - direct.p50;
    const judged = isFloor(r.name) ? '(floor)' : verdict(added, floor.p50 - direct.p50, floor.name);
    lines.push(`  ${r.transport.padEnd(5)} ${r.name.padEnd(20)} callers=${String(r.callers).padStart(2)} added p50=${added.toFixed(3)}ms ${judged}`);
  }
  return lines;
}

let failed = false;
try {
  console.log(`gait mcp proxy load test: ${SECONDS}s per measurement, loopback only, load average at start: ${load()}`);
  await gateCost();
  const upstream = await startChild('upstream-http.mjs');
  const sync = await startChild('proxy-http.mjs', [policy, join(work, 'http-sync'), upstream.url, 'sync']);
  const async_ = await startChild('proxy-http.mjs', [policy, join(work, 'http-async'), upstream.url, 'async']);
  const relay = await startChild('tcp-relay.mjs', [upstream.url]);
  const httpRoutes = [
    { name: 'direct', kind: 'http', url: upstream.url, pid: upstream.child.pid },
    { name: FLOORS.http, kind: 'http', url: relay.url, pid: relay.child.pid },
    { name: 'proxy (sync traces)', kind: 'http', url: sync.url, pid: sync.child.pid },
    { name: 'proxy (async traces)', kind: 'http', url: async_.url, pid: async_.child.pid },
  ];
  const stdioProxy = (mode) => [join(here, 'proxy-stdio.mjs'), policy, join(work, `stdio-${mode}`), mode, '--', process.execPath, upstreamScript];
  const stdioRoutes = [
    { name: 'direct', kind: 'stdio', args: [upstreamScript] },
    { name: FLOORS.stdio, kind: 'stdio', args: [join(here, 'stdio-relay.mjs'), process.execPath, upstreamScript] },
    { name: 'proxy (sync traces)', kind: 'stdio', args: stdioProxy('sync') },
    { name: 'proxy (async traces)', kind: 'stdio', args: stdioProxy('async') },
  ];
  // Each trace mode is measured in its own rotation with the direct route: a sync proxy's fsync
  // leaves the disk busy (journal commit, writeback) for whichever route runs next, and a
  // deployment runs one mode, not both side by side.
  const inRotation = (routes, mode) => routes.filter((r) => !r.name.startsWith('proxy') || r.name.includes(`(${mode} traces)`));
  const results = [];
  for (const clients of [1, CLIENTS]) {
    for (const mode of ['async', 'sync']) {
      results.push(...(await measure('http', inRotation(httpRoutes, mode), clients)));
      results.push(...(await measure('stdio', inRotation(stdioRoutes, mode), clients)));
    }
  }
  const errors = results.reduce((n, r) => n + r.errors, 0);
  console.log(SUMMARY_HEADER);
  for (const line of summarize(results)) console.log(line);
  const proxiedCalls = results.filter((r) => r.name.startsWith('proxy')).reduce((n, r) => n + r.calls, 0);
  const traces = ['http-sync', 'http-async', 'stdio-sync', 'stdio-async'].reduce((n, d) => n + readdirSync(join(work, d)).length, 0);
  console.log(`errors total=${errors}`);
  // Warm-up calls are traced too, so there are at least as many traces as measured proxied calls.
  console.log(`traces written=${traces} proxied calls measured=${proxiedCalls} ${traces >= proxiedCalls ? 'OK' : 'MISSING TRACES'}`);
  failed = errors > 0 || traces < proxiedCalls || !(await abuse(sync.url));
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
