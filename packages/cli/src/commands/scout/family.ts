import type { CommandFamily } from '../../gait-command.js';

export const scoutFamily: CommandFamily = {
  name: 'scout',
  explain: 'Discover tool inventory coverage, compute policy coverage metrics, and diff snapshots deterministically.',
};
