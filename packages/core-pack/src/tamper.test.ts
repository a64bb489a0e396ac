import { describe, expect, it } from 'vitest';
import { readZipSafe, writeDeterministicZip } from '@gait/core-fsx';
import { buildEvidencePack } from '@gait/core-guard';
import { type Ed25519KeyPair, generateKeyPair } from '@gait/core-sign';
import { buildJobPack, buildRunPack } from './build.js';
import { buildCallPack } from './call-pack.js';
import { verifyPack } from './verify.js';
import { demoJobEvents, demoJobState } from './testing/job-vector.js';
import { callRecord, demoRunpack } from './testing/call-vector.js';
import { tckRunpackZip } from '../../core-guard/src/testing/tck-runpack.js';

type Members = Map<string, Uint8Array>;
const unzip = (zip: Uint8Array): Members => new Map(readZipSafe(zip).map((e) => [e.name, e.data]));
const rezip = (members: Members) => writeDeterministicZip([...members].map(([name, data]) => ({ name, data })));
const flip = (data: Uint8Array) => {
  const copy = Uint8Array.from(data);
  copy[Math.floor(copy.length / 2)]! ^= 0x01;
  return copy;
};
const editManifest = (members: Members, edit: (m: Record<string, any>) => void): Members => {
  const manifest = JSON.parse(Buffer.from(members.get('pack_manifest.json')!).toString());
  edit(manifest);
  return new Map(members).set('pack_manifest.json', Buffer.from(JSON.stringify(manifest)));
};

const key = generateKeyPair();
const otherKey = generateKeyPair();

const packsSignedBy = {
  run: async (signingKey: Ed25519KeyPair) => (await buildRunPack(tckRunpackZip(), { signingKey })).zip,
  job: async (signingKey: Ed25519KeyPair) => buildJobPack({ state: demoJobState, events: demoJobEvents }, { signingKey }).zip,
  guard: async (signingKey: Ed25519KeyPair) => (await buildEvidencePack({ runpack: tckRunpackZip(), renderPdf: true, signingKey })).zip,
  call: async (signingKey: Ed25519KeyPair) => (await buildCallPack({ record: callRecord(), runpack: demoRunpack() }, { signingKey })).zip,
};
const packs = Object.fromEntries(Object.entries(packsSignedBy).map(([type, build]) => [type, () => build(key)]));

describe.each(Object.keys(packsSignedBy) as (keyof typeof packsSignedBy)[])('tamper matrix: %s pack', (type) => {
  const build = packs[type]!;
  it('an intact pack verifies with its key', async () => {
    expect(await verifyPack(await build(), { publicKey: key.publicKey, requireSignature: true })).toMatchObject({ ok: true, signature_status: 'verified' });
  });

  it('a flipped byte in any member is a hash mismatch of that member', async () => {
    const members = unzip(await build());
    for (const name of [...members.keys()].filter((n) => n !== 'pack_manifest.json')) {
      const result = await verifyPack(rezip(new Map(members).set(name, flip(members.get(name)!))), { publicKey: key.publicKey });
      expect(result.ok, name).toBe(false);
      expect(result.hash_mismatches.map((m) => m.path), name).toEqual([name]);
    }
  });

  it('a dropped member is missing', async () => {
    const members = unzip(await build());
    const victim = [...members.keys()].find((n) => n !== 'pack_manifest.json')!;
    members.delete(victim);
    expect(await verifyPack(rezip(members))).toMatchObject({ ok: false, missing_files: [victim] });
  });

  it('an added member is undeclared', async () => {
    const members = unzip(await build()).set('extra.txt', Buffer.from('smuggled'));
    expect(await verifyPack(rezip(members))).toMatchObject({ ok: false, undeclared_files: ['extra.txt'] });
  });

  it('an edited manifest breaks the pack id (and the signature)', async () => {
    const members = editManifest(unzip(await build()), (m) => {
      if ('source_ref' in m) m.source_ref = 'forged';
      else m.run_id = 'run_forged';
    });
    const result = await verifyPack(rezip(members), { publicKey: key.publicKey });
    expect(result.ok).toBe(false);
    expect(result.pack_id_mismatch).toBeDefined();
    expect(result.signature_status).toBe('failed');
  });

  it('a swapped signature fails, even in the standard profile', async () => {
    const forged = unzip(await build());
    const other = unzip(await packsSignedBy[type](otherKey));
    const theirSignatures = JSON.parse(Buffer.from(other.get('pack_manifest.json')!).toString()).signatures;
    const members = editManifest(forged, (m) => (m.signatures = theirSignatures));
    const result = await verifyPack(rezip(members), { publicKey: key.publicKey });
    expect(result).toMatchObject({ ok: false, signature_status: 'failed' });
    expect(result.signature_errors.length).toBeGreaterThan(0);
  });
});

describe('hostile zips', () => {
  it('a truncated zip or a non-zip is invalid input (exit 6)', async () => {
    const zip = await packs.run!();
    await expect(verifyPack(zip.subarray(0, zip.length - 30))).rejects.toMatchObject({ exitCode: 6 });
    await expect(verifyPack(Buffer.from('not a zip'))).rejects.toMatchObject({ exitCode: 6 });
  });

  it('a traversal name or a duplicated member is refused as a verification failure (exit 2)', async () => {
    const zip = Buffer.from((await buildRunPack(tckRunpackZip(), { proofRecords: false })).zip).toString('latin1');
    // Same-length renames keep every offset valid, so only the names are hostile.
    const traversal = Buffer.from(zip.replaceAll('run_payload.json', '../x/payload.jsn'), 'latin1');
    await expect(verifyPack(traversal)).rejects.toMatchObject({ exitCode: 2, code: 'zip_path_traversal' });
    const duplicate = Buffer.from(zip.replaceAll('source/runpack.zip', 'pack_manifest.json'), 'latin1');
    await expect(verifyPack(duplicate)).rejects.toMatchObject({ exitCode: 2, code: 'zip_duplicate_entry' });
  });

  it('a zip bomb (a member declaring 200 MiB) is refused before inflating (exit 6)', async () => {
    const bomb = Buffer.from(writeDeterministicZip([{ name: 'pack_manifest.json', data: '{}' }]));
    const central = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(200 * 1024 * 1024, central + 24);
    await expect(verifyPack(bomb)).rejects.toMatchObject({ exitCode: 6 });
  });
});
