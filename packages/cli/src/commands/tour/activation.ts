import { join } from 'node:path';
import { GaitError, type ExitCode } from '@gait/core-errors';

const VERIFY_PATH = 'gait-out/runpack_run_demo.zip';
const NEXT = ['gait demo --durable', 'gait demo --policy', 'gait doctor --summary'];
const BRANCH_HINTS = [
  'durable branch: run a resumable job lifecycle demo with checkpoints',
  'policy branch: run a deterministic high-risk block demo before enforce rollout',
];
const METRICS_OPT_IN = 'export GAIT_ADOPTION_LOG=./gait-out/adoption.jsonl';

export interface TourReport {
  runId?: string;
  verifyStatus?: 'ok' | 'failed';
  fixtureName?: string;
  fixtureDir?: string;
  regressStatus?: 'pass' | 'fail';
  regressFailed?: number;
}

/** A step that failed, with what the steps before it produced. */
export class TourStepError extends GaitError {
  constructor(
    message: string,
    readonly partial: TourReport,
    readonly stepExitCode: ExitCode,
  ) {
    super(stepExitCode === 2 ? 'verification_failed' : 'invalid_input', message, { code: 'tour_step_failed' });
  }

  override get exitCode(): ExitCode {
    return this.stepExitCode;
  }
}

/** demo → verify → regress init → regress run, in `cwd`, as `gait tour` does. */
export async function runActivationTour(cwd: string, producerVersion: string): Promise<TourReport> {
  const runpack = await import('@gait/core-runpack');
  const report: TourReport = {};
  const demo = runpack.buildDemoRunpack();
  await runpack.writeRunpackBytes(join(cwd, VERIFY_PATH), demo.zip);
  report.runId = runpack.DEMO_RUN_ID;
  const verified = await runpack.verifyRunpack(join(cwd, VERIFY_PATH));
  report.verifyStatus = verified.ok ? 'ok' : 'failed';
  if (!verified.ok) throw new TourStepError('verify step failed', report, 2);
  const regress = await import('@gait/core-regress');
  const fixture = await regress.initFixture({ from: runpack.DEMO_RUN_ID, workDir: cwd });
  report.fixtureName = fixture.fixture_name;
  report.fixtureDir = fixture.fixture_dir;
  const run = await regress.runRegress({
    workDir: cwd,
    outputPath: 'gait-out/tour_regress_result.json',
    junitPath: 'gait-out/tour_junit.xml',
    producerVersion,
  });
  report.regressStatus = run.status;
  report.regressFailed = run.failed;
  return report;
}

export function tourJson(report: TourReport, durationMs: number): Record<string, unknown> {
  const ok = report.regressStatus === 'pass';
  return {
    ok,
    mode: 'activation',
    ...(report.runId === undefined ? {} : { run_id: report.runId, verify_path: VERIFY_PATH }),
    ...(report.verifyStatus === undefined ? {} : { verify_status: report.verifyStatus }),
    ...(report.fixtureName === undefined ? {} : { fixture_name: report.fixtureName, fixture_dir: report.fixtureDir }),
    ...(report.regressStatus === undefined ? {} : { regress_status: report.regressStatus }),
    ...(report.regressFailed ? { regress_failed: report.regressFailed } : {}),
    next_commands: NEXT,
    branch_hints: BRANCH_HINTS,
    metrics_opt_in: METRICS_OPT_IN,
    ...(durationMs > 0 ? { duration_ms: durationMs } : {}),
    ...(ok || report.regressStatus === undefined ? {} : { error: `regress step failed: status=${report.regressStatus} failed=${report.regressFailed ?? 0}` }),
  };
}

export function tourText(report: TourReport, failed = false): string[] {
  if (failed) {
    return [
      ...(report.runId === undefined ? [] : [`run_id=${report.runId}`]),
      ...(report.verifyStatus === undefined ? [] : [`a2_verify=${report.verifyStatus} path=${VERIFY_PATH}`]),
      ...(report.fixtureName === undefined ? [] : [`a3_regress_init=fixture=${report.fixtureName} dir=${report.fixtureDir}`]),
      ...(report.regressStatus === undefined ? [] : [`a4_regress_run=${report.regressStatus} failed=${report.regressFailed ?? 0}`]),
    ];
  }
  return [
    'tour mode=activation',
    `a1_demo=ok run_id=${report.runId}`,
    `a2_verify=${report.verifyStatus} path=${VERIFY_PATH}`,
    `a3_regress_init=ok fixture=${report.fixtureName} dir=${report.fixtureDir}`,
    `a4_regress_run=${report.regressStatus} failed=${report.regressFailed ?? 0}`,
    `next=${NEXT.join(' | ')}`,
    `branch_hints=${BRANCH_HINTS.join(' | ')}`,
    `metrics_opt_in=${METRICS_OPT_IN}`,
  ];
}

