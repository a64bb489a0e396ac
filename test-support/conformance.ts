/**
 * Where tests find the reference data. It lives outside the repository (`../shared`), so a fresh
 * clone has none: tests that need it skip with a printed reason instead of failing or passing
 * silently.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared/conformance/gait-v1.4.0`, or `GAIT_CONFORMANCE_DIR`. */
export const conformanceDir = resolve(
  process.env.GAIT_CONFORMANCE_DIR ?? join(repoRoot, '../shared/conformance/gait-v1.4.0'),
);

/** Artifacts made by the reference binary: the sibling `gait-v1.4.0-made` folder. */
export const madeDir = resolve(
  process.env.GAIT_CONFORMANCE_MADE_DIR ?? join(conformanceDir, '../gait-v1.4.0-made'),
);

export const hasConformance = existsSync(conformanceDir);
export const hasMade = existsSync(madeDir);

/** Call at module level in a test file; prints why its conformance tests are skipped. */
export function announceSkip(what: string, available: boolean, dir: string): void {
  if (!available) {
    console.warn(`[conformance skipped] ${what}: reference data not found at ${dir} (set GAIT_CONFORMANCE_DIR)`);
  }
}
