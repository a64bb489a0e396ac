import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validate } from '@gait/core-schema';
import { listInstalled } from './cache.js';
import { installPack } from './install.js';
import { signedPack } from './test-fixtures.js';
import { verificationReport, verifyInstalledPack } from './verify.js';

let dir: string;
let cache: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gait-registry-'));
  cache = join(dir, 'cache');
});

const pack = signedPack();
const writeSource = (text: string) => {
  const path = join(dir, 'registry_pack.json');
  writeFileSync(path, text);
  return path;
};

describe('installPack from a local file', () => {
  it('verifies, writes the canonical manifest and the pin, and lists it', async () => {
    const result = await installPack({ source: writeSource(pack.text), cacheDir: cache, publicKey: pack.keyPair.publicKey, publisherAllowlist: ['ACME'] });
    expect(result).toMatchObject({ ok: true, pack_name: 'baseline-highrisk', pack_version: '1.2.3', publisher: 'acme', pack_source: 'registry' });
    expect(result.metadata_path).toBe(join(cache, 'baseline-highrisk', '1.2.3', result.digest, 'registry_pack.json'));
    expect(readFileSync(result.pin_path, 'utf8')).toBe(`sha256:${result.digest}\n`);
    expect(statSync(result.metadata_path).mode & 0o777).toBe(0o600);
    expect(listInstalled(cache)).toEqual([
      { pack_name: 'baseline-highrisk', pack_version: '1.2.3', digest: result.digest, metadata_path: result.metadata_path, pin_path: result.pin_path, pin_digest: `sha256:${result.digest}`, pin_verified: true },
    ]);
  });

  it('refuses a bad pin, an unlisted publisher, a missing key and a tampered manifest, writing nothing', async () => {
    const source = writeSource(pack.text);
    const key = pack.keyPair.publicKey;
    await expect(installPack({ source, cacheDir: cache, publicKey: key, pin: `sha256:${'0'.repeat(64)}` })).rejects.toMatchObject({ message: 'pin digest mismatch', exitCode: 2 });
    await expect(installPack({ source, cacheDir: cache, publicKey: key, publisherAllowlist: ['other'] })).rejects.toThrow('manifest publisher acme is not in allowlist');
    await expect(installPack({ source, cacheDir: cache })).rejects.toThrow('public key is required for signature verification');
    const tampered = writeSource(pack.text.replace('1.2.3', '1.2.4'));
    await expect(installPack({ source: tampered, cacheDir: cache, publicKey: key })).rejects.toThrow('no valid signature for manifest digest');
    await expect(installPack({ source: join(dir, 'missing.json'), cacheDir: cache, publicKey: key })).rejects.toMatchObject({ exitCode: 2 });
    expect(() => readdirSync(cache)).toThrow();
  });

  it('keeps one pin per pack name: the latest install wins', async () => {
    const next = signedPack({ pack_version: '2.0.0' }, pack.keyPair);
    const first = await installPack({ source: writeSource(pack.text), cacheDir: cache, publicKey: pack.keyPair.publicKey });
    const second = await installPack({ source: writeSource(next.text), cacheDir: cache, publicKey: pack.keyPair.publicKey });
    expect(listInstalled(cache).map((p) => [p.pack_version, p.pin_verified])).toEqual([
      ['1.2.3', false],
      ['2.0.0', true],
    ]);
    expect(verifyInstalledPack(first.metadata_path, { publicKey: pack.keyPair.publicKey })).toMatchObject({ ok: false, pin_present: true, pin_verified: false, signature_verified: true });
    expect(verifyInstalledPack(second.metadata_path, { publicKey: pack.keyPair.publicKey })).toMatchObject({ ok: true, pin_verified: true });
  });
});

describe('verifyInstalledPack', () => {
  it('reports signature, pin and publisher, and writes a schema-valid report', async () => {
    const installed = await installPack({ source: writeSource(pack.text), cacheDir: cache, publicKey: pack.keyPair.publicKey });
    const good = verifyInstalledPack(installed.metadata_path, { publicKey: pack.keyPair.publicKey, publisherAllowlist: ['acme'] });
    expect(good).toMatchObject({ ok: true, signature_verified: true, pin_present: true, pin_verified: true, publisher_allowed: true });
    const report = verificationReport(good, { createdAt: '2026-02-05T00:00:00Z', producerVersion: '0.1.0' });
    const valid = validate('gait.registry.verification_report', report);
    expect(valid.ok ? [] : valid.errors).toEqual([]);
    expect(report).toMatchObject({ status: 'pass', failure_reasons: [] });

    const refused = verifyInstalledPack(installed.metadata_path, { publicKey: pack.keyPair.publicKey, publisherAllowlist: ['other'] });
    expect(refused).toMatchObject({ ok: false, signature_verified: true, publisher_allowed: false, signature_error: 'manifest publisher acme is not in allowlist' });
    const noKey = verifyInstalledPack(installed.metadata_path);
    expect(noKey).toMatchObject({ ok: false, signature_verified: false, signature_error: 'public key is required for signature verification' });
    expect(verificationReport(noKey, { createdAt: '2026-02-05T00:00:00Z', producerVersion: 'x' }).status).toBe('fail');
  });
});

describe('installPack over https (local server with a self-signed certificate)', () => {
  let server: Server;
  let base: string;
  let ca: string;
  let plan: Array<{ status: number; body?: string }> = [];
  let hits = 0;

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    ca = pems.cert;
    server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      hits++;
      const step = plan.shift() ?? { status: 200, body: pack.text };
      if (req.url === '/chunked') {
        // No content-length: the cap must hold while streaming.
        res.writeHead(200, { 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 8; i++) res.write(Buffer.alloc(1024, 'y'));
        res.end();
        return;
      }
      if (req.url === '/big') {
        res.writeHead(200);
        res.end(Buffer.alloc(1024 * 64, 'x'));
        return;
      }
      res.writeHead(step.status);
      res.end(step.body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    plan = [];
    hits = 0;
  });

  const remote = (extra: Record<string, unknown> = {}) => ({
    source: `${base}/registry_pack.json`,
    cacheDir: cache,
    publicKey: pack.keyPair.publicKey,
    allowHosts: ['127.0.0.1'],
    ca,
    sleep: async () => {},
    ...extra,
  });

  it('installs from an allowlisted host', async () => {
    const result = await installPack(remote());
    expect(result).toMatchObject({ ok: true, pack_name: 'baseline-highrisk', source: `${base}/registry_pack.json` });
    expect(hits).toBe(1);
  });

  it('refuses http, a missing allowlist and an unlisted host before connecting', async () => {
    await expect(installPack(remote({ source: base.replace('https', 'http') }))).rejects.toThrow('remote source requires https');
    await expect(installPack(remote({ allowHosts: [] }))).rejects.toThrow('remote source requires --allow-host');
    await expect(installPack(remote({ allowHosts: ['registry.example'] }))).rejects.toThrow('source host 127.0.0.1 is not in allowlist');
    expect(hits).toBe(0);
  });

  it('retries 503 and 429 within the attempt bound, but not 404', async () => {
    plan = [{ status: 503 }, { status: 429 }];
    const delays: number[] = [];
    await expect(installPack(remote({ sleep: async (ms: number) => void delays.push(ms) }))).resolves.toMatchObject({ ok: true });
    expect(hits).toBe(3);
    expect(delays).toEqual([225, 450]);
    plan = [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }];
    hits = 0;
    await expect(installPack(remote())).rejects.toThrow('download source: unexpected status 503');
    expect(hits).toBe(3);
    plan = [{ status: 404 }];
    hits = 0;
    await expect(installPack(remote())).rejects.toThrow('download source: unexpected status 404');
    expect(hits).toBe(1);
  });

  it('caps the download size', async () => {
    await expect(installPack(remote({ source: `${base}/big`, maxBytes: 1024 }))).rejects.toThrow('download source: payload too large');
    await expect(installPack(remote({ source: `${base}/chunked`, maxBytes: 4096 }))).rejects.toThrow('download source: payload too large');
  });

  it('does not trust the self-signed certificate without the CA', async () => {
    await expect(installPack(remote({ ca: undefined }))).rejects.toThrow(/download source: .*(self.signed|certificate)/i);
  });

  it('falls back to the cached manifest only with a pin', async () => {
    const first = await installPack(remote());
    plan = [{ status: 503 }, { status: 503 }, { status: 503 }];
    await expect(installPack(remote({ allowCachedFallback: true }))).rejects.toThrow('cached fallback requires --pin sha256:<digest>');
    plan = [{ status: 503 }, { status: 503 }, { status: 503 }];
    const fallback = await installPack(remote({ allowCachedFallback: true, pin: `sha256:${first.digest.toUpperCase()}` }));
    expect(fallback).toMatchObject({ ok: true, fallback_used: true, fallback_path: first.metadata_path, digest: first.digest });
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
