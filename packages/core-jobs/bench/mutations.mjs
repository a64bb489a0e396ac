// Mutation cost of the job runtime against its own floor: the same disk work without the state
// machine (one atomic write plus one locked append), measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendLineLocked, writeFileAtomic } from '@gait/core-fsx';
import { addCheckpoint, approveJob, submitJob } from '../dist/index.js';

const N = Number(process.env.BENCH_N ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'gait-jobs-bench-'));

async function time(label, fn) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label.padEnd(34)} ${(ms / N).toFixed(3)} ms/op  (${Math.round((N * 1000) / ms)} ops/s)`);
  return ms;
}

try {
  await time('warm-up (not counted)', (i) => writeFileAtomic(join(dir, 'warm.json'), String(i)));
  const base = await time('floor: atomic write + locked append', (i) =>
    writeFileAtomic(join(dir, 'floor.json'), `{"i":${i}}\n`).then(() => appendLineLocked(join(dir, 'floor.jsonl'), `{"i":${i}}`)),
  );
  const job = { root: join(dir, 'jobs'), jobId: 'job_bench' };
  await submitJob(job, { actor: 'bench' });
  const mutations = await time('job mutation (checkpoint/approve)', (i) =>
    i % 2 === 0 ? addCheckpoint(job, { type: 'progress', summary: `step ${i}` }) : approveJob(job, { actor: 'bench' }),
  );
  console.log(`ratio job mutation / floor: ${(mutations / base).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
