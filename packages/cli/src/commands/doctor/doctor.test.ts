import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCaptured } from '../../testing/run-captured.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-doctor-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const env = () => ({ HOME: cwd, PATH: '' });
const run = (...argv: string[]) => runCaptured(argv, { cwd, env: env(), correlationId: 'c' });

describe('gait doctor', () => {
  it('reports the result shape with sorted fix commands and exits 0 on warnings', async () => {
    const { code, stdout } = await run('doctor', '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ ok: true, schema_id: 'gait.doctor.result', schema_version: '1.0.0', onboarding_mode: 'installed_package', status: 'warn' });
    expect(out.fix_commands).toEqual([...out.fix_commands].sort());
    expect(out.checks.map((c: { name: string }) => c.name)).toEqual([
      'workdir', 'output_dir', 'job_runtime_durability', 'temp_dir', 'registry_cache', 'gate_rate_limit_lock',
      'onboarding_binary', 'node_runtime', 'key_source_ambiguity', 'key_permissions', 'key_config',
    ]);
    expect(out.summary).toMatch(/^doctor: onboarding_mode=installed_package status=warn failed=0 warned=\d non_fixable=false$/);
  });

  it('prints every check in text mode and only non-pass checks with --summary', async () => {
    const full = await run('doctor');
    expect(full.stdout).toMatch(/^doctor: onboarding_mode=installed_package status=warn .*\n- workdir: pass \(/);
    expect(full.stdout).toContain('  fix: mkdir -p ');
    const summary = await run('doctor', '--summary');
    expect(summary.stdout).not.toContain('- workdir: pass');
    expect(summary.stdout).toContain('- output_dir: warn');
  });

  it('names a broken key file and the fix', async () => {
    mkdirSync(join(cwd, 'keys'));
    writeFileSync(join(cwd, 'keys/prod_private.key'), 'garbage\n', { mode: 0o600 });
    const { code, stdout } = await run('doctor', '--key-mode', 'prod', '--private-key', 'keys/prod_private.key', '--json');
    expect(code).toBe(0);
    const check = JSON.parse(stdout).checks.find((c: { name: string }) => c.name === 'key_config');
    expect(check.status).toBe('fail');
    expect(check.message).toContain(join(cwd, 'keys/prod_private.key'));
    expect(check.fix_command).toBe(`gait keys init --out-dir '${join(cwd, 'keys')}' --prefix 'prod' --force`);
  });

  it('--production-readiness exits 2 with ok:false when a check fails, and 0 with the hardened config', async () => {
    const failing = await run('doctor', '--production-readiness', '--json');
    expect(failing.code).toBe(2);
    expect(JSON.parse(failing.stdout)).toMatchObject({ ok: false, status: 'fail' });
    mkdirSync(join(cwd, '.gait'));
    mkdirSync(join(cwd, 'gait-out'));
    writeFileSync(
      join(cwd, '.gait/config.yaml'),
      'gate:\n  policy: p.yaml\n  profile: oss-prod\n  key_mode: prod\nretention:\n  trace_ttl: 168h\n  session_ttl: 336h\n  export_ttl: 168h\n',
    );
    const passing = await run('doctor', '--production-readiness', '--json');
    expect(JSON.parse(passing.stdout)).toMatchObject({ ok: true, status: 'pass' });
    expect(passing.code).toBe(0);
  });

  it('rejects positional arguments (exit 6)', async () => {
    expect((await run('doctor', 'extra')).code).toBe(6);
  });
});

// The installed CLI, run as a user would in an empty folder (turbo builds dist before test).
const bin = join(dirname(fileURLToPath(import.meta.url)), '../../../dist/bin.js');
const hasBin = existsSync(bin);
if (!hasBin) console.warn(`[skipped] fresh-machine doctor test: no build at ${bin}`);

describe.runIf(hasBin)('gait doctor on a fresh machine', () => {
  it('reports no failure and exits 0 in an empty folder', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'doctor', '--json'], { cwd, env: { HOME: cwd, PATH: '' } });
    const out = JSON.parse(stdout);
    expect(out.ok).toBe(true);
    expect(out.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
    expect(out.checks.find((c: { name: string }) => c.name === 'onboarding_binary')).toMatchObject({ status: 'pass' });
  });
});
