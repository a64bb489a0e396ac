export { createUiServer, type UiServerOptions } from './server.js';
export { execArgv, runExec, EXEC_COMMANDS, EXAMPLE_POLICY_PATHS, EXAMPLE_INTENT_PATHS, ExecRequestError, type ExecCommand, type ExecRunner, type ExecResponse } from './exec.js';
export { isLoopbackHost, hostOf } from './access.js';
export { uiState, listRuns, runTimeline, listTraces, regressView, discoverPolicyInputs, testPolicy, type RunSummary, type TimelineStep, type TraceSummary } from './views.js';
