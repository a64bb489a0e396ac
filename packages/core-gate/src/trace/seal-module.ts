import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { keyPairFromSeed } from '@gait/core-sign';
import { createTransform } from './seal-transform.js';

const MODULE = 'trace-seal-transform.cjs';

/** The lookup's result, once made (`null`: not looked up yet). */
let found: string | undefined | null = null;

/**
 * The path of the trace sealing module a writer thread loads (`createTransform` of
 * `seal-transform.ts`), or undefined where there is none that works: a bundle that inlined this
 * package (`import.meta.url` is then not this package's), or a module that cannot be loaded or
 * does not seal as this thread does. Callers then seal on their own thread, with the same bytes.
 * The module is loaded and tried on the first call, so a broken one is known before any trace
 * depends on it.
 */
export function traceSealModule(): string | undefined {
  if (found === null) found = findSealModule(import.meta.url, sealsAsThisThread);
  return found;
}

/**
 * Where the built module is, from the URL of the code asking: beside the built entry point
 * (dist/index.js, dist/index.cjs or a dist chunk), or, when that code runs from the sources (the
 * workspace's tests import sibling packages from src), in the package's dist, which the test task
 * builds first. `works` has the last word on a file found there.
 */
export function findSealModule(baseUrl: unknown, works: (path: string) => boolean): string | undefined {
  // A CommonJS bundle made by esbuild has `{}` for import.meta: no URL, no module beside it.
  if (typeof baseUrl !== 'string' || !baseUrl.startsWith('file:')) return undefined;
  try {
    const path = fileURLToPath(new URL(baseUrl.endsWith('.ts') ? `../../dist/${MODULE}` : `./${MODULE}`, baseUrl));
    return existsSync(path) && works(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the module and seals a probe trace with it: true when it makes what this thread makes. */
export function sealsAsThisThread(path: string): boolean {
  const loaded = createRequire(path)(path) as { createTransform?: unknown };
  if (typeof loaded.createTransform !== 'function') return false;
  const keyPair = keyPairFromSeed(new Uint8Array(32).fill(7));
  const probe = JSON.stringify({ schema_id: 'gait.gate.trace', note: 'é<&>\u2028𝄞', latency_ms: 0.1, nested: { b: [1, 'x'], a: null } });
  return (loaded.createTransform as typeof createTransform)(keyPair)(probe) === createTransform(keyPair)(probe);
}
