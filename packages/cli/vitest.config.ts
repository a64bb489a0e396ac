import { gaitVitestConfig } from '../../vitest.shared';

// clipanion 3.2.1's ESM files import a directory (`../platform`), which Node's ESM loader rejects;
// inlining lets Vite resolve it. Node itself loads clipanion's CommonJS main, so dist is unaffected.
export default gaitVitestConfig({ server: { deps: { inline: ['clipanion'] } } });
