// The forwarding proxy's gate decision, in process, for an allowed `echo` call under a small
// policy, in `async` trace mode. `CallGate.check` is the whole decision (unwrap meta tools, build
// the call and its intent, normalize, evaluate, digest, trace id, trace file name); the trace is
// signed and written only once `traceAfter` settles, so each round times only the `check` calls,
// then releases their traces and waits for them to be written, outside the clock.
// `CallGate.judge` is the part the proxy does before it forwards an allowed call: the verdict
// (from the memo of call shapes after a tool's first call in a session) and the args checks;
// the rest of `check` runs while the upstream works.
// Baselines from the same run: `JSON.stringify` of the call, and sha256 of the intent's
// canonical JSON (canonicalize + hash: a floor for anything that digests the intent).
// Env: BENCH_CALLS per round (default 200: a proxy with that many calls in flight), BENCH_ROUNDS
// (default 60; the median round is printed).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallGate } from '../dist/index.js';
import { canonicalJson, sha256Hex } from '@gait/core-sign';

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const WARM_UP_ROUNDS = 30;

// Traces go to memory-backed /dev/shm where there is one: the disk is not what is measured, and
// cheap writes let the run warm the decision path up fully in a few seconds.
const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'gait-judge-bench-'));
const policyPath = join(work, 'policy.yaml');
writeFileSync(policyPath, 'default_verdict: block\nrules:\n  - name: allow-echo\n    effect: allow\n    match:\n      tool_names: [echo]\n');
const gate = new CallGate({ policyPath, cwd: work, traceDir: 'traces', traceMode: 'async' });

const SESSION = 'bench-session';
const argsFor = (i) => ({ text: `hello ${i}` });

/** Microseconds per call of `fn(i)` over one round (median of ROUNDS after warm-up). */
async function perCall(label, fn, after = async () => {}) {
  const samples = [];
  for (let r = 0; r < WARM_UP_ROUNDS + ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) fn(r * CALLS + i);
    const ns = Number(process.hrtime.bigint() - start);
    await after();
    if (r >= WARM_UP_ROUNDS) samples.push(ns / CALLS / 1000);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(44)} ${median.toFixed(2).padStart(8)} µs/call   (min ${samples[0].toFixed(2)}, max ${samples.at(-1).toFixed(2)})`);
  return median;
}

let release;
let traceAfter;
const newRound = () => {
  traceAfter = new Promise((resolve) => {
    release = resolve;
  });
};
newRound();

let allowed = 0;
const releaseTraces = async () => {
  release();
  await gate.flush();
  newRound();
};
/** Times `check` for `echo`, with the upstream's tool annotations when given (a target hint). */
async function timeCheck(label, annotations) {
  allowed = 0;
  const us = await perCall(
    label,
    (i) => {
      gate.check({ name: 'echo', args: argsFor(i), sessionId: SESSION, traceAfter, ...(annotations ? { annotations } : {}) }).then((c) => {
        if (c.decision.verdict === 'allow') allowed += 1;
      });
    },
    releaseTraces,
  );
  if (allowed !== (WARM_UP_ROUNDS + ROUNDS) * CALLS) throw new Error(`expected every call allowed, got ${allowed}`);
  return us;
}
const gateUs = await timeCheck('CallGate.check (async trace mode)');
await timeCheck('  same, tool annotated readOnlyHint', { readOnlyHint: true });
// What the proxy does before it forwards an allowed call: the verdict alone (a known call shape,
// as every call after an agent's first of a tool in a session), not the digests and trace id,
// which `record` computes while the upstream works.
let judgedAllow = 0;
const judgeUs = await perCall('CallGate.judge (before forwarding)', (i) => {
  if (gate.judge({ name: 'echo', args: argsFor(i), sessionId: SESSION }).verdict === 'allow') judgedAllow += 1;
});
if (judgedAllow !== (WARM_UP_ROUNDS + ROUNDS) * CALLS) throw new Error(`expected every call allowed, got ${judgedAllow}`);

// The intent as the gate digests it (same members as the proxy's intent for this call).
const intentFor = (i) => ({
  args: argsFor(i),
  context: { identity: 'mcp-proxy', risk_class: 'high', session_id: SESSION, workspace: '.' },
  targets: [],
  tool_name: 'echo',
});
let sink = 0;
const stringifyUs = await perCall('baseline: JSON.stringify(call)', (i) => {
  sink += JSON.stringify({ name: 'echo', arguments: argsFor(i) }).length;
});
const hashUs = await perCall('baseline: sha256(canonicalJson(intent))', (i) => {
  sink += sha256Hex(canonicalJson(intentFor(i))).length;
});
if (sink === 0) throw new Error('unreachable');

console.log(`ratio check / JSON.stringify:             ${(gateUs / stringifyUs).toFixed(1)}x`);
console.log(`ratio check / sha256(canonical intent):   ${(gateUs / hashUs).toFixed(1)}x`);
console.log(`ratio judge / JSON.stringify:             ${(judgeUs / stringifyUs).toFixed(1)}x`);

await gate.close();
rmSync(work, { recursive: true, force: true });
