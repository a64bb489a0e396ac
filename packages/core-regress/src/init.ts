import { join } from 'node:path';
import { writeFileAtomic } from '@gait/core-fsx';
import { replayRunpackContent } from '@gait/core-runpack';
import { resolveFixtureName } from './fixture-name.js';
import {
  DEFAULT_CONFIG_PATH,
  DEFAULT_FIXTURE_SET,
  FIXTURE_FILE,
  FIXTURE_RUNPACK,
  FIXTURE_SCHEMA_ID,
  FIXTURES_DIR,
  SCHEMA_VERSION,
  type RegressFixture,
} from './records.js';
import { resolveRegressSource } from './source.js';
import { trajectoryOf } from './trajectory.js';
import { ensureDir, isFile, readRegressConfig, scanRegressConfig, writeRegressConfig, writeRegressFixture } from './workspace.js';

export interface InitFixtureOptions {
  /** Run id or runpack path (or a session chain `.json`, or a PackSpec run pack). */
  from: string;
  /** Fixture name; default derived from the run id. */
  name?: string;
  /** For session-chain sources: `latest` (default) or a checkpoint index. */
  checkpoint?: string;
  /** Folder holding `gait.yaml` and `fixtures/` (default: the process cwd). */
  workDir?: string;
  /** Home folder for run-id lookup in `~/.gait/runpacks` (default: the user's). */
  home?: string;
}

export interface InitFixtureResult {
  run_id: string;
  fixture_name: string;
  fixture_dir: string;
  runpack_path: string;
  config_path: string;
  next_commands: string[];
  fixture: RegressFixture;
}

/**
 * Turns a recorded run into a regression fixture: the runpack is checked, copied byte for byte to
 * `fixtures/<name>/runpack.zip`, described by `fixture.json` (expected replay exit code, the tool
 * and verdict sequence it took, its context digest when it has one), and `gait.yaml` is rewritten
 * from the fixture folders.
 */
export async function initFixture(options: InitFixtureOptions): Promise<InitFixtureResult> {
  const workDir = options.workDir ?? process.cwd();
  const source = await resolveRegressSource(options.from, {
    workDir,
    ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
    ...(options.home === undefined ? {} : { home: options.home }),
  });
  const { runpack } = source;
  const runId = runpack.run.run_id || runpack.manifest.run_id;
  const name = resolveFixtureName(options.name, runId);
  const fixtureDir = `${FIXTURES_DIR}/${name}`;
  const runpackPath = `${fixtureDir}/${FIXTURE_RUNPACK}`;

  // The replay outcome the run had when it was recorded is what it must keep having: 0, or 2
  // when some intent has neither a result nor a stub.
  const replay = replayRunpackContent(runpack);
  const trajectory = trajectoryOf(runpack);
  const fixture: RegressFixture = {
    schema_id: FIXTURE_SCHEMA_ID,
    schema_version: SCHEMA_VERSION,
    name,
    run_id: runId,
    runpack: FIXTURE_RUNPACK,
    expected_replay_exit_code: replay.missing_results.length > 0 ? 2 : 0,
    expected_tool_sequence: trajectory.tools,
    expected_verdict_sequence: trajectory.verdicts,
  };
  if (runpack.refs.context_set_digest) {
    fixture.context_conformance = 'required';
    fixture.expected_context_set_digest = runpack.refs.context_set_digest;
  }
  if (source.sessionChain !== undefined) {
    fixture.session_chain = source.sessionChain;
    fixture.checkpoint_index = source.checkpointIndex!;
  }

  await ensureDir(join(workDir, fixtureDir));
  await writeFileAtomic(join(workDir, runpackPath), source.bytes, { mode: 0o600 });
  await writeRegressFixture(join(workDir, fixtureDir, FIXTURE_FILE), fixture);
  const fixtureSet = await existingFixtureSet(workDir);
  await writeRegressConfig(join(workDir, DEFAULT_CONFIG_PATH), await scanRegressConfig(workDir, fixtureSet));

  return {
    run_id: runId,
    fixture_name: name,
    fixture_dir: fixtureDir,
    runpack_path: runpackPath,
    config_path: DEFAULT_CONFIG_PATH,
    next_commands: ['gait regress run --json'],
    fixture,
  };
}

/** A fixture set named in an existing config survives the rewrite; otherwise `default`. */
async function existingFixtureSet(workDir: string): Promise<string> {
  if (!isFile(join(workDir, DEFAULT_CONFIG_PATH))) return DEFAULT_FIXTURE_SET;
  try {
    return (await readRegressConfig(workDir, DEFAULT_CONFIG_PATH)).fixture_set;
  } catch {
    return DEFAULT_FIXTURE_SET;
  }
}
