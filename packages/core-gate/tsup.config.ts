import { defineConfig } from 'tsup';

export default defineConfig({
  // The trace sealing transform is loaded by path on a writer thread (see src/trace/seal-module.ts).
  entry: { index: 'src/index.ts', 'trace-seal-transform': 'src/trace/seal-transform.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  // import.meta.url in the CJS build too: traceSealModule() finds the transform beside it.
  shims: true,
});
