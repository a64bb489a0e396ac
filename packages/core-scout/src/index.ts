// Inventory snapshots
export { buildSnapshot, snapshotIdFor, normalizeRoots, type SnapshotOptions } from './snapshot.js';
export { normalizeToolName, riskLevelForName, type RiskLevel } from './names.js';
export { detectTypeScriptTools } from './detect/typescript.js';
export { detectPythonTools } from './detect/python.js';
export { detectMcpServers } from './detect/mcp-config.js';
export type { Finding } from './detect/types.js';

// Coverage, drift, signals
export { computeCoverage, type CoverageReport, type ToolVerdict } from './coverage.js';
export { diffSnapshots, isDiffEmpty, parseSnapshot, type SnapshotDiff, type ItemChange } from './diff.js';
export { buildSignalReport, toolClassFor, SIGNAL_REPORT_CREATED_AT, type SignalOptions } from './signal.js';

// Files
export { writeJsonArtifact, defaultSnapshotPath, defaultCoveragePath, DEFAULT_SIGNAL_REPORT_PATH } from './write-json.js';
