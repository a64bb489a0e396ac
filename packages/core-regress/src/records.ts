/**
 * The regress workspace files, shaped as the reference writes them: `gait.yaml` (JSON despite its
 * name) and `fixtures/<name>/fixture.json`, both Go-indented JSON with fields in struct order.
 */
export const SCHEMA_VERSION = '1.0.0';
export const CONFIG_SCHEMA_ID = 'gait.regress.config';
export const FIXTURE_SCHEMA_ID = 'gait.regress.fixture';
export const RESULT_SCHEMA_ID = 'gait.regress.result';
export const DEFAULT_FIXTURE_SET = 'default';
export const DEFAULT_CONFIG_PATH = 'gait.yaml';
export const DEFAULT_OUTPUT_PATH = 'regress_result.json';
export const FIXTURES_DIR = 'fixtures';
export const FIXTURE_FILE = 'fixture.json';
export const FIXTURE_RUNPACK = 'runpack.zip';

export interface RegressConfigFixture {
  name: string;
  run_id: string;
  /** Relative paths are resolved against the work dir (not the config's folder), as in the reference. */
  runpack: string;
}

export interface RegressConfig {
  schema_id: string;
  schema_version: string;
  fixture_set: string;
  fixtures: RegressConfigFixture[];
}

export type ContextConformanceMode = 'required' | 'none';

export interface RegressFixture {
  schema_id: string;
  schema_version: string;
  name: string;
  run_id: string;
  /** A bare file name inside the fixture folder. */
  runpack: string;
  expected_replay_exit_code: number;
  /** v1.4.0 trajectory assertions: tool names and verdicts in intent order, recorded at init. */
  expected_tool_sequence?: string[];
  expected_verdict_sequence?: string[];
  /** Runpack to compare against, relative to the fixture folder; default the fixture's own. */
  candidate_runpack?: string;
  context_conformance?: ContextConformanceMode;
  allow_context_runtime_drift?: boolean;
  expected_context_set_digest?: string;
  diff_allow_changed_files?: string[];
  session_chain?: string;
  checkpoint_index?: number;
}

/** Field order of the reference's fixture struct; undefined fields are omitted (omitempty). */
const FIXTURE_FIELDS: readonly (keyof RegressFixture)[] = [
  'schema_id',
  'schema_version',
  'name',
  'run_id',
  'runpack',
  'expected_replay_exit_code',
  'expected_tool_sequence',
  'expected_verdict_sequence',
  'candidate_runpack',
  'context_conformance',
  'allow_context_runtime_drift',
  'expected_context_set_digest',
  'diff_allow_changed_files',
  'session_chain',
  'checkpoint_index',
];

export function orderFixture(fixture: RegressFixture): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const field of FIXTURE_FIELDS) {
    const value = fixture[field];
    if (value === undefined || value === '' || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    ordered[field] = value;
  }
  // expected_replay_exit_code has no omitempty: 0 is printed.
  ordered.expected_replay_exit_code = fixture.expected_replay_exit_code;
  return Object.fromEntries(FIXTURE_FIELDS.filter((f) => f in ordered).map((f) => [f, ordered[f]]));
}

export function orderConfig(config: RegressConfig): RegressConfig {
  return {
    schema_id: config.schema_id,
    schema_version: config.schema_version,
    fixture_set: config.fixture_set,
    fixtures: config.fixtures.map((f) => ({ name: f.name, run_id: f.run_id, runpack: f.runpack })),
  };
}
