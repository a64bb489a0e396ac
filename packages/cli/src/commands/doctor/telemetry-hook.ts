import type { CliIo } from '../../context.js';
import { PROGRAM_NAME, correlationId } from '../../correlation.js';
import { cliVersion } from '../../version.js';

/** Whether `GAIT_ADOPTION_LOG` or `GAIT_OPERATIONAL_LOG` is set: checked before anything is loaded. */
export function telemetryRequested(env: NodeJS.ProcessEnv): boolean {
  return (env.GAIT_ADOPTION_LOG ?? '').trim() !== '' || (env.GAIT_OPERATIONAL_LOG ?? '').trim() !== '';
}

/**
 * Wraps one invocation in the opt-in telemetry streams (operational start/end, adoption). Only
 * loaded when a stream is set, so a default run pays nothing for it.
 */
export async function withCommandTelemetry(argv: readonly string[], io: CliIo, run: (io: CliIo) => Promise<number>): Promise<number> {
  const { withTelemetry, commandLabel } = await import('./telemetry-streams.js');
  const id = io.correlationId ?? correlationId([PROGRAM_NAME, ...argv]);
  const stderr = io.stderr ?? process.stderr;
  return withTelemetry(
    {
      env: io.env ?? process.env,
      producerVersion: cliVersion,
      command: commandLabel(argv),
      correlationId: id,
      warn: (line) => stderr.write(`${line}\n`),
    },
    () => run({ ...io, correlationId: id }),
  );
}
