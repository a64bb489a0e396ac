import { initFixture, type InitFixtureOptions, type InitFixtureResult } from './init.js';
import { runRegress, type RegressRunReport, type RunRegressOptions } from './run.js';

export type BootstrapRegressOptions = InitFixtureOptions & Omit<RunRegressOptions, 'workDir'>;

export interface BootstrapRegressReport {
  init: InitFixtureResult;
  run: RegressRunReport;
}

/** Incident to regression in one step: `initFixture` from the run, then `runRegress` on the workspace. */
export async function bootstrapRegress(options: BootstrapRegressOptions): Promise<BootstrapRegressReport> {
  const init = await initFixture(options);
  const run = await runRegress(options);
  return { init, run };
}
