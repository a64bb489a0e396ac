// PackSpec build and verify times, against the reference's published BuildIncidentPack (about
// 646 µs per op in Go, the closest published pack benchmark) and against a floor measured in
// this run: zipping the same members with the deterministic zip writer.
import { buildDemoRunpack } from '@gait/core-runpack';
import { readZipSafe, writeDeterministicZip } from '@gait/core-fsx';
import { buildJobPack, buildRunPack, verifyPack } from '../dist/index.js';

const GO_BUILD_INCIDENT_PACK_US = 646;

async function measure(name, fn, iterations = 300) {
  for (let i = 0; i < 20; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  return { name, us: Number(process.hrtime.bigint() - start) / 1000 / iterations };
}

const runpack = buildDemoRunpack().zip;
const state = {
  schema_id: 'gait.job.runtime', schema_version: '1.0.0', created_at: '2026-02-14T00:00:00Z', job_id: 'job_bench', status: 'completed',
  stop_reason: 'completed', status_reason_code: 'completed', environment_fingerprint: 'envfp:bench', revision: 3,
  checkpoints: [{ checkpoint_id: 'cp_0001', type: 'completed', summary: 'done', reason_code: 'checkpoint_completed' }], approvals: [],
};
const events = [1, 2, 3].map((revision) => ({ schema_id: 'gait.job.event', schema_version: '1.0.0', job_id: 'job_bench', revision, type: 'submitted' }));
const runPack = await buildRunPack(runpack);
const members = readZipSafe(runPack.zip).map((e) => ({ name: e.name, data: e.data }));

const floor = await measure('floor: deterministic zip of the run pack members', () => writeDeterministicZip(members));
const results = [
  await measure('buildRunPack (demo runpack)', () => buildRunPack(runpack)),
  await measure('buildJobPack (3 events)', () => buildJobPack({ state, events })),
  await measure('verifyPack (run pack)', () => verifyPack(runPack.zip)),
];
console.log(`baseline (this run) ${floor.name}: ${floor.us.toFixed(1)} µs/op`);
console.log(`baseline (published) Go BuildIncidentPack: ${GO_BUILD_INCIDENT_PACK_US} µs/op`);
for (const r of results) {
  console.log(`${r.name}: ${r.us.toFixed(1)} µs/op  ${(r.us / floor.us).toFixed(1)}x floor  ${(r.us / GO_BUILD_INCIDENT_PACK_US).toFixed(2)}x Go BuildIncidentPack`);
}
