import { dirname, isAbsolute, join, normalize, posix, resolve } from 'node:path';
import { InternalError, InvalidInputError } from '@gait/core-errors';
import { writeFileAtomic } from '@gait/core-fsx';
import { normalizeGoTime, readRunpack, type Runpack } from '@gait/core-runpack';
import { validate, type RegressResult as SchemaRegressResult } from '@gait/core-schema';
import { describeFailure, type RegressGraderResult } from './describe.js';
import { compareBytes, marshalIndent, normalizeCodes, sortKeysDeep } from './go-encoding.js';
import { contextConformanceGrader, fixtureSetsContext } from './graders/context-conformance.js';
import { diffGrader } from './graders/diff.js';
import { expectedExitCodeGrader } from './graders/expected-exit-code.js';
import { schemaValidationGrader } from './graders/schema-validation.js';
import { trajectoryGrader } from './graders/trajectory.js';
import { CandidatePathError, type FixtureUnderTest, type Grader, type GraderOptions, type GraderOutcome } from './graders/types.js';
import { renderJunit } from './junit.js';
import {
  DEFAULT_CONFIG_PATH,
  DEFAULT_OUTPUT_PATH,
  FIXTURE_FILE,
  RESULT_SCHEMA_ID,
  SCHEMA_VERSION,
  type RegressConfigFixture,
} from './records.js';
import { ensureDir, inWorkDir, readRegressConfig, readRegressFixture } from './workspace.js';

/** Every grader the reference defines, in the order they run for each fixture. */
const GRADERS: readonly Grader[] = [schemaValidationGrader, expectedExitCodeGrader, diffGrader, trajectoryGrader, contextConformanceGrader];

const ZERO_CREATED_AT = '1980-01-01T00:00:00Z';

export interface RunRegressOptions {
  /** Folder that relative paths (config, fixtures, outputs) are resolved against; default cwd. */
  workDir?: string;
  /** Default `gait.yaml`. */
  configPath?: string;
  /** Default `regress_result.json`. */
  outputPath?: string;
  /** Also write a JUnit XML report here. */
  junitPath?: string;
  /** Written as the result's `producer_version` (the CLI passes its version). */
  producerVersion?: string;
  /** Require matching context evidence from every fixture. */
  contextConformance?: boolean;
  /** Let retrieval-time-only context drift pass. */
  allowContextRuntimeDrift?: boolean;
}

/** `regress_result.json`, typed by its published schema. */
export type RegressResult = Omit<SchemaRegressResult, 'graders'> & { graders: RegressGraderResult[] };

export interface RegressFailure {
  name: string;
  reason_codes: string[];
  summary: string;
}

export interface RegressRunReport {
  result: RegressResult;
  ok: boolean;
  status: 'pass' | 'fail';
  fixture_set: string;
  graders: number;
  failed: number;
  /** First reason code of the first failed grader in name order (`grader_failed` if it has none). */
  top_failure_reason?: string;
  /** How to run this again (only when failing). */
  next_command?: string;
  artifact_paths: string[];
  output: string;
  junit?: string;
  failures: RegressFailure[];
}

/**
 * Runs every fixture of a regress config through every grader, writes `regress_result.json`
 * (and, if asked, JUnit XML), and reports pass or fail. Bad configuration throws (exit 6); a
 * failing grader is a result, not an error.
 */
export async function runRegress(options: RunRegressOptions = {}): Promise<RegressRunReport> {
  const workDir = options.workDir ?? process.cwd();
  const configPath = options.configPath?.trim() || DEFAULT_CONFIG_PATH;
  const outputPath = options.outputPath?.trim() || DEFAULT_OUTPUT_PATH;
  const junitPath = options.junitPath?.trim() || undefined;
  const config = await readRegressConfig(workDir, configPath);
  if (config.fixtures.length === 0) throw new InvalidInputError('no fixtures configured', { code: 'no_fixtures' });

  const subjects = await Promise.all(config.fixtures.map((entry) => loadSubject(workDir, entry)));
  const graderOptions: GraderOptions = {
    contextConformance: options.contextConformance === true,
    allowContextRuntimeDrift: options.allowContextRuntimeDrift === true,
    contextActive: options.contextConformance === true || subjects.some((s) => fixtureSetsContext(s.fixture)),
  };

  const graders: RegressGraderResult[] = [];
  for (const subject of subjects) {
    for (const grader of GRADERS) {
      if (grader.applies && !grader.applies(subject, graderOptions)) continue;
      graders.push(finish(subject, grader.name, await gradeSafely(grader, subject, graderOptions)));
    }
  }
  graders.sort((a, b) => compareBytes(a.name, b.name));

  const failedGraders = graders.filter((g) => g.status === 'fail');
  const result: RegressResult = {
    schema_id: RESULT_SCHEMA_ID,
    schema_version: SCHEMA_VERSION,
    created_at: await createdAtOf(subjects[0]!),
    producer_version: options.producerVersion ?? '0.0.0-dev',
    fixture_set: config.fixture_set,
    status: failedGraders.length > 0 ? 'fail' : 'pass',
    graders,
  };
  const checked = validate(RESULT_SCHEMA_ID, result);
  if (!checked.ok) {
    throw new InternalError(`regress result does not match ${RESULT_SCHEMA_ID}: ${JSON.stringify(checked.errors[0])}`, { code: 'regress_result_invalid' });
  }

  await writeArtifact(workDir, outputPath, marshalIndent(result));
  if (junitPath !== undefined) await writeArtifact(workDir, junitPath, renderJunit(result));

  const report: RegressRunReport = {
    result,
    ok: result.status === 'pass',
    status: result.status,
    fixture_set: result.fixture_set,
    graders: graders.length,
    failed: failedGraders.length,
    artifact_paths: junitPath === undefined ? [outputPath] : [outputPath, junitPath],
    output: outputPath,
    failures: failedGraders.map((g) => ({ name: g.name, reason_codes: g.reason_codes, summary: describeFailure(g).summary })),
  };
  if (junitPath !== undefined) report.junit = junitPath;
  if (failedGraders.length > 0) {
    report.top_failure_reason = failedGraders[0]!.reason_codes[0] ?? 'grader_failed';
    report.next_command = configPath === DEFAULT_CONFIG_PATH ? 'gait regress run --json' : `gait regress run --config ${configPath} --json`;
  }
  return report;
}

async function loadSubject(workDir: string, entry: RegressConfigFixture): Promise<FixtureUnderTest> {
  const runpackFile = inWorkDir(workDir, entry.runpack);
  const fixtureDir = posix.dirname(entry.runpack.replaceAll('\\', '/'));
  const fixtureDirFile = dirname(runpackFile);
  const fixture = await readRegressFixture(join(fixtureDirFile, FIXTURE_FILE), posix.join(fixtureDir, FIXTURE_FILE));
  const cache = new Map<string, Promise<Runpack>>();
  const load = (file: string) => {
    let pending = cache.get(file);
    if (pending === undefined) {
      pending = readRunpack(file);
      cache.set(file, pending);
    }
    return pending;
  };
  const candidate = (): { path: string; file: string } => {
    const given = fixture.candidate_runpack;
    if (given === undefined) return { path: entry.runpack, file: runpackFile };
    const cleaned = normalize(given);
    if (isAbsolute(given) || cleaned === '..' || cleaned.startsWith(`..${'/'}`) || cleaned.startsWith('..\\')) {
      throw new CandidatePathError(`candidate_runpack ${JSON.stringify(given)} must be a path inside the fixture folder ${fixtureDir}`);
    }
    return { path: posix.join(fixtureDir, cleaned.replaceAll('\\', '/')), file: resolve(fixtureDirFile, cleaned) };
  };
  return {
    name: entry.name,
    runId: entry.run_id || fixture.run_id,
    fixture,
    runpackPath: entry.runpack,
    runpackFile,
    fixtureDir,
    fixtureDirFile,
    loadRunpack: () => load(runpackFile),
    candidatePath: () => candidate().path,
    loadCandidate: () => load(candidate().file),
  };
}

/** A grader that throws is a failed check (`grader_error`), never a crashed run. */
async function gradeSafely(grader: Grader, subject: FixtureUnderTest, options: GraderOptions): Promise<GraderOutcome> {
  try {
    return await grader.grade(subject, options);
  } catch (error) {
    return { status: 'fail', reason_codes: ['grader_error'], details: { error: error instanceof Error ? error.message : String(error) } };
  }
}

function finish(subject: FixtureUnderTest, graderName: string, outcome: GraderOutcome): RegressGraderResult {
  const graded: RegressGraderResult = {
    name: `${subject.name}/${graderName}`,
    status: outcome.status,
    reason_codes: normalizeCodes(outcome.reason_codes),
  };
  if (outcome.context_conformance !== undefined) graded.context_conformance = outcome.context_conformance;
  graded.details = sortKeysDeep({ ...outcome.details, fixture: subject.name, run_id: subject.runId }) as Record<string, unknown>;
  return graded;
}

/** The first fixture's run time (UTC), so the result is the same on every machine and run. */
async function createdAtOf(subject: FixtureUnderTest): Promise<string> {
  try {
    const created = (await subject.loadRunpack()).run.created_at;
    if (!created || created.startsWith('0001-01-01T00:00:00')) return ZERO_CREATED_AT;
    return normalizeGoTime(created, { utc: true });
  } catch {
    return ZERO_CREATED_AT;
  }
}

async function writeArtifact(workDir: string, path: string, content: string): Promise<void> {
  const file = inWorkDir(workDir, path);
  await ensureDir(dirname(file));
  await writeFileAtomic(file, content, { mode: 0o600 });
}
