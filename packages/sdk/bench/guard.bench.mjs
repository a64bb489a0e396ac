// Guard overhead per call: in-process `gate.guard` with a signed trace and without, against
// spawning `gait gate eval` per call as the reference's Python SDK does. Runs on the built dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGate } from '../dist/index.js';
import { testKeyPair } from '../dist/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const cliBin = resolve(here, '../../cli/dist/bin.js');
const calls = Number(process.env.GAIT_BENCH_CALLS ?? 5000);
const spawns = Number(process.env.GAIT_BENCH_SPAWNS ?? 20);
const policy = `default_verdict: block
rules:
  - name: allow-read
    effect: allow
    match:
      tool_names: [tool.read]
`;
const context = { identity: 'bench-agent', workspace: '/tmp/bench', riskClass: 'low' };

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeCalls(fn, n) {
  for (let i = 0; i < Math.min(500, n); i += 1) await fn(i); // warm up the JIT and the file cache
  const samples = [];
  for (let i = 0; i < n; i += 1) {
    const start = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const tool = async (args) => args.path.length;
const out = (what) => mkdtempSync(join(tmpdir(), `gait-bench-${what}-`));

const bare = await timeCalls((i) => tool({ path: `/tmp/f${i % 64}` }), calls);
const unsignedGate = createGate({ policy, outDir: out('unsigned'), traces: false, context });
const unsignedGuard = unsignedGate.guard('tool.read', tool);
const unsigned = await timeCalls((i) => unsignedGuard({ path: `/tmp/f${i % 64}` }), calls);
const signedGate = createGate({ policy, keys: { privateKey: testKeyPair('bench') }, outDir: out('signed'), context });
const signedGuard = signedGate.guard('tool.read', tool);
const signed = await timeCalls((i) => signedGuard({ path: `/tmp/f${i % 64}` }), Math.min(calls, 1000));
const backgroundGate = createGate({ policy, keys: { privateKey: testKeyPair('bench') }, outDir: out('background'), context, traceWrites: 'background' });
const backgroundGuard = backgroundGate.guard('tool.read', tool);
const background = await timeCalls((i) => backgroundGuard({ path: `/tmp/f${i % 64}` }), calls);
await backgroundGate.flush();

// For context: what signing one trace costs in the engine (the floor of any signed decision).
const { buildTrace, signTrace, decodeIntent, normalizeRawIntent, GoTime } = await import('@gait/core-gate');
const normalized = normalizeRawIntent(decodeIntent({ tool_name: 'tool.read', args: { path: '/tmp/f' }, context: { identity: 'b', workspace: '/tmp', risk_class: 'low' } }));
const unsignedTrace = buildTrace({ intent: normalized, policyDigest: signedGate.policyDigest, verdict: 'allow', reasonCodes: [], violations: [], createdAt: GoTime.now(), producerVersion: '0.0.0-dev' });
const signKey = testKeyPair('bench');
const signing = await timeCalls(() => signTrace(signKey, unsignedTrace), calls);

// The reference pattern: write the intent to a file, spawn the CLI, parse its JSON.
const spawnDir = out('spawn');
writeFileSync(join(spawnDir, 'policy.yaml'), policy);
const intent = { tool_name: 'tool.read', args: { path: '/tmp/f' }, context: { identity: 'bench-agent', workspace: '/tmp/bench', risk_class: 'low' } };
let lastExit = 0;
let lastError = '';
const spawned = await timeCalls(() => {
  writeFileSync(join(spawnDir, 'intent.json'), JSON.stringify(intent));
  const r = spawnSync(process.execPath, [cliBin, 'gate', 'eval', '--policy', 'policy.yaml', '--intent', 'intent.json', '--json'], { cwd: spawnDir, encoding: 'utf8' });
  lastExit = r.status;
  lastError = r.stdout.trim().split('\n').at(-1) ?? '';
}, spawns);

const fmt = (n) => `${n.toFixed(1)} µs`;
const overheadSigned = signed.p50 - bare.p50;
const overheadUnsigned = unsigned.p50 - bare.p50;
console.log(`calls per in-process case: ${calls}; spawns: ${spawns}; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
console.log(`bare tool call                         p50 ${fmt(bare.p50)}  p99 ${fmt(bare.p99)}`);
console.log(`guard, no trace                        p50 ${fmt(unsigned.p50)}  p99 ${fmt(unsigned.p99)}  overhead p50 ${fmt(overheadUnsigned)} (target < 10 µs)`);
console.log(`guard, signed trace (await fsync)      p50 ${fmt(signed.p50)}  p99 ${fmt(signed.p99)}  overhead p50 ${fmt(overheadSigned)}`);
console.log(`guard, signed trace (background write) p50 ${fmt(background.p50)}  p99 ${fmt(background.p99)}  overhead p50 ${fmt(background.p50 - bare.p50)} (target < 60 µs)`);
console.log(`engine signTrace alone                p50 ${fmt(signing.p50)}  p99 ${fmt(signing.p99)}`);
console.log(`spawn gait gate eval                   p50 ${fmt(spawned.p50)}  p99 ${fmt(spawned.p99)}  (exit ${lastExit}${lastExit === 0 || lastExit === 3 ? '' : `: ${lastError.slice(0, 120)}`})`);
console.log(`ratio spawn / guard signed (await)      ${(spawned.p50 / signed.p50).toFixed(0)}x`);
console.log(`ratio spawn / guard signed (background) ${(spawned.p50 / background.p50).toFixed(0)}x`);
console.log(`ratio spawn / guard no trace ${(spawned.p50 / unsigned.p50).toFixed(0)}x`);
