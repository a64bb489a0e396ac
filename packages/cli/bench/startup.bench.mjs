// Cold start of the built CLI: `node dist/bin.js version` against a bare `node -e 0`, both
// measured in this run, interleaved so machine noise hits both alike. Prints medians and ratios.
// Runs: GAIT_BENCH_RUNS (default 30).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
if (!existsSync(bin)) {
  console.error(`missing ${bin}: run \`pnpm turbo run build --filter=@gait/cli...\` first`);
  process.exit(1);
}
const runs = Number(process.env.GAIT_BENCH_RUNS ?? 30);

const cases = {
  'node -e 0 (baseline)': ['-e', '0'],
  'gait version': [bin, 'version'],
  'gait --help': [bin, '--help'],
  'gait keys verify (loads core-sign)': [bin, 'keys', 'verify', '--private-key-env', 'GAIT_BENCH_KEY'],
};
// A fixed valid key (seed 00..1f, artifacts.md §2.6) so `keys verify` does real work.
const env = {
  ...process.env,
  GAIT_BENCH_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8DoQe/884Qvh1w3RjnS8CZZ+TWMJulDV8d3IZkElUxuA==',
};

function once(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stdout}${result.stderr}`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

for (const args of Object.values(cases)) once(args); // warm the file cache
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < runs; i += 1) {
  for (const [name, args] of Object.entries(cases)) samples[name].push(once(args));
}

const baseline = median(samples['node -e 0 (baseline)']);
console.log(`cold start, ${runs} runs each, node ${process.version}`);
for (const [name, values] of Object.entries(samples)) {
  const m = median(values);
  console.log(`${name.padEnd(38)} median ${m.toFixed(1).padStart(6)} ms   ratio ${(m / baseline).toFixed(2)}x   +${(m - baseline).toFixed(1)} ms`);
}
