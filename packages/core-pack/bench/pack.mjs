// PackSpec build and verify times, against the reference's published BuildIncidentPack (about
// 646 µs per op in Go, the closest published pack benchmark) and against a floor measured in
// this run: zipping the same members with the deterministic zip writer.
//
// Go's number comes from a Go benchmark: the same build repeated in one warm process. So the
// steady-state numbers here are measured the same way: warm-up builds first, then many timed
// builds, each timed alone, reported as the median (p50) and p90, plus the CPU time per build
// (less sensitive than wall time to other processes on a busy machine). A cold first build (a
// fresh Node process: JIT, lazy tables and first-use set-up included, module loading excluded) is
// reported separately.
//
//   node bench/pack.mjs              all of it
//   node bench/pack.mjs --cold <op>  (internal) one cold build in this process, printed in µs
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildDemoRunpack } from '@gait/core-runpack';
import { readZipSafe, writeDeterministicZip } from '@gait/core-fsx';
import { buildCallPack, buildJobPack, buildRunPack, verifyPack } from '../dist/index.js';

const GO_BUILD_INCIDENT_PACK_US = 646;
const WARMUP = 200;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const COLD_RUNS = 5;

const runpack = buildDemoRunpack().zip;
const state = {
  schema_id: 'gait.job.runtime', schema_version: '1.0.0', created_at: '2026-02-14T00:00:00Z', job_id: 'job_bench', status: 'completed',
  stop_reason: 'completed', status_reason_code: 'completed', environment_fingerprint: 'envfp:bench', revision: 3,
  checkpoints: [{ checkpoint_id: 'cp_0001', type: 'completed', summary: 'done', reason_code: 'checkpoint_completed' }], approvals: [],
};
const events = [1, 2, 3].map((revision) => ({ schema_id: 'gait.job.event', schema_version: '1.0.0', job_id: 'job_bench', revision, type: 'submitted' }));

/** A small voice call over the demo runpack: one gated quote and one tool call. */
function callRecord() {
  const d = (c) => c.repeat(64);
  const event = (call_seq, turn_index, event_type, extra = {}) => ({
    schema_id: 'gait.voice.call_event', schema_version: '1.0.0', created_at: `2026-03-01T10:00:0${call_seq}Z`, call_id: 'call_bench', call_seq, turn_index, event_type, ...extra,
  });
  const gated = { commitment_class: 'quote', intent_digest: d('a'), policy_digest: d('b') };
  return {
    schema_id: 'gait.voice.call_record', schema_version: '1.0.0', created_at: '2026-03-01T10:00:00Z', call_id: 'call_bench', run_id: 'run_demo',
    runpack_path: 'runpack_run_demo.zip', privacy_mode: 'hash_only',
    events: [
      event(1, 0, 'asr.final'), event(2, 0, 'commitment.declared', gated), event(3, 0, 'gate.decision', gated), event(4, 0, 'tts.request', gated),
      event(5, 0, 'tts.emitted', { ...gated, say_token_id: 'say_1' }), event(6, 1, 'tool.intent'), event(7, 1, 'tool.result'),
    ],
    commitments: [{
      schema_id: 'gait.voice.commitment_intent', schema_version: '1.0.0', created_at: '2026-03-01T10:00:02Z', producer_version: 'bench', call_id: 'call_bench',
      turn_index: 0, call_seq: 2, commitment_class: 'quote', context: { identity: 'agent', workspace: '/srv', risk_class: 'high' },
    }],
    gate_decisions: [{ call_id: 'call_bench', call_seq: 3, turn_index: 0, commitment_class: 'quote', verdict: 'allow', intent_digest: d('a'), policy_digest: d('b'), say_token_id: 'say_1' }],
    speak_receipts: [{ call_id: 'call_bench', call_seq: 5, turn_index: 0, commitment_class: 'quote', say_token_id: 'say_1' }],
    reference_digests: [d('1')],
  };
}

const runPack = await buildRunPack(runpack);
const members = readZipSafe(runPack.zip).map((e) => ({ name: e.name, data: e.data }));
const callSource = { record: callRecord(), runpack };

const ops = {
  floor: () => writeDeterministicZip(members),
  run: () => buildRunPack(runpack),
  job: () => buildJobPack({ state, events }),
  call: () => buildCallPack(callSource),
  verify: () => verifyPack(runPack.zip),
};

if (process.argv[2] === '--cold') {
  const start = process.hrtime.bigint();
  await ops[process.argv[3]]();
  console.log(Number(process.hrtime.bigint() - start) / 1000);
  process.exit(0);
}

async function steady(fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples = new Float64Array(ITERATIONS);
  const cpu = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  const used = process.cpuUsage(cpu);
  samples.sort();
  return { p50: samples[ITERATIONS >> 1], p90: samples[Math.floor(ITERATIONS * 0.9)], cpu: (used.user + used.system) / ITERATIONS };
}

/** Median of a few fresh processes, each timing its very first build. */
function cold(op) {
  const self = fileURLToPath(import.meta.url);
  const runs = Array.from({ length: COLD_RUNS }, () => Number(execFileSync(process.execPath, [self, '--cold', op], { encoding: 'utf8' }).trim()));
  return runs.sort((a, b) => a - b)[COLD_RUNS >> 1];
}

const labels = {
  run: 'buildRunPack (demo runpack)',
  job: 'buildJobPack (3 events)',
  call: 'buildCallPack (7 events, demo runpack)',
  verify: 'verifyPack (run pack)',
};
const floor = await steady(ops.floor);
const fmt = (us) => `${us.toFixed(1)} µs`;
console.log(`steady state: ${WARMUP} warm-up builds, then ${ITERATIONS} timed builds each; p50 / p90 wall, CPU per build`);
console.log(`baseline (this run) floor: deterministic zip of the run pack members: p50 ${fmt(floor.p50)}, cpu ${fmt(floor.cpu)}`);
console.log(`baseline (published) Go BuildIncidentPack: ${GO_BUILD_INCIDENT_PACK_US} µs/op (Go benchmark, warm)`);
for (const [op, label] of Object.entries(labels)) {
  const r = await steady(ops[op]);
  console.log(
    `${label}: p50 ${fmt(r.p50)}  p90 ${fmt(r.p90)}  cpu ${fmt(r.cpu)}  ${(r.p50 / floor.p50).toFixed(1)}x floor  ${(r.p50 / GO_BUILD_INCIDENT_PACK_US).toFixed(2)}x Go BuildIncidentPack`,
  );
}
console.log(`cold first build (fresh process, median of ${COLD_RUNS}; module loading excluded):`);
for (const [op, label] of Object.entries(labels)) console.log(`  ${label}: ${fmt(cold(op))}`);
