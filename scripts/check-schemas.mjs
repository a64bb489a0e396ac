#!/usr/bin/env node
/**
 * Fails (exit 1) when the committed generated files are not what the TypeBox sources produce:
 * regenerates `schemas/v1/**` and the precompiled validators into a temporary folder and names
 * every file that differs, is missing, or is extra. Needs packages/core-schema built (`pnpm test`
 * builds first). Fix with: pnpm schemas:generate
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(root, 'packages/core-schema');

if (!existsSync(join(packageDir, 'dist/index.js'))) {
  console.error('check-schemas: packages/core-schema/dist is missing; build it first (pnpm turbo run build --filter=@gait/core-schema)');
  process.exit(1);
}

const { renderAll, writeFileAtomic } = await import(pathToFileURL(join(packageDir, 'scripts/generate.mjs')).href);

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)],
  );
}

const temp = mkdtempSync(join(tmpdir(), 'gait-schemas-'));
const problems = [];
try {
  const files = await renderAll();
  for (const file of files) writeFileAtomic(join(temp, file.path), file.text);
  for (const file of files) {
    const committed = join(root, file.path);
    if (!existsSync(committed)) problems.push(`missing: ${file.path}`);
    else if (readFileSync(committed, 'utf8') !== readFileSync(join(temp, file.path), 'utf8')) {
      problems.push(`differs: ${file.path}`);
    }
  }
  const expected = new Set(files.map((f) => f.path));
  for (const path of listFiles(join(root, 'schemas'))) {
    const rel = relative(root, path).split('\\').join('/');
    if (!expected.has(rel)) problems.push(`extra: ${rel}`);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`check-schemas: ${problems.length} generated file(s) out of date (run: pnpm schemas:generate)`);
  for (const line of problems) console.error(`  ${line}`);
  process.exit(1);
}
console.log('check-schemas: schemas/ and the precompiled validators match the TypeBox sources');
