// Throughput of @gait/core-fsx against Node's own primitives, measured in the same run.
// Run after a build: `pnpm --filter @gait/core-fsx bench`.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  appendLineSync,
  goDeflate,
  readZipSafe,
  withFileLockSync,
  writeDeterministicZip,
  writeFileAtomicSync,
} from '../dist/index.js';

function time(fn, minMs = 400) {
  fn(); // warm up
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    runs++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return elapsed / runs;
}

function row(name, ms, baselineName, baselineMs, extra = '') {
  const ratio = ms / baselineMs;
  console.log(`${name.padEnd(34)} ${ms.toFixed(3).padStart(9)} ms   ${baselineName.padEnd(28)} ${baselineMs.toFixed(3).padStart(9)} ms   x${ratio.toFixed(2)} ${extra}`);
}

// A JSON-ish payload like Gait's runpack members.
const record = JSON.stringify({ schema_id: 'gait.runpack.intent', intent_id: 'intent_0001', tool_name: 'tool.write', args_digest: 'a'.repeat(64) });
const jsonl = Buffer.from(Array.from({ length: 4000 }, (_, i) => record.replace('0001', String(i).padStart(4, '0'))).join('\n'));
console.log(`payload: ${(jsonl.length / 1024).toFixed(0)} KiB of JSONL`);

const ours = time(() => goDeflate(jsonl));
const zlib = time(() => deflateRawSync(jsonl, { level: 5 }));
const ratioOurs = goDeflate(jsonl).length / jsonl.length;
const ratioZlib = deflateRawSync(jsonl, { level: 5 }).length / jsonl.length;
row('goDeflate (Go level 5, pure JS)', ours, 'zlib deflateRaw level 5', zlib,
  `| ${(jsonl.length / 1048576 / (ours / 1000)).toFixed(1)} MiB/s, size ${(ratioOurs * 100).toFixed(1)}% vs zlib ${(ratioZlib * 100).toFixed(1)}%`);

const entries = Array.from({ length: 5 }, (_, i) => ({ name: `member_${i}.jsonl`, data: jsonl.subarray(0, 20_000 * (i + 1)) }));
const zip = writeDeterministicZip(entries);
row('writeDeterministicZip (5 members)', time(() => writeDeterministicZip(entries)), 'zlib deflate of same bytes', time(() => entries.forEach((e) => deflateRawSync(e.data, { level: 5 }))));
const rawMembers = entries.map((e) => deflateRawSync(e.data));
row('readZipSafe (5 members, CRC)', time(() => readZipSafe(zip)), 'zlib inflate of same bytes', time(() => rawMembers.forEach((m) => inflateRawSync(m))));

// Small members, as in most runpacks: here the fixed cost per member dominates, not throughput.
const smallEntries = Array.from({ length: 5 }, (_, i) => ({ name: `small_${i}.json`, data: jsonl.subarray(i * 300, i * 300 + 300) }));
const smallZip = writeDeterministicZip(smallEntries);
const smallRaw = smallEntries.map((e) => deflateRawSync(e.data));
row('writeDeterministicZip (5 x 300 B)', time(() => writeDeterministicZip(smallEntries)), 'zlib deflate of same bytes', time(() => smallEntries.forEach((e) => deflateRawSync(e.data, { level: 5 }))));
row('readZipSafe (5 x 300 B)', time(() => readZipSafe(smallZip)), 'zlib inflate of same bytes', time(() => smallRaw.forEach((m) => inflateRawSync(m))));

// A CLI process zips once: the first calls run before the JIT has warmed up. Measured in a fresh
// process (CPU time, so other load on the machine counts less), against zlib's first calls there.
const coldScript = `
const { writeDeterministicZip, readZipSafe } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
const { deflateRawSync } = await import('node:zlib');
const entries = Array.from({ length: 5 }, (_, i) => ({ name: 'small_' + i + '.json', data: Buffer.alloc(300, 97 + i) }));
const cpu = (fn) => { const a = process.cpuUsage(); fn(); const b = process.cpuUsage(a); return (b.user + b.system) / 1000; };
let zip;
const write = cpu(() => { zip = writeDeterministicZip(entries); });
const read = cpu(() => readZipSafe(zip));
const zlib = cpu(() => entries.forEach((e) => deflateRawSync(e.data, { level: 5 })));
process.stdout.write(JSON.stringify({ write, read, zlib }));`;
const colds = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', coldScript], { encoding: 'utf8' })));
const median = (key) => colds.map((c) => c[key]).sort((a, b) => a - b)[2];
row('first writeDeterministicZip (5x300)', median('write'), 'first zlib deflates (cpu)', median('zlib'), '| cold process, median of 5, CPU ms');
row('first readZipSafe (5x300)', median('read'), 'first zlib deflates (cpu)', median('zlib'), '| cold process, median of 5, CPU ms');

const dir = mkdtempSync(join(tmpdir(), 'fsx-bench-'));
try {
  const small = Buffer.from(record);
  let n = 0;
  row('writeFileAtomicSync (fsync+rename)', time(() => writeFileAtomicSync(join(dir, 'a.json'), small), 300), 'writeFileSync (no fsync)', time(() => writeFileSync(join(dir, 'b.json'), small), 300));
  row('appendLineSync (O_APPEND+fsync)', time(() => appendLineSync(join(dir, 'a.jsonl'), record), 300), 'appendFileSync (no fsync)', time(() => appendFileSync(join(dir, 'b.jsonl'), `${record}\n`), 300));
  row('withFileLockSync (uncontended)', time(() => withFileLockSync(join(dir, 'x.lock'), () => n++), 300), 'empty call', time(() => n++, 50));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
