import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../../test-support/conformance.js';
import { runCaptured } from '../../testing/run-captured.js';
import { rotatedPrefix } from './rotate.js';

announceSkip('keys verify of the Go-made keys', hasMade, madeDir);

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-keys-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCaptured(argv, { cwd, env, correlationId: 'c' });
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe('gait keys init', () => {
  it('writes base64 key files (private 0600, folder 0750) and reports them', async () => {
    const { code, stdout } = await run(['keys', 'init', '--out-dir', 'keys', '--prefix', 'prod', '--json']);
    expect(code).toBe(0);
    const out = json(stdout);
    expect(out).toMatchObject({ ok: true, prefix: 'prod', private_key_path: 'keys/prod_private.key', public_key_path: 'keys/prod_public.key' });
    expect(out.key_id).toMatch(/^[0-9a-f]{64}$/);
    const privateText = readFileSync(join(cwd, 'keys/prod_private.key'), 'utf8');
    const publicText = readFileSync(join(cwd, 'keys/prod_public.key'), 'utf8');
    expect(Buffer.from(privateText.trim(), 'base64')).toHaveLength(64);
    expect(privateText).toMatch(/^[A-Za-z0-9+/]+=*\n$/);
    expect(Buffer.from(publicText.trim(), 'base64')).toHaveLength(32);
    expect(statSync(join(cwd, 'keys/prod_private.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(cwd, 'keys')).mode & 0o777).toBe(0o750);
    // no temp files left behind
    expect(readdirSync(join(cwd, 'keys')).sort()).toEqual(['prod_private.key', 'prod_public.key']);
  });

  it('defaults to gait-out/keys/gait_* and prints the text line', async () => {
    const { code, stdout } = await run(['keys', 'init']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^keys init ok: key_id=[0-9a-f]{64} public=gait-out\/keys\/gait_public\.key private=gait-out\/keys\/gait_private\.key\n$/,
    );
  });

  it('refuses to replace existing keys without --force, and replaces them with it', async () => {
    await run(['keys', 'init', '--out-dir', 'k']);
    const before = readFileSync(join(cwd, 'k/gait_private.key'), 'utf8');
    const refused = await run(['keys', 'init', '--out-dir', 'k']);
    expect(refused.code).toBe(6);
    expect(refused.stdout).toMatch(/^keys init error: private key path already exists \(use --force\): .*k\/gait_private\.key\n$/);
    expect(readFileSync(join(cwd, 'k/gait_private.key'), 'utf8')).toBe(before);

    const forced = await run(['keys', 'init', '--out-dir', 'k', '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(cwd, 'k/gait_private.key'), 'utf8')).not.toBe(before);
  });

  it('rejects an empty out-dir or prefix', async () => {
    expect((await run(['keys', 'init', '--out-dir', ' '])).stdout).toBe('keys init error: out-dir must not be empty\n');
    const prefix = await run(['keys', 'init', '--prefix=', '--json']);
    expect(prefix.code).toBe(6);
    expect(json(prefix.stdout)).toMatchObject({ ok: false, error: 'prefix must not be empty', error_code: 'invalid_input' });
  });
});

describe('gait keys rotate', () => {
  it('writes a timestamped pair next to the old one and prints `keys init ok:`', async () => {
    await run(['keys', 'init', '--out-dir', 'k']);
    const { code, stdout } = await run(['keys', 'rotate', '--out-dir', 'k', '--json']);
    expect(code).toBe(0);
    const out = json(stdout);
    expect(out.prefix).toMatch(/^gait_\d{8}T\d{6}Z$/);
    expect(out.private_key_path).toBe(`k/${out.prefix as string}_private.key`);
    expect(readdirSync(join(cwd, 'k')).length).toBe(4);
    const text = await run(['keys', 'rotate', '--out-dir', 'k2']);
    expect(text.stdout).toMatch(/^keys init ok: key_id=/);
  });

  it('formats the rotation prefix as UTC YYYYMMDDTHHMMSSZ', () => {
    expect(rotatedPrefix('prod', new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)))).toBe('prod_20260102T030405Z');
  });
});

describe('gait keys verify', () => {
  it('round-trips with keys init: same key_id, from files or the environment', async () => {
    const init = json((await run(['keys', 'init', '--out-dir', 'k', '--json'])).stdout);
    const files = await run(['keys', 'verify', '--private-key', 'k/gait_private.key', '--public-key', 'k/gait_public.key', '--json']);
    expect(files.code).toBe(0);
    expect(json(files.stdout)).toEqual({
      correlation_id: 'c',
      ok: true,
      key_id: init.key_id,
      private_key_source: 'path:k/gait_private.key',
      public_key_source: 'path:k/gait_public.key',
    });
    const env = { PRIV: readFileSync(join(cwd, 'k/gait_private.key'), 'utf8') };
    const fromEnv = await run(['keys', 'verify', '-private-key-env', 'PRIV'], env);
    expect(fromEnv).toMatchObject({ code: 0, stdout: `keys verify ok: key_id=${init.key_id as string}\n` });
    const derived = json((await run(['keys', 'verify', '--private-key-env=PRIV', '--json'], env)).stdout);
    expect(derived).toMatchObject({ private_key_source: 'env:PRIV', public_key_source: 'derived' });
  });

  it('requires a private key source', async () => {
    expect(await run(['keys', 'verify', '--public-key', 'x'])).toMatchObject({
      code: 6,
      stdout: 'keys verify error: private key source is required (--private-key or --private-key-env)\n',
    });
  });

  it('rejects a bad key file, a missing file, an unset env var and a mismatched pair with exit 6', async () => {
    writeFileSync(join(cwd, 'bad.key'), 'not a key\n');
    writeFileSync(join(cwd, 'short.key'), `${Buffer.alloc(10).toString('base64')}\n`);
    await run(['keys', 'init', '--prefix', 'a']);
    await run(['keys', 'init', '--prefix', 'b']);
    const cases: [string[], RegExp][] = [
      [['--private-key', 'bad.key'], /base64/],
      [['--private-key', 'short.key'], /^invalid private key length: 10$/],
      [['--private-key', 'missing.key'], /missing\.key/],
      [['--private-key-env', 'UNSET_VAR'], /^private key env not set: UNSET_VAR$/],
      [['--private-key', 'gait-out/keys/a_private.key', '--public-key', 'gait-out/keys/b_public.key'], /^public key does not match private key$/],
      [['--private-key', 'gait-out/keys/a_private.key', '--private-key-env', 'X'], /set either path or env/],
    ];
    for (const [flags, message] of cases) {
      const { code, stdout } = await run(['keys', 'verify', ...flags, '--json']);
      expect(code, flags.join(' ')).toBe(6);
      const out = json(stdout);
      expect(out).toMatchObject({ ok: false, error_code: 'invalid_input', error_category: 'invalid_input' });
      expect(out.error).toMatch(message);
    }
  });

  it.runIf(hasMade)('verifies the keys made by the Go binary with the key_ids in its README', async () => {
    const expected = {
      prod: '4b89cef4f8fec3208effa4e859bb21feff783394c42042740352e0b9fabdb9dc',
      approver: '15e35f0193f91c459796cde47e6c925c6929ee633cbf1b3940446d40dae11e38',
    };
    for (const [name, keyId] of Object.entries(expected)) {
      const argv = ['keys', 'verify', '--private-key', `keys/${name}_private.key`, '--public-key', `keys/${name}_public.key`, '--json'];
      const { code, stdout } = await runCaptured(argv, { cwd: madeDir });
      expect(code).toBe(0);
      const reference = json(readFileSync(join(madeDir, `keys/keys_verify_${name}.out.json`), 'utf8'));
      const ours = json(stdout);
      // correlation_id depends on how the reference binary was invoked; every other field must match.
      delete reference.correlation_id;
      delete ours.correlation_id;
      expect(ours).toEqual(reference);
      expect(ours.key_id).toBe(keyId);
    }
  });
});
