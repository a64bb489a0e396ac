import { InvalidInputError } from '@gait/core-errors';
import type { CommandFamily } from '../../gait-command.js';

export const registryFamily: CommandFamily = {
  name: 'registry',
  explain: 'Install, list, and verify signed registry policy packs with allowlisted hosts, cache pinning, and offline checks.',
};

/** `--pin sha256:<hex>` (prefix optional, any case) → lowercase hex; anything else is a flag error (exit 6). */
export function parsePinFlag(value: string | undefined): string | undefined {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') return undefined;
  const hex = (trimmed.toLowerCase().startsWith('sha256:') ? trimmed.slice(7) : trimmed).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new InvalidInputError(`invalid --pin ${JSON.stringify(value)} (expected sha256:<64 hex>)`, { code: 'invalid_pin' });
  return hex;
}
