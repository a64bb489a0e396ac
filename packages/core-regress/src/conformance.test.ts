/**
 * Against the reference's own regress workspaces (gait-v1.4.0-made/regress, commands #81–#85):
 * the same inputs must give the same files, statuses, reason codes and JUnit structure. The data
 * is read in place and copied only into temporary folders.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'junit2json';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { announceSkip, hasMade, madeDir } from '../../../test-support/conformance.js';
import { readZipSafe } from '@gait/core-fsx';
import { initFixture, runRegress } from './index.js';

announceSkip('regress workspaces made by gait v1.4.0', hasMade, madeDir);

const made = (...parts: string[]) => join(madeDir, ...parts);
const text = (path: string) => readFileSync(path, 'utf8');
const json = (path: string) => JSON.parse(text(path)) as Record<string, any>;

let workDir: string;
beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'gait-regress-conf-'));
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

async function initFromSignedTck() {
  return initFixture({ from: made('runpacks/signed/runpack_run_tck.zip'), workDir });
}

describe.runIf(hasMade)('reference regress workspaces', () => {
  it('#81: init writes the same gait.yaml, fixture.json and runpack bytes', async () => {
    const out = await initFromSignedTck();
    expect(out).toMatchObject({ run_id: 'run_tck', fixture_name: 'run_tck', fixture_dir: 'fixtures/run_tck', config_path: 'gait.yaml' });
    expect(text(join(workDir, 'gait.yaml'))).toBe(text(made('regress/pass/gait.yaml')));
    expect(text(join(workDir, 'fixtures/run_tck/fixture.json'))).toBe(text(made('regress/pass/fixtures/run_tck/fixture.json')));
    expect(readFileSync(join(workDir, 'fixtures/run_tck/runpack.zip'))).toEqual(readFileSync(made('runpacks/signed/runpack_run_tck.zip')));
  });

  it('#82: run passes with the same result and a byte-identical junit.xml', async () => {
    await initFromSignedTck();
    const report = await runRegress({ workDir, junitPath: 'junit.xml', producerVersion: '1.4.0' });
    const expected = json(made('regress/pass/regress_run.out.json'));
    expect(report).toMatchObject({ ok: true, status: 'pass', graders: expected.graders, failed: 0, artifact_paths: expected.artifact_paths });
    expect(report.top_failure_reason).toBeUndefined();
    expect(text(join(workDir, 'regress_result.json'))).toBe(text(made('regress/pass/regress_result.json')));
    expect(text(join(workDir, 'junit.xml'))).toBe(text(made('regress/pass/junit.xml')));
  });

  it('#83–#85: a changed candidate run fails the same graders for the same reasons', async () => {
    await initFromSignedTck();
    copyFileSync(made('regress/fail/candidate/runpack_run_tck.zip'), join(workDir, 'fixtures/run_tck/candidate_runpack.zip'));
    const fixtureFile = join(workDir, 'fixtures/run_tck/fixture.json');
    writeFileSync(fixtureFile, JSON.stringify({ ...json(fixtureFile), candidate_runpack: 'candidate_runpack.zip' }, null, 2));

    const report = await runRegress({ workDir, junitPath: 'junit.xml', producerVersion: '1.4.0' });
    const expectedOut = json(made('regress/fail/regress_run.out.json'));
    expect(report).toMatchObject({
      ok: false,
      status: 'fail',
      failed: expectedOut.failed,
      graders: expectedOut.graders,
      top_failure_reason: expectedOut.top_failure_reason,
      next_command: expectedOut.next_command,
      artifact_paths: expectedOut.artifact_paths,
    });

    const ours = json(join(workDir, 'regress_result.json'));
    const theirs = json(made('regress/fail/regress_result.json'));
    const { graders: ourGraders, ...ourHead } = ours;
    const { graders: theirGraders, ...theirHead } = theirs;
    expect(ourHead).toEqual(theirHead);
    expect(ourGraders).toHaveLength(theirGraders.length);
    theirGraders.forEach((g: Record<string, any>, i: number) => {
      const mine = ourGraders[i];
      expect({ name: mine.name, status: mine.status, reason_codes: mine.reason_codes }).toEqual({
        name: g.name,
        status: g.status,
        reason_codes: g.reason_codes,
      });
      // Every detail the reference reports is there with the same value; ours may add more.
      expect(mine.details).toMatchObject(g.details);
    });
    // The extra detail names the step that drifted.
    const diff = ourGraders.find((g: Record<string, any>) => g.name === 'run_tck/diff');
    expect(diff.details.changed_steps).toEqual([
      {
        step: 1,
        intent_id: 'intent_1',
        tool_name: 'echo',
        change: 'changed',
        fields: [{ field: 'result.status', expected: 'ok', actual: 'error' }],
      },
    ]);

    // Same JUnit structure: elements, attributes and order, apart from the failure wording.
    const structure = (xml: string) => xml.replace(/<failure message="[^"]*"/g, '<failure message="…"').replace(/>[^<]+<\/failure>/g, '>…</failure>');
    expect(structure(text(join(workDir, 'junit.xml')))).toBe(structure(text(made('regress/fail/junit.xml'))));
  });

  it('the reference JUnit files and ours validate against the same schema and read back alike', async () => {
    const xsd = text(join(import.meta.dirname, 'test-support/junit.xsd'));
    for (const kind of ['pass', 'fail']) {
      const theirs = text(made('regress', kind, 'junit.xml'));
      const check = await validateXML({ xml: [{ fileName: 'junit.xml', contents: theirs }], schema: [{ fileName: 'junit.xsd', contents: xsd }] });
      expect(check.errors).toEqual([]);
    }
    await initFromSignedTck();
    copyFileSync(made('regress/fail/candidate/runpack_run_tck.zip'), join(workDir, 'fixtures/run_tck/candidate_runpack.zip'));
    const fixtureFile = join(workDir, 'fixtures/run_tck/fixture.json');
    writeFileSync(fixtureFile, JSON.stringify({ ...json(fixtureFile), candidate_runpack: 'candidate_runpack.zip' }));
    await runRegress({ workDir, junitPath: 'junit.xml' });
    const shape = async (xml: string) => {
      const parsed = (await parse(xml)) as Record<string, any>;
      return parsed.testsuite.map((suite: Record<string, any>) => ({
        name: suite.name,
        tests: suite.tests,
        failures: suite.failures,
        cases: suite.testcase.map((c: Record<string, any>) => [c.classname, c.name, c.failure?.[0]?.type ?? null]),
      }));
    };
    expect(await shape(text(join(workDir, 'junit.xml')))).toEqual(await shape(text(made('regress/fail/junit.xml'))));
  });

  it('init from a session chain uses the runpack of the chosen checkpoint', async () => {
    // Checkpoint paths in the chain are relative to the writer's working directory (the made/ root).
    mkdirSync(join(workDir, 'sessions'));
    for (const file of ['session_chain.json', 'checkpoint_0001.zip', 'checkpoint_0002.zip']) {
      copyFileSync(made('sessions', file), join(workDir, 'sessions', file));
    }
    const out = await initFixture({ from: 'sessions/session_chain.json', checkpoint: '1', workDir, name: 'session' });
    expect(out.fixture).toMatchObject({
      run_id: 'run_sess_cp_0001',
      session_chain: 'sessions/session_chain.json',
      checkpoint_index: 1,
      expected_tool_sequence: ['tool.read', 'tool.delete'],
      // v1.4.0 checkpoints keep no result payload, so a blocked step reads as its status, `error`.
      expected_verdict_sequence: ['allow', 'error'],
    });
    const latest = await initFixture({ from: 'sessions/session_chain.json', workDir, name: 'latest' });
    expect(latest.fixture).toMatchObject({ checkpoint_index: 2, expected_verdict_sequence: ['error', 'allow'] });
    expect((await runRegress({ workDir })).status).toBe('pass');
    await expect(initFixture({ from: 'sessions/session_chain.json', checkpoint: '9', workDir })).rejects.toThrow('checkpoint 9 not found in session chain');
  });

  it('init from a PackSpec run pack takes the runpack it embeds', async () => {
    const pack = made('packs/pack_run.zip');
    const embedded = readZipSafe(readFileSync(pack)).find((entry) => entry.name === 'source/runpack.zip')!;
    const out = await initFixture({ from: pack, workDir });
    expect(out.run_id).toBe('run_tck');
    expect(new Uint8Array(readFileSync(join(workDir, out.runpack_path)))).toEqual(new Uint8Array(embedded.data));
  });
});
