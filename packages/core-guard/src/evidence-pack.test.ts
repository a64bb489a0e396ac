import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZipSafe } from '@gait/core-fsx';
import { sha256Hex } from '@gait/core-sign';
import { buildEvidencePack } from './evidence-pack.js';
import { verifyGuardPack } from './verify.js';
import { fixedKeyPair, tckRunpackZip } from './testing/tck-runpack.js';

const member = (zip: Uint8Array, name: string) => Buffer.from(readZipSafe(zip).find((e) => e.name === name)!.data).toString('utf8');

describe('buildEvidencePack (artifacts.md §11.2 E)', () => {
  it('reproduces the TCK soc2 pack: every member, the manifest and the pack id', async () => {
    const built = await buildEvidencePack({ runpack: tckRunpackZip() });
    expect(built.packId).toBe('pack_03521c5b028d2ce0');
    const hashes = Object.fromEntries(readZipSafe(built.zip).map((e) => [e.name, sha256Hex(e.data)]));
    expect(hashes).toEqual({
      'control_index.json': '9a2f7137452083fd7ccc13d229d73541fb61d753ee3821e5c9f811ca73fddc4a',
      'evidence_pointers.json': 'bff55896b7d1a181583816de1dcd1ce7435a44a77f524cee08fda9174ca77bc0',
      'pack_manifest.json': '8da0e9e27d812d740f18f620a60fe19422fcd8ca5a0115ae38e1eb05f8f7395f',
      'referenced_runpacks.json': '0caa2e22e101d1c3f7d5120fb897a3b06fc1b774f1c442e72214e0effc59b9ba',
      'runpack_summary.json': '5d808b1c40fe6f85c264b04c283c45446172ca7345c186e6392514f2e0c16b7d',
    });
    expect(member(built.zip, 'control_index.json')).toContain('"control_id":"CC7.2","evidence_paths":[]');
  });

  it('reproduces the signed pci pack with summary.pdf byte for byte', async () => {
    const built = await buildEvidencePack({ runpack: tckRunpackZip(), template: 'pci', caseId: 'case-1', renderPdf: true, signingKey: fixedKeyPair() });
    const pdf = readZipSafe(built.zip).find((e) => e.name === 'summary.pdf')!.data;
    expect(pdf.length).toBe(846);
    expect(sha256Hex(pdf)).toBe('17b3641a5559afdd8198d28d6e62f4af3990b6694a4e79955e45d30ead06e485');
    expect(built.manifest.rendered_artifacts).toEqual([{ format: 'pdf', path: 'summary.pdf', sha256: sha256Hex(pdf) }]);
    expect(built.manifest.signatures?.[0]?.key_id).toBe('56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c');
    // pack_463371ee8b2b3dde in the reference; the pci control titles are not in the spec (see templates.ts).
    expect(built.packId).toMatch(/^pack_[0-9a-f]{16}$/);
  });

  it('builds a pack that verifies, and is identical when rebuilt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-'));
    const runpack = join(dir, 'runpack_run_tck.zip');
    writeFileSync(runpack, tckRunpackZip());
    const trace = join(dir, 'trace_x.json');
    writeFileSync(trace, JSON.stringify({ trace_id: 't1', tool_name: 'tool.read', verdict: 'allow', created_at: '2026-02-14T00:00:00Z' }));
    const a = await buildEvidencePack({ runpack, tracePaths: [trace], renderPdf: true });
    const b = await buildEvidencePack({ runpack, tracePaths: [trace], renderPdf: true });
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
    const result = await verifyGuardPack(a.zip);
    expect(result.ok).toBe(true);
    expect(result.files_checked).toBe(a.manifest.contents.length);
    expect(member(a.zip, 'trace_summary.json')).toBe('{"total":1,"traces":[{"tool_name":"tool.read","trace_id":"t1","verdict":"allow"}],"verdict_counts":{"allow":1}}');
  });
});
