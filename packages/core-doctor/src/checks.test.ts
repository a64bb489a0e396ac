import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, encodePrivateKey, encodePublicKey } from '@gait/core-sign';
import { submitJob } from '@gait/core-jobs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shellQuote } from './check.js';
import { outputDirCheck, tempDirCheck, workdirCheck } from './checks/folders.js';
import { jobDurabilityCheck } from './checks/jobs.js';
import { keyConfigCheck, keyPermissionsCheck, keySourceAmbiguityCheck, type KeyInputs } from './checks/keys.js';
import { rateLimitLockCheck } from './checks/locks.js';
import { onboardingMode } from './checks/mode.js';
import { productionChecks } from './checks/production.js';
import { registryCacheCheck } from './checks/registry.js';
import { schemaFilesCheck, workspaceInstallCheck, REQUIRED_SCHEMAS } from './checks/repo.js';
import { binaryCheck, nodeRuntimeCheck, satisfiesEngines } from './checks/runtime.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gait-doctor-'));
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

const file = (rel: string, text = 'x', mode = 0o600) => {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
};
const asRoot = process.getuid?.() === 0;

describe('folder checks', () => {
  it('workdir: pass, fail when missing, fail when a file', () => {
    expect(workdirCheck(dir).status).toBe('pass');
    expect(workdirCheck(join(dir, 'nope'))).toMatchObject({ status: 'fail', fix_command: `mkdir -p ${shellQuote(join(dir, 'nope'))}` });
    expect(workdirCheck(file('f')).status).toBe('fail');
  });

  it('output_dir: pass, warn when missing', () => {
    expect(outputDirCheck(dir).status).toBe('pass');
    expect(outputDirCheck(join(dir, 'gait-out'))).toMatchObject({ status: 'warn', fix_command: `mkdir -p ${shellQuote(join(dir, 'gait-out'))}` });
  });

  it.skipIf(asRoot)('output_dir: fail when not writable (skipped as root, who can write anywhere)', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro, { mode: 0o500 });
    expect(outputDirCheck(ro)).toMatchObject({ status: 'fail', fix_command: `chmod u+w ${shellQuote(ro)}` });
  });

  it('temp_dir: pass, fail when missing', () => {
    expect(tempDirCheck(dir).status).toBe('pass');
    expect(tempDirCheck(join(dir, 'gone')).status).toBe('fail');
  });
});
if (asRoot) console.warn('[skipped] output_dir not-writable case: running as root, permissions do not stop writes');

describe('job_runtime_durability', () => {
  it('passes with no jobs or healthy jobs, fails on divergence with a recover command', async () => {
    expect((await jobDurabilityCheck(dir)).status).toBe('pass');
    await submitJob({ root: join(dir, 'jobs'), jobId: 'job_x' });
    expect(await jobDurabilityCheck(dir)).toMatchObject({ status: 'pass', message: 'durable job state consistent (1 job(s))' });
    writeFileSync(join(dir, 'jobs/job_x/events.jsonl'), '');
    expect(await jobDurabilityCheck(dir)).toMatchObject({
      status: 'fail',
      message: 'durable job state divergence detected: job_x:state_ahead_of_event_log',
      fix_command: `gait job recover --id job_x --root ${shellQuote(join(dir, 'jobs'))} --json`,
    });
  });
});

describe('registry_cache', () => {
  const digest = 'a'.repeat(64);
  it('warns when missing, fails when a file, passes with resolvable pins, warns on broken pins', () => {
    expect(registryCacheCheck(join(dir, 'reg')).status).toBe('warn');
    expect(registryCacheCheck(file('regfile')).status).toBe('fail');
    file(`reg/pins/pack.pin`, `sha256:${digest}\n`);
    file(`reg/acme/pack/${digest}/registry_pack.json`, '{}');
    expect(registryCacheCheck(join(dir, 'reg'))).toMatchObject({ status: 'pass', message: 'registry cache healthy (1 pinned pack(s))' });
    file(`reg/pins/other.pin`, 'not-a-digest');
    expect(registryCacheCheck(join(dir, 'reg'))).toMatchObject({ status: 'warn', message: 'registry cache has 1 inconsistent pin entries' });
  });
});

describe('gate_rate_limit_lock', () => {
  it('passes without a lock or with a fresh one, warns on a stale one', () => {
    expect(rateLimitLockCheck(dir, dir).status).toBe('pass');
    const lock = file('gate_rate_limits.json.lock', '');
    expect(rateLimitLockCheck(dir, dir).status).toBe('pass');
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    expect(rateLimitLockCheck(dir, dir)).toMatchObject({ status: 'warn', fix_command: `rm -f ${shellQuote(lock)}` });
  });
});

describe('runtime checks', () => {
  it('onboarding_binary: pass when invoked with a version, warn when nothing is found', () => {
    expect(binaryCheck({ path: '/x/gait', source: 'invoked_executable', version: '1.2.3' }, 'installed_package')).toMatchObject({
      status: 'pass',
      message: 'gait binary ready (invoked_path=/x/gait version=1.2.3)',
    });
    expect(binaryCheck({}, 'installed_package')).toMatchObject({ status: 'warn', fix_command: 'npm install -g @gait/cli' });
    expect(binaryCheck({}, 'repo_checkout').fix_command).toMatch(/^pnpm install/);
    const notExec = file('gait', '#!/bin/sh\n', 0o644);
    expect(binaryCheck({ path: notExec, source: 'workdir' }, 'installed_package')).toMatchObject({ status: 'warn', fix_command: `chmod +x ${shellQuote(notExec)}` });
  });

  it.each([
    ['v20.20.0', '>=20', true],
    ['v18.19.0', '>=20', false],
    ['v22.1.0', '^20 || >=22', true],
    ['v21.0.0', '^20 || >=22', false],
    ['v20.10.0', '>=20.11.0', false],
  ])('node %s against engines %s: %s', (version, range, ok) => {
    expect(satisfiesEngines(version, range)).toBe(ok);
    expect(nodeRuntimeCheck(version, range).status).toBe(ok ? 'pass' : 'warn');
  });
});

describe('key checks', () => {
  const keys = (over: Partial<KeyInputs>): KeyInputs => ({ keyMode: 'dev', privateKey: '', privateKeyEnv: '', publicKey: '', publicKeyEnv: '', env: {}, ...over });
  const pair = () => {
    const kp = generateKeyPair();
    return { priv: file('keys/prod_private.key', encodePrivateKey(kp.privateKey)), pub: file('keys/prod_public.key', encodePublicKey(kp.publicKey)) };
  };

  it('key_source_ambiguity: pass, fail with both a path and an env', () => {
    expect(keySourceAmbiguityCheck(keys({})).status).toBe('pass');
    expect(keySourceAmbiguityCheck(keys({ privateKey: 'a', privateKeyEnv: 'B' })).status).toBe('fail');
    expect(keySourceAmbiguityCheck(keys({ publicKey: 'a', publicKeyEnv: 'B' })).status).toBe('fail');
  });

  it('key_permissions: pass, warn when missing or group-writable', () => {
    const { priv } = pair();
    expect(keyPermissionsCheck(keys({ privateKey: priv })).status).toBe('pass');
    expect(keyPermissionsCheck(keys({ privateKey: join(dir, 'missing.key') })).status).toBe('warn');
    chmodSync(priv, 0o664);
    expect(keyPermissionsCheck(keys({ privateKey: priv }))).toMatchObject({ status: 'warn', fix_command: `chmod go-w ${shellQuote(priv)}` });
  });

  it('key_config: dev passes, dev with sources warns, bad mode fails, prod loads a good pair', () => {
    expect(keyConfigCheck(keys({})).status).toBe('pass');
    expect(keyConfigCheck(keys({ privateKey: 'x' })).status).toBe('warn');
    expect(keyConfigCheck(keys({ keyMode: 'staging' }))).toMatchObject({ status: 'fail', message: 'unsupported key mode: staging' });
    const { priv, pub } = pair();
    expect(keyConfigCheck(keys({ keyMode: 'prod', privateKey: priv, publicKey: pub })).status).toBe('pass');
    expect(keyConfigCheck(keys({ keyMode: 'prod' })).status).toBe('fail');
  });

  it('key_config: a broken key file is named, with a command that regenerates it', () => {
    const broken = file('keys/prod_private.key', 'not base64 at all!!\n');
    const check = keyConfigCheck(keys({ keyMode: 'prod', privateKey: broken }));
    expect(check.status).toBe('fail');
    expect(check.message).toContain(broken);
    expect(check.fix_command).toBe(`gait keys init --out-dir ${shellQuote(join(dir, 'keys'))} --prefix 'prod' --force`);
  });
});

describe('repo checks', () => {
  it('onboarding mode is repo_checkout only in a checkout of this workspace', () => {
    expect(onboardingMode(dir)).toBe('installed_package');
    file('package.json', JSON.stringify({ name: 'gait-ts' }));
    file('pnpm-workspace.yaml', '');
    file('packages/cli/package.json', '{}');
    mkdirSync(join(dir, 'schemas/v1'), { recursive: true });
    expect(onboardingMode(dir)).toBe('repo_checkout');
  });

  it('schema_files: pass when all present, non-fixable fail listing what is missing', () => {
    for (const rel of REQUIRED_SCHEMAS) file(rel, '{}');
    expect(schemaFilesCheck(dir).status).toBe('pass');
    rmSync(join(dir, REQUIRED_SCHEMAS[0]!));
    expect(schemaFilesCheck(dir)).toMatchObject({ status: 'fail', non_fixable: true, message: `missing schema files: ${REQUIRED_SCHEMAS[0]}` });
  });

  it('workspace_install: warn until installed and built', () => {
    expect(workspaceInstallCheck(dir)).toMatchObject({ status: 'warn', fix_command: 'pnpm install' });
    mkdirSync(join(dir, 'node_modules'));
    expect(workspaceInstallCheck(dir).fix_command).toMatch(/turbo run build/);
    file('packages/cli/dist/bin.js', '');
    expect(workspaceInstallCheck(dir).status).toBe('pass');
  });
});

describe('production checks', () => {
  const GOOD = `gate:\n  policy: ./p.yaml\n  profile: OSS-PROD\n  key_mode: prod\nmcp_serve:\n  enabled: true\n  listen: 127.0.0.1:8787\n  auth_mode: token\n  auth_token_env: T\n  max_request_bytes: 1048576\n  http_verdict_status: strict\nretention:\n  trace_ttl: 168h\n  session_ttl: 336h\n  export_ttl: 168h\n`;
  const run = (yaml?: string) => {
    if (yaml !== undefined) file('.gait/config.yaml', yaml);
    return Object.fromEntries(productionChecks(dir).map((c) => [c.name, c]));
  };

  it('all pass with the hardened config', () => {
    expect(Object.values(run(GOOD)).map((c) => c.status)).toEqual(Array(6).fill('pass'));
  });

  it('a missing file fails the config check and is checked as empty', () => {
    const r = run();
    expect(r.production_readiness_config).toMatchObject({ status: 'fail', message: 'missing .gait/config.yaml' });
    expect(r.production_readiness_config!.fix_command).toMatch(/oss_prod_template\.yaml' '\.gait\/config\.yaml'$/);
    expect(r.production_service_boundary!.status).toBe('pass');
    expect(r.production_profile!.status).toBe('fail');
  });

  it('a file that does not parse gives that single failure', () => {
    expect(productionChecks((file('.gait/config.yaml', 'gate:\n  nope: 1\n'), dir))).toEqual([
      expect.objectContaining({ name: 'production_readiness_config', status: 'fail', message: expect.stringMatching(/^failed to parse \.gait\/config\.yaml: .*unknown key gate\.nope/) }),
    ]);
  });

  it.each([
    [GOOD.replace('OSS-PROD', 'standard'), 'production_profile', 'gate.profile must be oss-prod for production readiness'],
    [GOOD.replace('key_mode: prod', 'key_mode: dev'), 'production_key_mode', 'gate.key_mode must be prod for production readiness'],
    [GOOD.replace('  export_ttl: 168h\n', ''), 'production_retention', 'retention.trace_ttl, retention.session_ttl, and retention.export_ttl are required'],
    [GOOD.replace('168h\n  session', 'seven days\n  session'), 'production_retention', /^invalid retention\.trace_ttl/],
    [GOOD.replace('strict', 'compat'), 'production_service_boundary', 'mcp_serve.http_verdict_status must be strict in production'],
    [GOOD.replace('127.0.0.1', '0.0.0.0').replace('auth_mode: token', 'auth_mode: none'), 'production_service_boundary', 'mcp_serve.auth_mode must be token for a non-loopback listen address'],
    [GOOD.replace('1048576', '9999999'), 'production_service_boundary', 'mcp_serve.max_request_bytes must be between 1 and 4194304'],
    [GOOD.replace('  policy: ./p.yaml\n', ''), 'production_context_strictness', 'gate.policy must be set for strict context enforcement'],
  ])('fails %#: %s', (yaml, name, message) => {
    const check = run(yaml)[name]!;
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(message);
  });
});
