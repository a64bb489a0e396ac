import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The path of the trace sealing module a writer thread loads (`createTransform` of
 * `seal-transform.ts`), or undefined where it is not on disk (a bundle that inlined this package,
 * or the sources under test): callers then seal on their own thread, with the same bytes.
 */
export function traceSealModule(): string | undefined {
  // Beside the built entry point (dist/index.js or dist/index.cjs).
  const path = fileURLToPath(new URL('./trace-seal-transform.cjs', import.meta.url));
  return existsSync(path) ? path : undefined;
}
