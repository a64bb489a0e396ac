import * as registered from './commands/index.js';
import type { CliIo } from './context.js';
import { dispatch } from './dispatch.js';
import type { GaitCommandClass } from './registry.js';
import { telemetryRequested } from './commands/doctor/telemetry-hook.js';

const commandClasses: readonly GaitCommandClass[] = Object.values(registered);

/**
 * Runs one `gait` invocation in-process (every command in `commands/index.ts`) and resolves to
 * its exit code. `argv` excludes the program name: `runCli(['keys', 'init', '--json'])`.
 */
export function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  if (!telemetryRequested(io.env ?? process.env)) return dispatch(commandClasses, argv, io);
  // Opt-in usage logs (GAIT_ADOPTION_LOG, GAIT_OPERATIONAL_LOG): loaded only when asked for.
  return import('./commands/doctor/telemetry-hook.js').then(({ withCommandTelemetry }) =>
    withCommandTelemetry(argv, io, (wrapped) => dispatch(commandClasses, argv, wrapped)),
  );
}
