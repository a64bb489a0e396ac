import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  // import.meta.url (used to load the tweetnacl fallback lazily) needs a shim in the CJS build.
  shims: true,
});
