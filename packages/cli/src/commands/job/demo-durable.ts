import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { VerificationError } from '@gait/core-errors';
import type { JsonOutput, TextOutput } from '../../output.js';

const BUNDLE = './gait-out/jobs/job_demo_durable/state.json';
const PACK_PATH = './gait-out/pack_job_demo_durable.zip';
const METRICS_OPT_IN = 'export GAIT_ADOPTION_LOG=./gait-out/adoption.jsonl';
const NEXT = ['gait job inspect --id job_demo_durable --json', `gait pack inspect ${PACK_PATH} --json`, 'gait demo --policy'];

/**
 * `gait demo --durable`: the reference's durable job vector under `./gait-out/jobs`, then its job
 * pack (rebuilt and verified), reported in the demo's output shape. The job files and the pack
 * are byte-identical to the ones Go gait 1.4.0 writes.
 */
export async function durableDemoOutput(cwd: string, startedMs: number): Promise<{ json: JsonOutput; text: TextOutput }> {
  const { runDurableDemo, DEMO_JOB_ID } = await import('@gait/core-jobs');
  const { readJobSource, buildJobPack, verifyPack } = await import('@gait/core-pack');
  const { writeFileAtomic } = await import('@gait/core-fsx');
  const { DEMO_PRODUCER_VERSION } = await import('@gait/core-runpack');
  const outDir = join(cwd, 'gait-out');
  const { state, simulatedFailure } = await runDurableDemo(join(outDir, 'jobs'));
  const packFile = join(outDir, 'pack_job_demo_durable.zip');
  await rm(packFile, { force: true });
  const pack = buildJobPack(await readJobSource(join(outDir, 'jobs', DEMO_JOB_ID)), { producerVersion: DEMO_PRODUCER_VERSION });
  await mkdir(outDir, { recursive: true, mode: 0o750 });
  await writeFileAtomic(packFile, pack.zip);
  if (!(await verifyPack(packFile)).ok) throw new VerificationError('durable pack verification failed', { code: 'demo_durable_pack_unverified' });
  const durationMs = Date.now() - startedMs;
  const json: JsonOutput = {
    ok: true,
    mode: 'durable',
    run_id: 'run_demo',
    job_id: DEMO_JOB_ID,
    job_status: state.status,
    bundle: BUNDLE,
    pack_path: PACK_PATH,
    verify: 'ok',
    simulated_failure: simulatedFailure,
    next_commands: NEXT,
    metrics_opt_in: METRICS_OPT_IN,
    ...(durationMs > 0 ? { duration_ms: durationMs } : {}),
  };
  const text = [
    'mode=durable',
    'run_id=run_demo',
    `job_id=${DEMO_JOB_ID}`,
    `job_status=${state.status}`,
    `bundle=${BUNDLE}`,
    `pack_path=${PACK_PATH}`,
    'verify=ok',
    `simulated_failure=${simulatedFailure}`,
    `next=${NEXT.join(',')}`,
    `metrics_opt_in=${METRICS_OPT_IN}`,
  ];
  return { json, text };
}
