import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the built sealing module can be, from this file: beside the built entry point
 * (dist/index.js, dist/index.cjs or a dist chunk), or, when this file runs from the sources (the
 * workspace's tests import sibling packages from src), in the package's dist, which the test task
 * builds first.
 */
const CANDIDATES = ['./trace-seal-transform.cjs', '../../dist/trace-seal-transform.cjs'];

/**
 * The path of the trace sealing module a writer thread loads (`createTransform` of
 * `seal-transform.ts`), or undefined where it is not on disk (a bundle that inlined this package):
 * callers then seal on their own thread, with the same bytes.
 */
export function traceSealModule(): string | undefined {
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}
