import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../../test-support/conformance.js';
import { runCaptured } from '../../testing/run-captured.js';

announceSkip('gait migrate of Go-made runpacks', hasMade, madeDir);

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-migrate-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCaptured(argv, { cwd, env: {}, correlationId: 'c' });

describe('gait migrate', () => {
  it('rewrites the demo runpack byte for byte (no_change) beside the input', async () => {
    await run('demo');
    const { code, stdout } = await run('migrate', 'run_demo', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: true,
      input: 'gait-out/runpack_run_demo.zip',
      output: 'gait-out/runpack_run_demo_migrated.zip',
      artifact: 'runpack',
      status: 'no_change',
      run_id: 'run_demo',
    });
    expect((await run('verify', 'gait-out/runpack_run_demo_migrated.zip')).code).toBe(0);
  });

  it.each([
    [['migrate'], 'migrate error: missing required --input <artifact_path|run_id>'],
    [['migrate', 'run_demo', '--target', 'v2'], 'migrate error: unsupported --target (only v1 is currently available)'],
    [['migrate', 'gait-out/runpack_run_demo.zip', '--out', 'gait-out/runpack_run_demo.zip'], 'migrate error: --out must differ from input path'],
    [['migrate', 'nowhere/runpack.zip'], 'migrate error: runpack not found: nowhere/runpack.zip'],
  ])('%j fails with exit 6', async (argv, message) => {
    await run('demo');
    expect(await run(...argv)).toMatchObject({ code: 6, stdout: `${message}\n` });
  });

  it('refuses a file that is not a zip, writing nothing', async () => {
    mkdirSync(join(cwd, 'in'));
    writeFileSync(join(cwd, 'in/notes.txt'), 'hello');
    expect((await run('migrate', 'in/notes.txt')).stdout).toBe('migrate error: unsupported artifact type (only runpack zip is currently migratable)\n');
    expect(existsSync(join(cwd, 'in/notes_migrated.zip'))).toBe(false);
  });

  it.runIf(hasMade)('rewrites a Go-made signed runpack unsigned, and it verifies', async () => {
    copyFileSync(join(madeDir, 'runpacks/signed/runpack_run_tck.zip'), join(cwd, 'runpack_run_tck.zip'));
    const { code, stdout } = await run('migrate', './runpack_run_tck.zip', '--out', 'out.zip', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'migrated', run_id: 'run_tck' });
    const verified = await run('verify', 'out.zip', '--json');
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, signature_status: 'missing' });
  });

  it.runIf(hasMade)('leaves a Go-made unsigned runpack unchanged', async () => {
    copyFileSync(join(madeDir, 'runpacks/unsigned/runpack_run_tck.zip'), join(cwd, 'runpack_run_tck.zip'));
    const { stdout } = await run('migrate', './runpack_run_tck.zip', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, output: 'runpack_run_tck_migrated.zip', status: 'no_change' });
  });
});
