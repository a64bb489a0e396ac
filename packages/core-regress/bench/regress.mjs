// How long `runRegress` takes for a workspace of recorded runs, against a baseline measured in the
// same process: verifying and reading every fixture runpack once (the least any regress run must
// do). Runs against the built dist: `pnpm --filter @gait/core-regress bench`.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readRunpack, recordRun, verifyRunpack } from '@gait/core-runpack';
import { initFixture, runRegress } from '../dist/index.js';

const FIXTURES = Number(process.env.BENCH_FIXTURES ?? 40);
const STEPS = Number(process.env.BENCH_STEPS ?? 25);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const T = '2026-03-01T12:00:00Z';

function runInput(runId) {
  const ids = Array.from({ length: STEPS }, (_, i) => `intent_${i + 1}`);
  return {
    run: { run_id: runId, created_at: T, env: { os: 'linux', arch: 'amd64', runtime: 'node' } },
    intents: ids.map((id, i) => ({ intent_id: id, tool_name: `tool_${i % 5}`, args_digest: String(i % 10).repeat(64) })),
    results: ids.map((id, i) => ({ intent_id: id, status: 'ok', result_digest: String((i + 3) % 10).repeat(64) })),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'gait-regress-bench-'));
try {
  mkdirSync(join(dir, 'runs'));
  const runpacks = [];
  for (let i = 0; i < FIXTURES; i += 1) {
    const path = join(dir, 'runs', `run_${i}.zip`);
    writeFileSync(path, recordRun(runInput(`run_${i}`), { now: T }).zip);
    await initFixture({ from: path, workDir: dir });
    runpacks.push(join(dir, 'fixtures', `run_${i}`, 'runpack.zip'));
  }

  const time = async (fn) => {
    await fn(); // warm-up
    const samples = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const start = performance.now();
      await fn();
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
  };

  const baseline = await time(async () => {
    for (const path of runpacks) {
      await verifyRunpack(path);
      await readRunpack(path);
    }
  });
  let graders = 0;
  const regress = await time(async () => {
    graders = (await runRegress({ workDir: dir, junitPath: 'junit.xml' })).graders;
  });

  const perFixture = (ms) => (ms / FIXTURES).toFixed(2);
  console.log(`fixtures=${FIXTURES} steps=${STEPS} graders=${graders} rounds=${ROUNDS} (median)`);
  console.log(`baseline verify+read every runpack: ${baseline.toFixed(1)} ms (${perFixture(baseline)} ms/fixture)`);
  console.log(`runRegress with JUnit:              ${regress.toFixed(1)} ms (${perFixture(regress)} ms/fixture)`);
  console.log(`ratio runRegress / baseline: ${(regress / baseline).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
