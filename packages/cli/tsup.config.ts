import { createRequire } from 'node:module';
import { defineConfig } from 'tsup';

const require = createRequire(import.meta.url);

export default defineConfig({
  // bin.ts is the `gait` executable; index.ts is the library (runCli, GaitCommand).
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: false,
  target: 'node20',
  // Start-up: Node loads clipanion's CommonJS build file by file through the ESM/CJS bridge
  // (~25 ms of `gait version`). Bundling its ES module build instead avoids that. `.mjs` first so
  // its `../platform` folder import picks `node.mjs`. The package re-exports `Command` and
  // `Option`, so commands written elsewhere use this same copy (its option marker is a local Symbol).
  noExternal: ['clipanion'],
  esbuildOptions(options) {
    options.alias = { clipanion: require.resolve('clipanion/lib/advanced/index.mjs') };
    options.resolveExtensions = ['.mjs', '.ts', '.js', '.json'];
  },
});
