import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { writeFileAtomic } from '@gait/core-fsx';
import { isValidFixtureName } from './fixture-name.js';
import { compareBytes, marshalIndent } from './go-encoding.js';
import { FieldReader, readJsonObject } from './json-file.js';
import {
  CONFIG_SCHEMA_ID,
  DEFAULT_FIXTURE_SET,
  FIXTURE_FILE,
  FIXTURE_SCHEMA_ID,
  FIXTURES_DIR,
  SCHEMA_VERSION,
  orderConfig,
  orderFixture,
  type RegressConfig,
  type RegressConfigFixture,
  type RegressFixture,
} from './records.js';

const HEX64 = /^[0-9a-fA-F]{64}$/;

/**
 * Reads `gait.yaml`. Like the reference it is parsed as JSON (a real YAML file fails with `parse
 * config`); empty schema id or version are accepted, an empty `fixture_set` becomes `default`,
 * and every fixture needs a valid `name` and a `runpack`. Fixtures come back sorted by name.
 */
export async function readRegressConfig(workDir: string, configPath: string): Promise<RegressConfig> {
  const raw = await readJsonObject(resolve(workDir, configPath), configPath, 'config');
  const fields = new FieldReader(raw, configPath, 'config_invalid');
  const schemaId = fields.string('schema_id');
  const schemaVersion = fields.string('schema_version');
  if (schemaId !== '' && schemaId !== CONFIG_SCHEMA_ID) {
    throw new InvalidInputError(`${configPath}.schema_id: expected ${CONFIG_SCHEMA_ID}, got ${JSON.stringify(schemaId)}`, { code: 'config_invalid' });
  }
  if (schemaVersion !== '' && schemaVersion !== SCHEMA_VERSION) {
    throw new InvalidInputError(`${configPath}.schema_version: expected ${SCHEMA_VERSION}, got ${JSON.stringify(schemaVersion)}`, { code: 'config_invalid' });
  }
  const fixtures = fields.objects('fixtures').map((entry, index): RegressConfigFixture => {
    const where = `${configPath}.fixtures[${index}]`;
    const f = new FieldReader(entry, where, 'config_invalid');
    const name = f.string('name');
    const runpack = f.string('runpack');
    if (name === '') throw new InvalidInputError(`${where}.name is required`, { code: 'config_invalid' });
    if (!isValidFixtureName(name)) {
      throw new InvalidInputError(`${where}.name: invalid fixture name ${JSON.stringify(name)} (expected ^[a-z0-9][a-z0-9._-]*$)`, { code: 'config_invalid' });
    }
    if (runpack === '') throw new InvalidInputError(`${where}.runpack is required`, { code: 'config_invalid' });
    return { name, run_id: f.string('run_id'), runpack };
  });
  fixtures.sort((a, b) => compareBytes(a.name, b.name));
  return {
    schema_id: schemaId,
    schema_version: schemaVersion,
    fixture_set: fields.string('fixture_set') || DEFAULT_FIXTURE_SET,
    fixtures,
  };
}

/** Reads and checks `fixture.json` (`shownAs` is the path printed in errors). */
export async function readRegressFixture(file: string, shownAs: string): Promise<RegressFixture> {
  const raw = await readJsonObject(file, shownAs, 'fixture');
  const f = new FieldReader(raw, shownAs, 'fixture_invalid');
  const invalid = (message: string) => new InvalidInputError(`${shownAs}.${message}`, { code: 'fixture_invalid' });
  const schemaId = f.string('schema_id') || FIXTURE_SCHEMA_ID;
  if (schemaId !== FIXTURE_SCHEMA_ID) throw invalid(`schema_id: expected ${FIXTURE_SCHEMA_ID}, got ${JSON.stringify(schemaId)}`);
  const runpack = f.string('runpack');
  if (runpack === '') throw invalid('runpack is required');
  if (basename(runpack) !== runpack || runpack === '.' || runpack === '..') {
    throw invalid(`runpack: expected a bare file name such as runpack.zip, got ${JSON.stringify(runpack)}`);
  }
  const mode = f.optionalString('context_conformance');
  if (mode !== undefined && mode !== 'required' && mode !== 'none') {
    throw invalid(`context_conformance: expected "required" or "none", got ${JSON.stringify(mode)}`);
  }
  const digest = f.optionalString('expected_context_set_digest');
  if (digest !== undefined && !HEX64.test(digest)) throw invalid('expected_context_set_digest: expected 64 hex characters');
  const exitCode = f.integer('expected_replay_exit_code') ?? 0;
  const fixture: RegressFixture = {
    schema_id: schemaId,
    schema_version: f.string('schema_version') || SCHEMA_VERSION,
    name: f.string('name'),
    run_id: f.string('run_id'),
    runpack,
    expected_replay_exit_code: exitCode,
  };
  const optional: Partial<RegressFixture> = {
    expected_tool_sequence: f.strings('expected_tool_sequence'),
    expected_verdict_sequence: f.strings('expected_verdict_sequence'),
    candidate_runpack: f.optionalString('candidate_runpack'),
    context_conformance: mode,
    allow_context_runtime_drift: f.boolean('allow_context_runtime_drift') || undefined,
    expected_context_set_digest: digest,
    diff_allow_changed_files: f.strings('diff_allow_changed_files'),
    session_chain: f.optionalString('session_chain'),
    checkpoint_index: f.integer('checkpoint_index'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (fixture as unknown as Record<string, unknown>)[key] = value;
  return fixture;
}

export async function writeRegressFixture(file: string, fixture: RegressFixture): Promise<void> {
  await writeFileAtomic(file, marshalIndent(orderFixture(fixture)), { mode: 0o600 });
}

/**
 * The config `init` writes: regenerated from the fixture folders on disk (every valid name with a
 * `fixture.json`, sorted), so it never drifts from what is there. A folder with a runpack but no
 * fixture.json is refused rather than silently dropped.
 */
export async function scanRegressConfig(workDir: string, fixtureSet: string): Promise<RegressConfig> {
  const root = join(workDir, FIXTURES_DIR);
  const names = existsSync(root) ? (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name) : [];
  const fixtures: RegressConfigFixture[] = [];
  for (const name of names.sort(compareBytes)) {
    if (!isValidFixtureName(name)) continue;
    const dir = join(root, name);
    const fixtureFile = join(dir, FIXTURE_FILE);
    if (!isFile(fixtureFile)) {
      if (isFile(join(dir, 'runpack.zip'))) {
        throw new InvalidInputError(`fixture ${name} has runpack.zip but no ${FIXTURE_FILE}: ${FIXTURES_DIR}/${name}`, { code: 'fixture_incomplete' });
      }
      continue;
    }
    const fixture = await readRegressFixture(fixtureFile, `${FIXTURES_DIR}/${name}/${FIXTURE_FILE}`);
    fixtures.push({ name, run_id: fixture.run_id, runpack: `${FIXTURES_DIR}/${name}/${fixture.runpack}` });
  }
  return { schema_id: CONFIG_SCHEMA_ID, schema_version: SCHEMA_VERSION, fixture_set: fixtureSet, fixtures };
}

export async function writeRegressConfig(file: string, config: RegressConfig): Promise<void> {
  await writeFileAtomic(file, marshalIndent(orderConfig(config)), { mode: 0o600 });
}

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o750 });
}

export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** A path from a workspace file, resolved against the work dir unless absolute. */
export function inWorkDir(workDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(workDir, path);
}
