import type { CommandFamily } from '../../gait-command.js';

export const delegateFamily: CommandFamily = {
  name: 'delegate',
  explain:
    'Mint and verify signed delegation tokens that bind delegated authority by identity, scope, and optional intent/policy digests.',
};
