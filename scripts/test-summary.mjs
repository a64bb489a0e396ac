#!/usr/bin/env node
// Sums the JSON reports every package's vitest run writes (.vitest-result.json) into one closing
// line for the whole repository, and exits 1 when any test failed or a package wrote no report.
// `--clean` removes old reports first, so a total never counts a previous run.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const projectDirs = ['packages', 'examples', 'examples/integrations'].flatMap((parent) => {
  const dir = join(root, parent);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'package.json')))
    .map((entry) => join(dir, entry.name));
});
const withTests = projectDirs.filter((dir) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return typeof manifest.scripts?.test === 'string' && manifest.scripts.test.includes('vitest');
});

if (process.argv.includes('--clean')) {
  for (const dir of withTests) rmSync(join(dir, '.vitest-result.json'), { force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const dir of withTests) {
  const file = join(dir, '.vitest-result.json');
  if (!existsSync(file)) {
    missing.push(relative(root, dir));
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (missing.length) console.log(`no test report from: ${missing.join(', ')}`);
console.log(`${withTests.length - missing.length} projects tested`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);
