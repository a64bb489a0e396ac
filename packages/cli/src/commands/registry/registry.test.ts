import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRegistryManifest, signManifest } from '@gait/core-registry';
import { decodePrivateKey } from '@gait/core-sign';
import { runCaptured } from '../../testing/run-captured.js';

let cwd: string;
const env = () => ({ HOME: join(cwd, 'home') });
const run = (argv: string[]) => runCaptured(argv, { cwd, env: env(), correlationId: 'c' });
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

beforeEach(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-registry-'));
  expect((await run(['keys', 'init', '--out-dir', 'keys', '--prefix', 'reg'])).code).toBe(0);
  const keyPair = decodePrivateKey(readFileSync(join(cwd, 'keys/reg_private.key'), 'utf8').trim());
  const manifest = parseRegistryManifest(
    JSON.stringify({ schema_id: 'gait.registry.pack', schema_version: '1.0.0', created_at: '2026-02-05T00:00:00Z', producer_version: '0.1.0', pack_name: 'safe-curl', pack_version: '1.0.0', publisher: 'acme', source: 'registry', artifacts: [] }),
  );
  writeFileSync(join(cwd, 'registry_pack.json'), JSON.stringify(signManifest(manifest, keyPair)));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('gait registry', () => {
  it('installs into ~/.gait/registry, lists and verifies the pack', async () => {
    const installed = await run(['registry', 'install', 'registry_pack.json', '--public-key', 'keys/reg_public.key', '--json']);
    expect(installed.code).toBe(0);
    const out = json(installed.stdout);
    expect(out).toMatchObject({ ok: true, source: 'registry_pack.json', pack_name: 'safe-curl', publisher: 'acme', pack_source: 'registry' });
    expect(String(out.metadata_path)).toContain(join(cwd, 'home/.gait/registry/safe-curl/1.0.0/'));

    const listed = await run(['registry', 'list']);
    expect(listed.stdout).toBe(`registry list ok: 1 packs\n- safe-curl@1.0.0 sha256:${String(out.digest)}\n`);

    const verified = await run(['registry', 'verify', String(out.metadata_path), '--public-key', 'keys/reg_public.key', '--report-out', 'out/report.json', '--json']);
    expect(verified.code).toBe(0);
    expect(json(verified.stdout)).toMatchObject({ ok: true, pin_present: true, pin_verified: true, signature_verified: true, report_path: 'out/report.json' });
    expect(JSON.parse(readFileSync(join(cwd, 'out/report.json'), 'utf8'))).toMatchObject({ schema_id: 'gait.registry.verification_report', status: 'pass', publisher_allowed: true });
  });

  it('exits 2 for any refused install and 6 for flag errors', async () => {
    const noKey = await run(['registry', 'install', '--source', 'registry_pack.json', '--json']);
    expect(noKey.code).toBe(2);
    expect(json(noKey.stdout)).toMatchObject({ ok: false, error: 'public key is required for signature verification', error_code: 'verification_failed' });
    const host = await run(['registry', 'install', 'https://registry.example/p.json', '--public-key', 'keys/reg_public.key']);
    expect(host).toMatchObject({ code: 2, stdout: 'registry install error: remote source requires --allow-host\n' });
    expect((await run(['registry', 'install', 'registry_pack.json', '--public-key', 'keys/missing.key'])).code).toBe(6);
    expect((await run(['registry', 'install', 'registry_pack.json', '--pin', 'md5:abc'])).code).toBe(6);
    expect(await run(['registry', 'install'])).toMatchObject({ code: 6, stdout: 'registry install error: expected --source <path|url>\n' });
  });

  it('verify exits 2 for a pack whose pin moved on and without a key', async () => {
    const first = json((await run(['registry', 'install', 'registry_pack.json', '--public-key', 'keys/reg_public.key', '--json'])).stdout);
    const pin = join(cwd, 'home/.gait/registry/pins/safe-curl.pin');
    writeFileSync(pin, `sha256:${'0'.repeat(64)}\n`);
    const moved = await run(['registry', 'verify', '--path', String(first.metadata_path), '--public-key', 'keys/reg_public.key']);
    expect(moved).toMatchObject({ code: 2, stdout: 'registry verify failed: pin mismatch for safe-curl\n' });
    const movedJson = json((await run(['registry', 'verify', '--path', String(first.metadata_path), '--public-key', 'keys/reg_public.key', '--json'])).stdout);
    // False booleans are dropped from the CLI output, as in the reference.
    expect(movedJson).toMatchObject({ ok: false, pin_present: true, signature_verified: true });
    expect(movedJson).not.toHaveProperty('pin_verified');
    const noKey = await run(['registry', 'verify', String(first.metadata_path)]);
    expect(noKey).toMatchObject({ code: 2, stdout: 'registry verify failed: public key is required for signature verification\n' });
  });
});
