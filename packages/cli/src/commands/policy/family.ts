import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import type { CommandFamily } from '../../gait-command.js';

export const policyFamily: CommandFamily = {
  name: 'policy',
  explain: 'Initialize, validate, format, and test Gate policies deterministically before rollout.',
};

export function readText(cwd: string, path: string, what: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read ${what}: ${(error as Error).message}`, { code: 'input_unreadable' });
  }
}
