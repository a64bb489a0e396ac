import * as registered from './commands/index.js';
import type { CliIo } from './context.js';
import { dispatch } from './dispatch.js';
import type { GaitCommandClass } from './registry.js';

const commandClasses: readonly GaitCommandClass[] = Object.values(registered);

/**
 * Runs one `gait` invocation in-process (every command in `commands/index.ts`) and resolves to
 * its exit code. `argv` excludes the program name: `runCli(['keys', 'init', '--json'])`.
 */
export function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  return dispatch(commandClasses, argv, io);
}
