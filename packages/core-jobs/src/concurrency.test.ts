import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnoseJobs } from './diagnose.js';
import { readJob, submitJob } from './runtime.js';

// Children cannot load TypeScript, so they import the built package (turbo builds before test).
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
const hasDist = existsSync(dist);
if (!hasDist) console.warn(`[skipped] multi-process job test: no build at ${dist}; run \`pnpm turbo run build --filter=@gait/core-jobs...\``);

const PROCESSES = 4;
const MUTATIONS = 200;

/** Each child alternates checkpoints and approvals (both allowed in any live status) and reports its tally. */
const childSource = `
const jobs = await import(process.env.JOBS_DIST);
const ref = { root: process.env.JOBS_ROOT, jobId: 'job_race' };
let ok = 0, contended = 0;
const other = [];
for (let i = 0; i < ${MUTATIONS}; i++) {
  try {
    if (i % 2 === 0) await jobs.addCheckpoint(ref, { type: 'progress', summary: 'worker ' + process.pid + ' step ' + i });
    else await jobs.approveJob(ref, { actor: 'worker-' + process.pid });
    ok++;
  } catch (error) {
    if (error.exitCode === 1 && /lock/.test(error.message)) contended++;
    else other.push(String(error.message));
  }
}
process.stdout.write(JSON.stringify({ ok, contended, other }));
`;

const root = join(mkdtempSync(join(tmpdir(), 'gait-jobs-race-')), 'jobs');
afterAll(() => rmSync(dirname(root), { recursive: true, force: true }));

describe.runIf(hasDist)('several processes mutating one job', () => {
  it(`${PROCESSES} processes x ${MUTATIONS} mutations: revision = successes + 1, every event logged once, in order`, async () => {
    await submitJob({ root, jobId: 'job_race' }, { actor: 'setup' });
    const run = promisify(execFile);
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(process.execPath, ['--input-type=module', '-e', childSource], {
          env: { ...process.env, JOBS_DIST: pathToFileURL(dist).href, JOBS_ROOT: root },
          maxBuffer: 1 << 20,
        }),
      ),
    );
    const tallies = results.map((r) => JSON.parse(r.stdout) as { ok: number; contended: number; other: string[] });
    for (const t of tallies) {
      expect(t.other).toEqual([]);
      expect(t.ok + t.contended).toBe(MUTATIONS);
    }
    const successes = tallies.reduce((sum, t) => sum + t.ok, 0);
    console.log(`job race: ${successes} mutations committed, ${tallies.reduce((s, t) => s + t.contended, 0)} refused with lock timeout`);
    const state = await readJob({ root, jobId: 'job_race' });
    expect(state.revision).toBe(successes + 1);
    const revisions = readFileSync(join(root, 'job_race', 'events.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { revision: number }).revision);
    expect(revisions).toEqual(Array.from({ length: successes + 1 }, (_, i) => i + 1));
    expect(state.checkpoints.length + (state.approvals?.length ?? 0)).toBe(successes);
    expect((await diagnoseJobs(root)).issues).toEqual([]);
  }, 180_000);
});
