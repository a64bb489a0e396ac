import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPrivateKeyFile, readPublicKeyFile, sha256Hex } from '@gait/core-sign';
import { announceSkip, hasMade, madeDir } from '../../../test-support/conformance.js';
import { buildJobPack, buildRunPack } from './build.js';
import { diffPacks } from './diff.js';
import { inspectPack } from './inspect.js';
import { readJobSource } from './job-payload.js';
import { verifyPack } from './verify.js';

announceSkip('PackSpec packs made by gait v1.4.0', hasMade, madeDir);

const made = (...parts: string[]) => join(madeDir, ...parts);
const expected = (file: string) => JSON.parse(readFileSync(made(file), 'utf8')) as Record<string, any>;
const prodPublic = () => readPublicKeyFile(made('keys/prod_public.key'));
const head = { producerVersion: '1.4.0' };

describe.runIf(hasMade)('packs made by the reference (gait v1.4.0)', () => {
  it('#58/#63: rebuilds the run packs byte for byte, signed and unsigned', async () => {
    const signed = await buildRunPack(made('runpacks/signed/runpack_run_tck.zip'), { ...head, signingKey: readPrivateKeyFile(made('keys/prod_private.key')) });
    expect(signed.packId).toBe(expected('packs/pack_build_run.out.json').pack_id);
    expect(sha256Hex(signed.zip)).toBe(sha256Hex(readFileSync(made('packs/pack_run.zip'))));
    const unsigned = await buildRunPack(made('runpacks/unsigned/runpack_run_tck.zip'), head);
    expect(unsigned.packId).toBe(expected('packs/pack_build_run_unsigned.out.json').pack_id);
    expect(sha256Hex(unsigned.zip)).toBe(sha256Hex(readFileSync(made('packs/pack_run_unsigned.zip'))));
  });

  it('#65: rebuilds the durable demo job pack from its state.json and events.jsonl', async () => {
    const job = await readJobSource(made('packs/durable/gait-out/jobs/job_demo_durable'));
    const built = buildJobPack(job, head);
    expect(built.packId).toBe('0e6feb715289651244820b9a2e6f3a0a1188489974fc2c8fb015e3a36beeebb6');
    expect(sha256Hex(built.zip)).toBe(sha256Hex(readFileSync(made('packs/durable/gait-out/pack_job_demo_durable.zip'))));
  });

  const verdicts: [string, string, string, { key?: boolean; wrongKey?: boolean; require?: boolean }][] = [
    ['#59', 'packs/pack_run.zip', 'packs/pack_verify_run.out.json', { key: true, require: true }],
    ['#60', 'packs/pack_run.zip', 'packs/pack_verify_run_nokey.out.json', {}],
    ['#61', 'packs/pack_run.zip', 'packs/pack_verify_run_wrongkey.out.json', { wrongKey: true }],
    ['#64', 'packs/pack_run_unsigned.zip', 'packs/pack_verify_run_unsigned.out.json', {}],
    ['#66', 'packs/durable/gait-out/pack_job_demo_durable.zip', 'packs/durable/pack_verify.out.json', {}],
    ['#72', 'packs/evidence_pack.zip', 'packs/pack_verify_evidence.out.json', { key: true, require: true }],
    ['#77', 'packs/incident_pack.zip', 'packs/pack_verify_incident.out.json', {}],
    ['#97', 'negative/pack_run_flipped_run_payload.zip', 'negative/pack_run_flipped_run_payload.verify.out.json', { key: true }],
  ];
  it.each(verdicts)('%s pack verify %s gives the reference verdict', async (_n, zip, out, flags) => {
    const publicKey = flags.key ? prodPublic() : flags.wrongKey ? readPublicKeyFile(made('keys/approver_public.key')) : undefined;
    const result = await verifyPack(made(zip), { publicKey, requireSignature: flags.require });
    const want = expected(out);
    expect(result.ok).toBe(want.ok);
    expect(result.pack_id).toBe(want.pack_id);
    expect(result.pack_type).toBe(want.pack_type);
    expect(result.signature_status).toBe(want.verify.signature_status);
    expect(result.signature_errors).toEqual(want.verify.signature_errors ?? []);
    expect(result.files_checked).toBe(want.verify.files_checked);
    expect(result.hash_mismatches).toEqual(want.verify.hash_mismatches ?? []);
    expect(result.proof_records_verified).toBe(want.verify.proof_records_verified ?? 0);
    if (want.verify.legacy_type) expect(result.legacy_type).toBe(want.verify.legacy_type);
  });

  it('#62/#67: inspect gives the reference lineage', async () => {
    const run = await inspectPack(made('packs/pack_run.zip'));
    expect(JSON.parse(JSON.stringify(run))).toEqual(expected('packs/pack_inspect_run.out.json').inspect);
    const job = await inspectPack(made('packs/durable/gait-out/pack_job_demo_durable.zip'));
    expect(JSON.parse(JSON.stringify(job))).toEqual(expected('packs/durable/pack_inspect.out.json').inspect);
  });

  it('#73/#78: inspect refuses guard packs like the reference (exit 6)', async () => {
    for (const zip of ['packs/evidence_pack.zip', 'packs/incident_pack.zip']) {
      await expect(inspectPack(made(zip))).rejects.toMatchObject({ exitCode: 6, message: 'parse pack manifest: json: unknown field "control_index"' });
    }
  });

  it('#80: diff of the signed and unsigned run packs', async () => {
    const diff = await diffPacks(made('packs/pack_run.zip'), made('packs/pack_run_unsigned.zip'));
    expect(diff).toEqual(expected('packs/pack_diff_run_vs_unsigned.out.json').diff.Result);
  });
});
