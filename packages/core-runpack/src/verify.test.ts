import { readZipSafe } from '@gait/core-fsx';
import { keyPairFromSeed } from '@gait/core-sign';
import { describe, expect, it } from 'vitest';
import { recordRun } from './record.js';
import { sampleRunInput } from './test-fixtures/sample-run.js';
import { storedZip } from './test-fixtures/stored-zip.js';
import { verifyRunpack } from './verify.js';

const keyPair = keyPairFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i));
const otherKey = keyPairFromSeed(Uint8Array.from({ length: 32 }, (_, i) => 100 + i));
const entriesOf = (zip: Uint8Array) => readZipSafe(zip).map((e) => ({ name: e.name, data: e.data }));

describe('verifyRunpack', () => {
  it('accepts a fresh runpack; unsigned is status missing, signed without a key is skipped', async () => {
    const unsigned = await verifyRunpack(recordRun(sampleRunInput()).zip);
    expect(unsigned).toMatchObject({ ok: true, run_id: 'run_sample', files_checked: 4, signature_status: 'missing', failures: [], schema_errors: [] });
    const signed = recordRun(sampleRunInput(), { keyPair }).zip;
    expect(await verifyRunpack(signed)).toMatchObject({ ok: true, signature_status: 'skipped', signature_errors: ['public key not configured'], signatures_total: 1 });
    expect(await verifyRunpack(signed, { publicKey: keyPair.publicKey, requireSignature: true })).toMatchObject({ ok: true, signature_status: 'verified', signatures_valid: 1 });
  });

  it('fails a wrong key and a required but absent signature with stable codes', async () => {
    const signed = recordRun(sampleRunInput(), { keyPair }).zip;
    const wrong = await verifyRunpack(signed, { publicKey: otherKey.publicKey });
    expect(wrong).toMatchObject({ ok: false, signature_status: 'failed', signature_errors: ['key id mismatch'] });
    expect(wrong.failures.map((f) => f.code)).toEqual(['signature_failed']);
    const required = await verifyRunpack(recordRun(sampleRunInput()).zip, { requireSignature: true });
    expect(required).toMatchObject({ ok: false, signature_errors: ['manifest has no signatures'] });
    expect(required.failures.map((f) => f.code)).toEqual(['signature_missing']);
  });

  it('detects a flipped byte anywhere in any member', async () => {
    const recorded = recordRun(sampleRunInput({ steps: 1 }), { keyPair });
    let checked = 0;
    for (const [name, data] of recorded.entries) {
      for (let i = 0; i < data.length; i++) {
        const tampered = Uint8Array.from(data);
        tampered[i] = tampered[i]! ^ 0x01;
        // Stored members keep the loop fast; the deflate layer is the zip reader's concern.
        const zip = storedZip([...recorded.entries].map(([n, d]) => ({ name: n, data: n === name ? tampered : d })));
        let ok: boolean;
        try {
          ok = (await verifyRunpack(zip, { publicKey: keyPair.publicKey })).ok;
        } catch {
          ok = false; // an unparsable manifest is refused outright
        }
        expect(ok, `${name} byte ${i}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('accepts rewrites that change no content: reordered and uncompressed members', async () => {
    const entries = entriesOf(recordRun(sampleRunInput(), { keyPair }).zip).reverse();
    const result = await verifyRunpack(storedZip(entries), { publicKey: keyPair.publicKey, requireSignature: true });
    expect(result.ok).toBe(true);
  });

  it('reports missing members and members the manifest does not declare', async () => {
    const entries = entriesOf(recordRun(sampleRunInput()).zip);
    const missing = await verifyRunpack(storedZip(entries.filter((e) => e.name !== 'refs.json')));
    expect(missing).toMatchObject({ ok: false, missing_files: ['refs.json'] });
    const extra = await verifyRunpack(storedZip([...entries, { name: 'notes.txt', data: Buffer.from('hi') }]));
    expect(extra).toMatchObject({ ok: false, undeclared_files: ['notes.txt'] });
    expect(extra.failures.map((f) => f.code)).toEqual(['undeclared_file']);
  });

  it('refuses a shadowing duplicate member, a missing manifest and a corrupt zip', async () => {
    const entries = entriesOf(recordRun(sampleRunInput()).zip);
    const run = entries.find((e) => e.name === 'run.json')!;
    await expect(verifyRunpack(storedZip([...entries, { name: 'run.json', data: run.data }]))).rejects.toMatchObject({ code: 'zip_duplicate_entry', exitCode: 2 });
    await expect(verifyRunpack(storedZip(entries.filter((e) => e.name !== 'manifest.json')))).rejects.toMatchObject({ message: 'missing manifest.json', exitCode: 6 });
    await expect(verifyRunpack(Uint8Array.from([1, 2, 3]))).rejects.toMatchObject({ exitCode: 6 });
  });

  it('detects a manifest whose digest no longer matches its fields', async () => {
    const entries = entriesOf(recordRun(sampleRunInput()).zip);
    const manifest = JSON.parse(Buffer.from(entries.find((e) => e.name === 'manifest.json')!.data).toString('utf8'));
    manifest.producer_version = 'forged';
    const zip = storedZip(entries.map((e) => (e.name === 'manifest.json' ? { name: e.name, data: Buffer.from(JSON.stringify(manifest)) } : e)));
    const result = await verifyRunpack(zip);
    expect(result.hash_mismatches.map((m) => m.path)).toEqual(['manifest.json']);
    expect(result.failures.map((f) => f.code)).toEqual(['manifest_digest_mismatch']);
  });

  it('reports schema violations, fatal only when asked', async () => {
    const zip = recordRun(sampleRunInput({ runId: 'sample-without-prefix' })).zip;
    const lenient = await verifyRunpack(zip);
    expect(lenient.ok).toBe(true);
    expect(lenient.schema_errors.length).toBeGreaterThan(0);
    const strict = await verifyRunpack(zip, { requireSchemaValid: true });
    expect(strict.ok).toBe(false);
    expect(new Set(strict.failures.map((f) => f.code))).toEqual(new Set(['schema_invalid']));
  });
});
