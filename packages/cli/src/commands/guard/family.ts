import type { CommandFamily } from '../../gait-command.js';

export const guardFamily: CommandFamily = {
  name: 'guard',
  explain: 'Build, verify, retain, and optionally encrypt evidence artifacts for audit and incident workflows.',
};

