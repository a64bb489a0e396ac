import type { CommandFamily } from '../../gait-command.js';

export const voiceFamily: CommandFamily = {
  name: 'voice',
  explain: 'Enforce pre-utterance commitment gating and emit signed callpacks and say tokens for voice agent boundaries.',
};
