#!/usr/bin/env bash
# Scaffold packages/<dir> as @gait/<dir> with the repository's build, test and lint conventions.
set -euo pipefail
dir=$1; desc=$2
p=packages/$dir
mkdir -p "$p/src"
cat > "$p/package.json" <<JSON
{
  "name": "@gait/$dir",
  "version": "0.1.0",
  "description": "$desc",
  "keywords": ["gait", "ai-agents", "policy", "evidence"],
  "license": "Apache-2.0",
  "repository": { "type": "git", "url": "https://github.com/gait-ts/gait.git", "directory": "packages/$dir" },
  "type": "module",
  "sideEffects": false,
  "engines": { "node": ">=20" },
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": {
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    },
    "./package.json": "./package.json"
  },
  "files": ["dist"],
  "publishConfig": { "access": "public" },
  "scripts": {
    "build": "tsup",
    "typecheck": "tsc -p tsconfig.json",
    "lint": "publint --strict",
    "test": "vitest run",
    "bench": "node --version"
  }
}
JSON
cat > "$p/tsconfig.json" <<'JSON'
{
  "extends": "../../tsconfig.base.json",
  "include": ["src", "test"]
}
JSON
cat > "$p/tsup.config.ts" <<'TS'
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
});
TS
cat > "$p/vitest.config.ts" <<'TS'
import { gaitVitestConfig } from '../../vitest.shared';

export default gaitVitestConfig();
TS
[ -f "$p/src/index.ts" ] || echo "export {};" > "$p/src/index.ts"
cp LICENSE "$p/LICENSE"
[ -f "$p/README.md" ] || printf '# @gait/%s\n\n%s\n' "$dir" "$desc" > "$p/README.md"
