// Write + verify of a 100-step runpack against the built package, compared with plainly
// serializing and writing the same data as JSON (the cost of keeping no evidence at all).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyPairFromSeed } from '@gait/core-sign';
import { readRunpack, verifyRunpack, writeRunpack } from '../dist/index.js';

const STEPS = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

function input() {
  const at = (i) => new Date(Date.UTC(2026, 1, 14, 0, 0, i)).toISOString();
  return {
    run: { run_id: 'run_bench', created_at: at(0), producer_version: 'bench', env: { os: 'linux', arch: 'amd64', runtime: 'node' }, timeline: Array.from({ length: STEPS }, (_, i) => ({ event: 'tool_call', ts: at(i), ref: `intent_${i + 1}` })) },
    intents: Array.from({ length: STEPS }, (_, i) => ({ intent_id: `intent_${i + 1}`, tool_name: 'tool.fetch', args: { url: `https://example.test/${i}`, headers: { accept: 'application/json' }, body: 'x'.repeat(200) } })),
    results: Array.from({ length: STEPS }, (_, i) => ({ intent_id: `intent_${i + 1}`, status: 'ok', result: { ok: true, status: 200, bytes: 1024 + i, text: 'y'.repeat(300) } })),
    refs: { receipts: Array.from({ length: 10 }, (_, i) => ({ ref_id: `ref_${i}`, source_type: 'http', source_locator: `https://example.test/${i}`, query_digest: 'a'.repeat(64), content_digest: 'b'.repeat(64), retrieved_at: at(i), redaction_mode: 'reference' })) },
  };
}

async function measure(label, fn) {
  for (let i = 0; i < 3; i++) await fn(i); // warm up
  const samples = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { label, median: samples[Math.floor(samples.length / 2)] };
}

const dir = mkdtempSync(join(tmpdir(), 'gait-runpack-bench-'));
const data = input();
const keyPair = keyPairFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i));
const path = join(dir, 'runpack_run_bench.zip');
try {
  const baseline = await measure('baseline: JSON.stringify + writeFile', (i) => writeFileSync(join(dir, `plain_${i % 2}.json`), JSON.stringify(data)));
  const write = await measure('writeRunpack (reference capture, signed)', () => writeRunpack(path, data, { keyPair }));
  const writeRaw = await measure('writeRunpack (raw capture, signed)', () => writeRunpack(path, data, { keyPair, captureMode: 'raw' }));
  const verify = await measure('verifyRunpack (signature checked)', () => verifyRunpack(path, { publicKey: keyPair.publicKey, requireSignature: true }));
  const read = await measure('readRunpack', () => readRunpack(path));
  console.log(`runpack bench: ${STEPS} steps, median of ${ROUNDS} rounds (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
  for (const r of [baseline, write, writeRaw, verify, read]) {
    console.log(`  ${r.label.padEnd(44)} ${r.median.toFixed(2).padStart(8)} ms   x${(r.median / baseline.median).toFixed(1)} baseline`);
  }
  console.log(`  write+verify (raw, signed) ${(writeRaw.median + verify.median).toFixed(2)} ms = x${((writeRaw.median + verify.median) / baseline.median).toFixed(1)} baseline`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
