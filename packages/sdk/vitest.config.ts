import { gaitVitestConfig } from '../../vitest.shared';

// Parity tests run the CLI in-process; clipanion's ESM build needs inlining under Vite (see packages/cli).
export default gaitVitestConfig({ server: { deps: { inline: ['clipanion'] } } });
