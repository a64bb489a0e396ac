import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per public subpath; each maps to dist/<subpath>/index.{js,cjs,d.ts}.
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'ai/index': 'src/ai/index.ts',
    'openai-agents/index': 'src/openai-agents/index.ts',
    'langchain/index': 'src/langchain/index.ts',
    'mcp/index': 'src/mcp/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
});
