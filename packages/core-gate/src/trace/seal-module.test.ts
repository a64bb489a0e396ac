import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findSealModule, sealsAsThisThread, traceSealModule } from './seal-module.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const builtModule = join(dist, 'trace-seal-transform.cjs');

describe('finding the trace sealing module', () => {
  it('finds the built module from the built entry points, ESM and CommonJS', async () => {
    const esm = (await import(pathToFileURL(join(dist, 'index.js')).href)) as { traceSealModule: () => string | undefined };
    const cjs = createRequire(import.meta.url)(join(dist, 'index.cjs')) as { traceSealModule: () => string | undefined };
    expect(esm.traceSealModule()).toBe(builtModule);
    expect(cjs.traceSealModule()).toBe(builtModule);
  });

  it('finds the package dist from the sources (workspace tests) and checks it seals as this thread does', () => {
    expect(traceSealModule()).toBe(builtModule);
    expect(sealsAsThisThread(builtModule)).toBe(true);
  });

  it('finds none in a bundle, where import.meta has no URL of this package', () => {
    // esbuild's CommonJS output turns import.meta into {}: its url is undefined.
    expect(findSealModule(undefined, () => true)).toBeUndefined();
    expect(findSealModule('', () => true)).toBeUndefined();
    const elsewhere = mkdtempSync(join(tmpdir(), 'gait-bundle-'));
    expect(findSealModule(pathToFileURL(join(elsewhere, 'bundle.cjs')).href, () => true)).toBeUndefined();
  });

  it('refuses a module that cannot be loaded or seals differently', () => {
    /** A folder with an entry point beside a sealing module of this source (one folder each: require caches). */
    const withModule = (source: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'gait-seal-module-'));
      writeFileSync(join(dir, 'trace-seal-transform.cjs'), source);
      return { base: pathToFileURL(join(dir, 'index.js')).href, module: join(dir, 'trace-seal-transform.cjs') };
    };
    expect(findSealModule(withModule("require('./no-such-dependency');\n").base, sealsAsThisThread)).toBeUndefined();
    expect(findSealModule(withModule('exports.createTransform = () => (json) => json;\n').base, sealsAsThisThread)).toBeUndefined();
    const good = withModule(`module.exports = require(${JSON.stringify(builtModule)});\n`);
    expect(findSealModule(good.base, sealsAsThisThread)).toBe(good.module);
  });
});
