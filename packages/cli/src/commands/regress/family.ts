import type { CommandFamily } from '../../gait-command.js';

/** `gait regress`: its sentence answers `--explain` anywhere after `regress` (the reference pre-scans). */
export const regressFamily: CommandFamily = {
  name: 'regress',
  explain: 'Turn runpacks into deterministic regression fixtures and execute graders for CI-safe drift detection.',
};
