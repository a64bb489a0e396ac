import type { CommandFamily } from '../../gait-command.js';

/** `gait keys`: `--help`/`-h` as its first word exits 0 here, unlike most families. */
export const keysFamily: CommandFamily = {
  name: 'keys',
  explain: 'Manage local ed25519 signing keys for trace and artifact verification workflows.',
  helpExitsZero: true,
};
