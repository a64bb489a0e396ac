import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPrivateKeyFile, readPublicKeyFile, sha256Hex } from '@gait/core-sign';
import { announceSkip, hasMade, madeDir } from '../../../test-support/conformance.js';
import { decryptArtifact, parseEncryptedArtifact, resolveEncryptionKey } from './encryption.js';
import { buildEvidencePack } from './evidence-pack.js';
import { buildIncidentPack } from './incident-pack.js';
import { verifyGuardPack } from './verify.js';

announceSkip('guard packs and encrypted files made by gait v1.4.0', hasMade, madeDir);

const made = (...parts: string[]) => join(madeDir, ...parts);
const expected = (file: string) => JSON.parse(readFileSync(made(file), 'utf8')) as Record<string, any>;

describe.runIf(hasMade)('guard artifacts made by the reference (gait v1.4.0)', () => {
  it('#68: rebuilds the signed evidence pack byte for byte', async () => {
    const built = await buildEvidencePack({
      runpack: made('runpacks/signed/runpack_run_tck.zip'),
      tracePaths: [made('traces/trace_allow.json')],
      approvalAuditPaths: [made('tokens/approval_audit_approved.json')],
      signingKey: readPrivateKeyFile(made('keys/prod_private.key')),
      producerVersion: '1.4.0',
    });
    expect(built.packId).toBe(expected('packs/guard_pack.out.json').pack_id);
    expect(sha256Hex(built.zip)).toBe(sha256Hex(readFileSync(made('packs/evidence_pack.zip'))));
  });

  it('#74: rebuilds the incident pack (24h window) byte for byte', async () => {
    // The reference ran in a folder holding only the runpack; a copy keeps this test independent of that folder.
    const dir = mkdtempSync(join(tmpdir(), 'incident-'));
    copyFileSync(made('runpacks/signed/runpack_run_tck.zip'), join(dir, 'runpack_run_tck.zip'));
    const built = await buildIncidentPack({ runpack: join(dir, 'runpack_run_tck.zip'), producerVersion: '1.4.0' });
    const out = expected('packs/incident_pack.out.json');
    expect(built.packId).toBe(out.pack_id);
    expect([built.window.from, built.window.to]).toEqual([out.window_from, out.window_to]);
    expect(sha256Hex(built.zip)).toBe(sha256Hex(readFileSync(made('packs/incident_pack.zip'))));
  });

  const cases: [string, string, string, { key?: string; require?: boolean }][] = [
    ['#69', 'packs/evidence_pack.zip', 'packs/guard_verify_evidence.out.json', { key: 'prod', require: true }],
    ['#70', 'packs/evidence_pack.zip', 'packs/guard_verify_evidence_nokey.out.json', {}],
    ['#71', 'packs/evidence_pack.zip', 'packs/guard_verify_evidence_wrongkey.out.json', { key: 'approver' }],
    ['#75', 'packs/incident_pack.zip', 'packs/guard_verify_incident.out.json', {}],
    ['#76', 'packs/incident_pack.zip', 'packs/guard_verify_incident_require_signature.out.json', { key: 'prod', require: true }],
  ];
  it.each(cases)('%s guard verify %s gives the reference verdict', async (_n, zip, out, flags) => {
    const publicKey = flags.key ? readPublicKeyFile(made(`keys/${flags.key}_public.key`)) : undefined;
    const result = await verifyGuardPack(made(zip), { publicKey, requireSignature: flags.require });
    const want = expected(out);
    for (const key of ['ok', 'pack_id', 'run_id', 'files_checked', 'signature_status']) expect(result[key as keyof typeof result]).toBe(want[key]);
    expect(result.signature_errors).toEqual(want.signature_errors ?? []);
    expect(result.signatures_valid).toBe(want.signatures_valid ?? 0);
  });

  it('#98: an undeclared extra member fails here (deliberately stricter than the reference, which passes it)', async () => {
    const result = await verifyGuardPack(made('negative/evidence_pack_extra_member.zip'), { publicKey: readPublicKeyFile(made('keys/prod_public.key')) });
    expect(expected('negative/evidence_pack_extra_member.verify.out.json').ok).toBe(true);
    expect(result).toMatchObject({ ok: false, undeclared_files: ['extra.txt'], signature_status: 'verified', files_checked: 6 });
  });

  const env = { GAIT_INTEROP_ENC_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', GAIT_INTEROP_WRONG_KEY: 'HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=' };
  const decrypt = (file: string, keyEnv: string) =>
    decryptArtifact(parseEncryptedArtifact(readFileSync(made(file), 'utf8')), resolveEncryptionKey({ keyEnv, env }).key);

  it('#87/#89: decrypts what the reference encrypted, digest checked', () => {
    expect(Buffer.from(decrypt('encrypted/plaintext.txt.gaitenc', 'GAIT_INTEROP_ENC_KEY')).equals(readFileSync(made('encrypted/plaintext.txt')))).toBe(true);
    const trace = decrypt('encrypted/trace_allow.json.gaitenc', 'GAIT_INTEROP_ENC_KEY');
    expect(sha256Hex(trace)).toBe(expected('encrypted/decrypt_trace.out.json').plain_sha256);
  });

  it('#90/#100: a wrong key or a tampered ciphertext is refused with the reference message (exit 6)', () => {
    const message = expected('encrypted/decrypt_wrong_key.out.json').error;
    expect(() => decrypt('encrypted/plaintext.txt.gaitenc', 'GAIT_INTEROP_WRONG_KEY')).toThrow(message);
    expect(() => decrypt('negative/plaintext_tampered.txt.gaitenc', 'GAIT_INTEROP_ENC_KEY')).toThrow(expect.objectContaining({ exitCode: 6, message }));
  });
});
