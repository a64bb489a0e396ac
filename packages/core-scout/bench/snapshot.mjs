// Scans a generated tree of agent files and compares the snapshot time with just reading the
// same files (the floor any scanner pays), both measured in this run.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSnapshot } from '../dist/index.js';

const FILES = Number(process.env.BENCH_FILES ?? 400);
const root = mkdtempSync(join(tmpdir(), 'gait-scout-bench-'));
for (let i = 0; i < FILES; i++) {
  const dir = join(root, `pkg${i % 20}`, 'src');
  mkdirSync(dir, { recursive: true });
  const body = [
    `import { tool } from '${i % 3 === 0 ? 'ai' : i % 3 === 1 ? '@openai/agents' : '@langchain/core/tools'}';`,
    ...Array.from({ length: 20 }, (_, j) => `// helper ${j}\nexport function helper${j}(a: number, b: number): number { return a * ${j} + b; }`),
    i % 3 === 0 ? `export const tools = { search_${i}: tool({ execute: async () => 1 }), send_${i}: tool({ execute }) };` : `export const t${i} = tool({ name: 'delete_${i}', execute });`,
  ].join('\n');
  writeFileSync(join(dir, `agent${i}.${i % 2 === 0 ? 'ts' : 'mjs'}`), body);
}

function readAll(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? readAll(path) : readFileSync(path).length;
  }
  return bytes;
}

function time(fn, rounds = 5) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

buildSnapshot({ cwd: root }); // warm the parser
const readMs = time(() => readAll(root));
let items = 0;
const scanMs = time(() => {
  items = buildSnapshot({ cwd: root }).items.length;
});
rmSync(root, { recursive: true, force: true });
console.log(`files=${FILES} items=${items}`);
console.log(`read only (baseline): ${readMs.toFixed(1)} ms`);
console.log(`scout snapshot:       ${scanMs.toFixed(1)} ms (${(scanMs / FILES).toFixed(3)} ms/file, ${(scanMs / readMs).toFixed(1)}x baseline)`);
