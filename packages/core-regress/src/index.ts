// Workspace: fixtures and config
export { initFixture, type InitFixtureOptions, type InitFixtureResult } from './init.js';
export { fixtureNameFromRunId, isValidFixtureName } from './fixture-name.js';
export { readRegressConfig, readRegressFixture } from './workspace.js';
export {
  CONFIG_SCHEMA_ID,
  FIXTURE_SCHEMA_ID,
  RESULT_SCHEMA_ID,
  DEFAULT_CONFIG_PATH,
  DEFAULT_OUTPUT_PATH,
  DEFAULT_FIXTURE_SET,
  type RegressConfig,
  type RegressConfigFixture,
  type RegressFixture,
  type ContextConformanceMode,
} from './records.js';

// Running
export {
  runRegress,
  type RunRegressOptions,
  type RegressResult,
  type RegressRunReport,
  type RegressFailure,
} from './run.js';
export { bootstrapRegress, type BootstrapRegressOptions, type BootstrapRegressReport } from './bootstrap.js';
export { trajectoryOf, verdictOf, type Trajectory } from './trajectory.js';
export { diffSteps, describeStepChange, type StepChange, type FieldChange } from './step-drift.js';

// Reports
export { renderJunit, type JunitInput } from './junit.js';
export { describeFailure, type FailureDescription, type RegressGraderResult } from './describe.js';
