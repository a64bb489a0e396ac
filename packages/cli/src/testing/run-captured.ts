import type { CliIo } from '../context.js';
import { dispatch } from '../dispatch.js';
import type { GaitCommandClass } from '../registry.js';
import { runCli } from '../run-cli.js';

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `gait` in-process with captured streams (test helper; not part of the package). */
export async function runCaptured(
  argv: readonly string[],
  io: Omit<CliIo, 'stdout' | 'stderr'> = {},
  commandClasses?: readonly GaitCommandClass[],
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const captured: CliIo = {
    ...io,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  };
  const code = commandClasses === undefined ? await runCli(argv, captured) : await dispatch(commandClasses, argv, captured);
  return { code, stdout, stderr };
}
