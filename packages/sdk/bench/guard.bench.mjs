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
  for (let i = 0; i < Math.min(2000, n); i += 1) await fn(i); // warm up the JIT (all tiers) and the file cache
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

const call = (guard) => (i) => guard({ path: `/tmp/f${i % 64}` });
const key = testKeyPair('bench');
const gates = {
  unsigned: createGate({ policy, outDir: out('unsigned'), traces: false, context }),
  signed: createGate({ policy, keys: { privateKey: key }, outDir: out('signed'), context }),
  inline: createGate({ policy, keys: { privateKey: key }, outDir: out('inline'), context, traceWrites: 'background', traceSigning: 'inline' }),
  background: createGate({ policy, keys: { privateKey: key }, outDir: out('background'), context, traceWrites: 'background' }),
};
const guards = Object.fromEntries(Object.entries(gates).map(([name, gate]) => [name, call(gate.guard('tool.read', tool))]));
// Every variant runs the same engine code: warm them all before measuring any, or the first one
// measured pays for the JIT's warm-up of the others.
for (const [name, guard] of Object.entries(guards)) {
  for (let i = 0; i < (name === 'signed' ? 200 : 2000); i += 1) await guard(i);
  await gates[name].flush();
}

const bare = await timeCalls((i) => tool({ path: `/tmp/f${i % 64}` }), calls);
const unsigned = await timeCalls(guards.unsigned, calls);
const signed = await timeCalls(guards.signed, Math.min(calls, 1000));
// Background modes: the caller's per-call latency, then what the deferred work costs in total
// (wall time from the first call until flush() resolves, per call), so neither is hidden.
async function timeBackground(name) {
  const started = process.hrtime.bigint();
  const latency = await timeCalls(guards[name], calls);
  await gates[name].flush();
  const total = Number(process.hrtime.bigint() - started) / 1000 / (calls + Math.min(2000, calls));
  return { ...latency, amortized: total };
}
const inlineSigned = await timeBackground('inline');
const background = await timeBackground('background');

// For context: what signing one trace costs in the engine (the floor of any signed decision).
const { buildTrace, signTrace, decodeIntent, normalizeRawIntent, GoTime } = await import('@gait/core-gate');
const normalized = normalizeRawIntent(decodeIntent({ tool_name: 'tool.read', args: { path: '/tmp/f' }, context: { identity: 'b', workspace: '/tmp', risk_class: 'low' } }));
const unsignedTrace = buildTrace({ intent: normalized, policyDigest: gates.signed.policyDigest, verdict: 'allow', reasonCodes: [], violations: [], createdAt: GoTime.now(), producerVersion: '0.0.0-dev' });
const signing = await timeCalls(() => signTrace(key, unsignedTrace), calls);

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
const row = (label, { p50, p99 }, extra = '') => console.log(`${label.padEnd(50)} p50 ${fmt(p50).padStart(12)}  p99 ${fmt(p99).padStart(12)}${extra}`);
row('bare tool call', bare);
row('guard, no trace', unsigned, `  overhead p50 ${fmt(overheadUnsigned)} (target < 10 µs)`);
row('guard, signed trace (signed inline, await fsync)', signed, `  overhead p50 ${fmt(overheadSigned)}`);
row('guard, signed inline, written in background', inlineSigned, `  overhead p50 ${fmt(inlineSigned.p50 - bare.p50)}; incl. flush ${fmt(inlineSigned.amortized)}/call`);
row('guard, signed trace, signed+written in background', background, `  overhead p50 ${fmt(background.p50 - bare.p50)} (target < 60 µs); incl. flush ${fmt(background.amortized)}/call`);
row('engine signTrace alone', signing);
row('spawn gait gate eval', spawned, `  (exit ${lastExit}${lastExit === 0 || lastExit === 3 ? '' : `: ${lastError.slice(0, 120)}`})`);
console.log(`ratio spawn / guard signed (await)      ${(spawned.p50 / signed.p50).toFixed(0)}x`);
console.log(`ratio spawn / guard signed (inline, background write) ${(spawned.p50 / inlineSigned.p50).toFixed(0)}x`);
console.log(`ratio spawn / guard signed (signed+written in background) ${(spawned.p50 / background.p50).toFixed(0)}x`);
console.log(`ratio spawn / guard no trace ${(spawned.p50 / unsigned.p50).toFixed(0)}x`);
