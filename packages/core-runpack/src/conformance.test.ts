/**
 * Against artifacts made by the Go reference v1.4.0 (read in place, never copied): our records
 * reproduce its digests, and our verifier reaches its recorded results.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readZipSafe } from '@gait/core-fsx';
import { readPublicKeyFile } from '@gait/core-sign';
import { describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance, hasMade, madeDir } from '../../../test-support/conformance.js';
import { buildDemoRunpack } from './demo.js';
import { inspectRunpack } from './inspect.js';
import { recordRun } from './record.js';
import { ticketFooter } from './ticket-footer.js';
import { verifyRunpack } from './verify.js';

announceSkip('core-runpack TCK record vector', hasConformance, conformanceDir);
announceSkip('core-runpack made artifacts', hasMade, madeDir);

const made = (...parts: string[]) => join(madeDir, ...parts);
const madeJson = (...parts: string[]) => JSON.parse(readFileSync(made(...parts), 'utf8')) as Record<string, unknown>;
const tckInput = () => JSON.parse(readFileSync(join(conformanceDir, 'scripts/testdata/packspec_tck/v1/run_record_input.json'), 'utf8'));
const members = (zip: Uint8Array) => new Map(readZipSafe(zip).map((e) => [e.name, Buffer.from(e.data).toString('utf8')]));

describe.runIf(hasConformance && hasMade)('record: the TCK run record input', () => {
  const cliPolicy = { recordPolicy: {} };

  it('reproduces the reference manifest_digest and every member in reference capture', () => {
    const recorded = recordRun(tckInput(), cliPolicy);
    expect(recorded.runpack.manifest.manifest_digest).toBe(madeJson('runpacks/unsigned/record.out.json').manifest_digest);
    expect(members(recorded.zip)).toEqual(members(readFileSync(made('runpacks/unsigned/runpack_run_tck.zip'))));
    expect(recorded.warnings).toEqual(madeJson('runpacks/unsigned/record.out.json').warnings);
  });

  it('reproduces raw capture, and the signature bit for bit with the same key', async () => {
    const { readPrivateKeyFile } = await import('@gait/core-sign');
    const keyPair = readPrivateKeyFile(made('keys/prod_private.key'));
    const raw = recordRun(tckInput(), { ...cliPolicy, captureMode: 'raw', keyPair });
    expect(raw.runpack.manifest.manifest_digest).toBe(madeJson('runpacks/raw/record.out.json').manifest_digest);
    expect(members(raw.zip)).toEqual(members(readFileSync(made('runpacks/raw/runpack_run_tck.zip'))));
    const signed = recordRun(tckInput(), { ...cliPolicy, keyPair });
    expect(members(signed.zip)).toEqual(members(readFileSync(made('runpacks/signed/runpack_run_tck.zip'))));
  });

  it('writes zips byte-identical to the Go writer (unsigned, signed, raw)', async () => {
    const { readPrivateKeyFile } = await import('@gait/core-sign');
    const keyPair = readPrivateKeyFile(made('keys/prod_private.key'));
    const same = (ours: Uint8Array, file: string) => Buffer.compare(Buffer.from(ours), readFileSync(made(file))) === 0;
    expect(same(recordRun(tckInput(), cliPolicy).zip, 'runpacks/unsigned/runpack_run_tck.zip')).toBe(true);
    expect(same(recordRun(tckInput(), { ...cliPolicy, keyPair }).zip, 'runpacks/signed/runpack_run_tck.zip')).toBe(true);
    expect(same(recordRun(tckInput(), { ...cliPolicy, keyPair, captureMode: 'raw' }).zip, 'runpacks/raw/runpack_run_tck.zip')).toBe(true);
  });
});

describe.runIf(hasMade)('demo runpack', () => {
  it('has the same members as the Go demo runpack', () => {
    const demo = buildDemoRunpack();
    const goZip = readFileSync(made('runpacks/demo/gait-out/runpack_run_demo.zip'));
    expect(members(demo.zip)).toEqual(members(goZip));
    const footer = (madeJson('runpacks/demo/demo.out.json').ticket_footer as string);
    expect(ticketFooter('run_demo', demo.runpack.manifest.manifest_digest)).toBe(footer);
    expect(Buffer.compare(Buffer.from(demo.zip), goZip)).toBe(0);
  });
});

interface VerifyCase {
  file: string;
  out: string;
  key?: string;
  requireSignature?: boolean;
  exit: number;
}

const verifyCases: VerifyCase[] = [
  { file: 'runpacks/demo/gait-out/runpack_run_demo.zip', out: 'runpacks/demo/verify.out.json', exit: 0 },
  { file: 'runpacks/demo/gait-out/runpack_run_demo.zip', out: 'runpacks/demo/verify_require_signature.out.json', requireSignature: true, exit: 2 },
  { file: 'runpacks/signed/runpack_run_tck.zip', out: 'runpacks/signed/verify_nokey.out.json', exit: 0 },
  { file: 'runpacks/signed/runpack_run_tck.zip', out: 'runpacks/signed/verify_prodkey_required.out.json', key: 'keys/prod_public.key', requireSignature: true, exit: 0 },
  { file: 'runpacks/signed/runpack_run_tck.zip', out: 'runpacks/signed/verify_strict.out.json', key: 'keys/prod_public.key', requireSignature: true, exit: 0 },
  { file: 'runpacks/signed/runpack_run_tck.zip', out: 'runpacks/signed/verify_wrongkey.out.json', key: 'keys/approver_public.key', exit: 2 },
  { file: 'runpacks/unsigned/runpack_run_tck.zip', out: 'runpacks/unsigned/verify.out.json', exit: 0 },
  { file: 'runpacks/unsigned/runpack_run_tck.zip', out: 'runpacks/unsigned/verify_require_signature.out.json', requireSignature: true, exit: 2 },
  { file: 'runpacks/raw/runpack_run_tck.zip', out: 'runpacks/raw/verify_prodkey_required.out.json', key: 'keys/prod_public.key', requireSignature: true, exit: 0 },
  { file: 'sessions/checkpoint_0001.zip', out: 'sessions/verify_checkpoint_0001.out.json', exit: 0 },
  { file: 'sessions/checkpoint_0002.zip', out: 'sessions/verify_checkpoint_0002.out.json', exit: 0 },
  { file: 'negative/runpack_flipped_run_json.zip', out: 'negative/runpack_flipped_run_json.verify.out.json', key: 'keys/prod_public.key', exit: 2 },
  { file: 'negative/runpack_flipped_manifest.zip', out: 'negative/runpack_flipped_manifest.verify.out.json', key: 'keys/prod_public.key', exit: 2 },
  { file: 'negative/runpack_unsigned_missing_refs.zip', out: 'negative/runpack_unsigned_missing_refs.verify.out.json', exit: 2 },
];

describe.runIf(hasMade)('verify reaches the reference results', () => {
  it.each(verifyCases)('$file → $out', async (c) => {
    const publicKey = c.key ? readPublicKeyFile(made(c.key)) : undefined;
    const result = await verifyRunpack(made(c.file), { publicKey, requireSignature: c.requireSignature });
    const expected = madeJson(c.out);
    expect(result.ok).toBe(expected.ok);
    expect(result.ok ? 0 : 2).toBe(c.exit);
    expect(result.run_id).toBe(expected.run_id);
    expect(result.manifest_digest).toBe(expected.manifest_digest);
    expect(result.files_checked).toBe(expected.files_checked);
    expect(result.signature_status).toBe(expected.signature_status);
    expect(result.signatures_total).toBe(expected.signatures_total ?? 0);
    expect(result.signatures_valid).toBe(expected.signatures_valid ?? 0);
    expect(result.missing_files).toEqual(expected.missing_files ?? []);
    expect(result.hash_mismatches).toEqual(expected.hash_mismatches ?? []);
    expect(result.signature_errors).toEqual(expected.signature_errors ?? []);
    expect(result.undeclared_files).toEqual([]);
  });

  it('finds every made runpack schema-valid except where a byte was flipped', async () => {
    for (const c of verifyCases) {
      const result = await verifyRunpack(made(c.file));
      const tampered = c.file.startsWith('negative/');
      if (!tampered) expect(result.schema_errors, c.file).toEqual([]);
    }
  });

  it('inspects the signed TCK runpack as the reference does', async () => {
    const expected = madeJson('runpacks/signed/inspect.out.json');
    const ours = await inspectRunpack(made('runpacks/signed/runpack_run_tck.zip'));
    expect(ours.entries).toEqual(expected.entries);
    expect([ours.run_id, ours.capture_mode, ours.intents_total, ours.results_total]).toEqual([expected.run_id, expected.capture_mode, expected.intents_total, expected.results_total]);
  });
});
