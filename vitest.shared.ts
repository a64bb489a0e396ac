import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Tests import sibling packages from their sources, so a change in one package is seen by the
 * tests of another without a rebuild. Published builds resolve through each package's `exports`.
 */
function workspaceAliases(): { find: string | RegExp; replacement: string }[] {
  const aliases: { find: string | RegExp; replacement: string }[] = [];
  const packagesDir = join(root, 'packages');
  for (const dir of readdirSync(packagesDir)) {
    const src = join(packagesDir, dir, 'src');
    if (!existsSync(join(src, 'index.ts'))) continue;
    const escaped = dir.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
    // Subpath exports (e.g. @gait/sdk/testing) map to src/<subpath>/index.ts.
    aliases.push({ find: new RegExp(`^@gait/${escaped}/(.+)$`), replacement: join(src, '$1', 'index.ts') });
    aliases.push({ find: new RegExp(`^@gait/${escaped}$`), replacement: join(src, 'index.ts') });
  }
  return aliases;
}

export function gaitVitestConfig(overrides: UserConfig['test'] = {}): UserConfig {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      // The JSON report feeds scripts/test-summary.mjs, which prints one total for the whole repo.
      reporters: ['default', 'json'],
      outputFile: { json: '.vitest-result.json' },
      ...overrides,
    },
  });
}

/** Folder with the reference conformance data, or undefined when it is absent (a fresh clone). */
export const workspaceRoot = root;
