// Guard evidence and incident pack build/verify times, against the reference's published
// BuildIncidentPack (about 646 µs per op in Go) and against a floor measured in this run:
// reading the runpack zip and hashing its members, which any pack build must do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoRunpack } from '@gait/core-runpack';
import { readZipSafe } from '@gait/core-fsx';
import { sha256Hex } from '@gait/core-sign';
import { buildEvidencePack, buildIncidentPack, verifyGuardPack } from '../dist/index.js';

const GO_BUILD_INCIDENT_PACK_US = 646;

async function measure(name, fn, iterations = 300) {
  for (let i = 0; i < 20; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  const us = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  return { name, us };
}

const dir = mkdtempSync(join(tmpdir(), 'gait-bench-guard-'));
try {
  const runpack = join(dir, 'runpack_run_demo.zip');
  const zip = buildDemoRunpack().zip;
  writeFileSync(runpack, zip);
  for (let i = 0; i < 5; i++) {
    writeFileSync(join(dir, `trace_${i}.json`), JSON.stringify({ trace_id: `t${i}`, tool_name: 'tool.read', verdict: 'allow', created_at: '2026-02-05T00:10:00Z', policy_digest: 'a'.repeat(64) }));
  }
  const built = await buildEvidencePack({ runpack });
  const floor = await measure('floor: read runpack zip + sha256 members', () => readZipSafe(zip).forEach((e) => sha256Hex(e.data)));
  const results = [
    await measure('buildIncidentPack (5 traces in window)', () => buildIncidentPack({ runpack })),
    await measure('buildEvidencePack (soc2, unsigned)', () => buildEvidencePack({ runpack })),
    await measure('buildEvidencePack (+ summary.pdf)', () => buildEvidencePack({ runpack, renderPdf: true })),
    await measure('verifyGuardPack', () => verifyGuardPack(built.zip)),
  ];
  console.log(`baseline (this run) ${floor.name}: ${floor.us.toFixed(1)} µs/op`);
  console.log(`baseline (published) Go BuildIncidentPack: ${GO_BUILD_INCIDENT_PACK_US} µs/op`);
  for (const r of results) {
    console.log(`${r.name}: ${r.us.toFixed(1)} µs/op  ${(r.us / floor.us).toFixed(1)}x floor  ${(r.us / GO_BUILD_INCIDENT_PACK_US).toFixed(2)}x Go BuildIncidentPack`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
