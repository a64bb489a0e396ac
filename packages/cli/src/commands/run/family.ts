import type { CommandFamily } from '../../gait-command.js';

/** `gait run`: its sentence answers `--explain` anywhere after `run` (the reference pre-scans). */
export const runFamily: CommandFamily = {
  name: 'run',
  explain:
    'Work with runpacks: record an artifact from normalized run data, replay deterministically in stub mode, and diff runs with stable output.',
};
