import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZipSafe } from '@gait/core-fsx';
import { buildDemoRunpack } from '@gait/core-runpack';
import { sha256Hex } from '@gait/core-sign';
import { buildIncidentPack } from './incident-pack.js';
import { verifyGuardPack } from './verify.js';
import { tckRunpackZip } from './testing/tck-runpack.js';

const folderWith = (files: Record<string, string | Uint8Array>) => {
  const dir = mkdtempSync(join(tmpdir(), 'incident-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
};
const trace = (id: string, at: string, policy: string) => JSON.stringify({ trace_id: id, tool_name: 'tool.write', verdict: 'block', created_at: at, policy_digest: policy });

describe('buildIncidentPack', () => {
  it('reproduces the demo incident window and policy digests (window 1h, nothing to select; artifacts.md §11.2 E)', async () => {
    const dir = folderWith({ 'runpack_run_demo.zip': buildDemoRunpack({ producerVersion: '0.0.0-dev' }).zip });
    const built = await buildIncidentPack({ runpack: join(dir, 'runpack_run_demo.zip'), window: '1h' });
    expect(built.window).toEqual({ from: '2026-02-04T23:00:00Z', to: '2026-02-05T01:00:00Z', window_seconds: 3600, selection_anchor: 'run_demo' });
    const policy = readZipSafe(built.zip).find((e) => e.name === 'policy_digests.json')!;
    expect(sha256Hex(policy.data)).toBe('6c92b69711cda76ca0d7a99144c5c0bb942172b3b19fe4ffa69b43a39a63cd00');
    // The vector's pack_d61489405a746472 hashes the SEED demo runpack's summary; v1.4.0's demo runpack
    // (reference capture strips args) has another manifest digest, so only the window and the
    // policy digests carry over. Byte identity of a v1.4.0 incident pack is checked in conformance.test.ts.
    expect(built.manifest.signatures).toBeUndefined();
  });

  it('selects traces, regress results and linked approval audits inside the window only', async () => {
    const dir = folderWith({
      'runpack_run_tck.zip': tckRunpackZip(),
      'trace_in.json': trace('t_in', '2026-02-14T03:00:00Z', 'b'.repeat(64)),
      'trace_edge.json': trace('t_edge', '2026-02-15T00:00:00Z', 'a'.repeat(64)),
      'trace_out.json': trace('t_out', '2026-02-16T00:00:00Z', 'c'.repeat(64)),
      'regress_result.json': JSON.stringify({ fixture_set: 'default', status: 'pass', graders: [{}, {}], created_at: '2026-02-14T00:00:00Z' }),
      'approval_audit_in.json': JSON.stringify({ trace_id: 't_in', created_at: '2026-02-14T01:00:00Z' }),
      'approval_audit_other.json': JSON.stringify({ trace_id: 't_out', created_at: '2026-02-14T01:00:00Z' }),
      'credential_evidence_late.json': JSON.stringify({ trace_id: 't_in', created_at: '2026-03-01T00:00:00Z' }),
      'trace_broken.json': '{not json',
    });
    const built = await buildIncidentPack({ runpack: join(dir, 'runpack_run_tck.zip'), renderPdf: true, caseId: 'INC-7' });
    expect([built.traceCount, built.regressCount, built.approvalAuditCount, built.credentialEvidenceCount]).toEqual([2, 1, 1, 0]);
    expect(built.policyDigests).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(built.warnings).toEqual([expect.stringContaining('trace_broken.json')]);
    const names = readZipSafe(built.zip).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['approval_audit_01.json', 'regress_summary.json', 'trace_summary.json', 'summary.pdf', 'policy_digests.json']));
    expect(names).not.toContain('credential_evidence_01.json');
    expect(built.manifest.control_index?.find((c) => c.control_id === 'IR-ROOTCAUSE')?.evidence_paths).toEqual(['policy_digests.json', 'regress_summary.json']);
    expect((await verifyGuardPack(built.zip)).ok).toBe(true);
  });

  it('refuses a bad window', async () => {
    const dir = folderWith({ 'runpack_run_tck.zip': tckRunpackZip() });
    await expect(buildIncidentPack({ runpack: join(dir, 'runpack_run_tck.zip'), window: 'soon' })).rejects.toMatchObject({ exitCode: 6 });
    await expect(buildIncidentPack({ runpack: join(dir, 'runpack_run_tck.zip'), window: '-1h' })).rejects.toMatchObject({ exitCode: 6 });
  });
});
