import { describe, expect, it } from 'vitest';
import { readZipSafe } from '@gait/core-fsx';
import { sha256Hex } from '@gait/core-sign';
import { buildJobPack, buildRunPack } from './build.js';
import { verifyPack } from './verify.js';
import { demoJobEvents, demoJobState } from './testing/job-vector.js';
import { fixedKeyPair, tckRunpackZip } from '../../core-guard/src/testing/tck-runpack.js';

const seed = { proofRecords: false } as const;
const hashes = (zip: Uint8Array) => Object.fromEntries(readZipSafe(zip).map((e) => [e.name, sha256Hex(e.data)]));

describe('PackSpec build vectors (artifacts.md §11.2 D, v1.0 layout)', () => {
  it('the TCK runpack zips to the Go bytes, so the run pack id is the reference one', async () => {
    const runpack = tckRunpackZip();
    expect(sha256Hex(runpack)).toBe('de11b37025171e9c89597866e9645807808358986e5340f756e49dfc7698735d');
    const built = await buildRunPack(runpack, seed);
    expect(built.packId).toBe('d4d3e7f5071698ba4b2024f09cb1403bfe42b072fab5bb9d7037e8a02eae0a3f');
    expect(hashes(built.zip)).toEqual({
      'context_envelope.json': '303fa92aa09ae2da0a20750e6aad7b9e9496a1627cf6e50aa7f739b56868bdd7',
      'pack_manifest.json': 'dc1366151f37b841b9e97db04cdf16234cf43b19e05f84132bd6a02820fc9296',
      'run_payload.json': '9e66afeb5da9a547d305c889b0d89971a7a3d5e31c37940f84a06ca65bbeae2e',
      'source/runpack.zip': 'de11b37025171e9c89597866e9645807808358986e5340f756e49dfc7698735d',
    });
    expect(sha256Hex(built.zip)).toBe('56f767b50dc68b6add9c600fdbb0ea53d0ae0b9b936782176aae662cd2206724');
  });

  it('signs the run pack exactly as the reference', async () => {
    const built = await buildRunPack(tckRunpackZip(), { ...seed, signingKey: fixedKeyPair() });
    expect(built.manifest.signatures).toEqual([
      {
        alg: 'ed25519',
        key_id: '56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c',
        sig: '/GQOU2NelXh2PputdAdL/d6pEZA2LJ7GQnsXrBbdqIVU7tBGg0h8qmxR97dTgUAaJHgFRwCH60H6Pc1zYsxfAQ==',
        signed_digest: 'dc1366151f37b841b9e97db04cdf16234cf43b19e05f84132bd6a02820fc9296',
      },
    ]);
    const result = await verifyPack(built.zip, { publicKey: fixedKeyPair().publicKey, requireSignature: true });
    expect(result).toMatchObject({ ok: true, signature_status: 'verified', signatures_valid: 1 });
  });

  it('reproduces the durable demo job pack from its state and events', () => {
    const built = buildJobPack({ state: demoJobState, events: demoJobEvents }, seed);
    expect(built.packId).toBe('583d8299ee7d7c6da6a04db9abe62914b49bafd9224df55c749ba2df79a9f55e');
    expect(hashes(built.zip)).toEqual({
      'job_events.jsonl': '2e007b5c205c888512fa392f620296d245d467a871ea4341bc91c5a2a27d9c0c',
      'job_payload.json': 'dc4e5a569b906133b1716470b52d76e5f032bde30ef28e9baae1dcffd9065339',
      'job_state.json': '4d97443e781071a18aa6b9b5ac3e5ebe18108fafc9f01d2ad2e3a678e6a479bd',
      'pack_manifest.json': '67a4fb31c450e0079386be664235bb5039c113ee3167251cb95caef093285ed2',
    });
    expect(sha256Hex(built.zip)).toBe('b82bd2f22328d9cc2f1975dbb07d0b1fa1a5ac002a1370049e53955551e5943c');
  });

  it('a job without events gets a 0-byte events file, and v1.4.0 packs carry proof records that verify', async () => {
    const built = buildJobPack({ state: demoJobState, events: [] });
    const members = readZipSafe(built.zip);
    expect(members.find((m) => m.name === 'job_events.jsonl')!.data.length).toBe(0);
    expect(members.map((m) => m.name)).toContain('proof_records.jsonl');
    const result = await verifyPack(built.zip);
    expect(result).toMatchObject({ ok: true, proof_records_verified: 3, signature_status: 'missing' });
  });
});
