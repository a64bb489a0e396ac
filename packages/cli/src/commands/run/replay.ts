import { Command, Option } from 'clipanion';
import { GaitError, InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { locateRunpack, omitEmpty, parseCsv } from '../runpack-support.js';
import { runFamily } from './family.js';

/** Refused real-tool replay: exit 8 (`unsafe_operation`). */
class UnsafeReplayError extends GaitError {
  constructor(message: string) {
    super('internal_failure', message, { code: 'unsafe_operation' });
  }
  override get exitCode() {
    return 8 as const;
  }
}

/** `gait run replay <run_id|path>`: deterministic replay from recorded results, never a silent pass. */
export class RunReplayCommand extends GaitCommand {
  static override paths = [['run', 'replay']];
  static override family = runFamily;
  static override label = 'replay';
  static override explain = 'Replay a runpack deterministically using recorded tool results; real tool execution requires explicit unsafe flags.';
  static override usage = Command.Usage({
    description: 'Replay a runpack in stub mode: recorded results, stubs for known tool classes, and missing steps reported (exit 2).',
    details: [
      'Real tool execution (echo, file.write, shell.exec and aliases, for the tools in --allow-tools only) needs',
      '--real-tools, --unsafe-real-tools, --allow-tools and GAIT_ALLOW_REAL_REPLAY=1 together; otherwise exit 8.',
      'It uses the recorded arguments, so the runpack must be recorded with --capture-mode raw.',
    ].join(' '),
    examples: [['Replay the demo', '$0 run replay run_demo --json']],
  });

  realTools = Option.Boolean('--real-tools', false, { description: 'Execute allowed tools for real (unsafe)' });
  unsafeRealTools = Option.Boolean('--unsafe-real-tools', false, { description: 'Acknowledge that real tools have side effects' });
  allowTools = Option.String('--allow-tools', { description: 'Comma-separated tools allowed to run for real' });
  unsafeRealToolsEnv = Option.String('--unsafe-real-tools-env', { description: 'Variable that must equal 1 (default GAIT_ALLOW_REAL_REPLAY)' });
  rest = Option.Rest({ name: 'run_id|path' });

  protected async run(): Promise<number> {
    const allowed = parseCsv(this.allowTools);
    if (this.realTools) {
      // The interlocks come before anything is read, as in the reference.
      if (!this.unsafeRealTools) throw new UnsafeReplayError('real tool execution requires --unsafe-real-tools');
      if (allowed.length === 0) throw new UnsafeReplayError('real tool execution requires --allow-tools with explicit tool names');
      const variable = (this.unsafeRealToolsEnv ?? '').trim() || 'GAIT_ALLOW_REAL_REPLAY';
      if ((this.context.env[variable] ?? '').trim() !== '1') throw new UnsafeReplayError(`real tool execution requires ${variable}=1`);
    }
    if (this.rest.length !== 1) throw new InvalidInputError('expected run_id or path', { code: 'usage' });
    const located = await locateRunpack(this.context.cwd, this.rest[0]!);
    const { replayRunpack } = await import('@gait/core-runpack');
    const replay = await replayRunpack(located.io, this.realTools ? { realTools: allowed } : {});
    const ok = replay.missing_results.length === 0;
    const warnings = this.realTools ? [`allow_tools=${allowed.join(',')}`] : [];
    const json = {
      ok,
      run_id: replay.run_id,
      mode: replay.mode,
      steps: replay.steps,
      ...omitEmpty({ missing_results: replay.missing_results, warnings, requested_unsafe: this.unsafeRealTools }),
    };
    const warningLines = warnings.length > 0 ? [`warnings: ${warnings.join('; ')}`] : [];
    const text = ok
      ? [`replay ok: ${replay.run_id} (${replay.mode})`, ...warningLines]
      : [`replay failed: ${replay.run_id}`, `missing results: ${replay.missing_results.join(', ')}`, ...warningLines];
    return this.emit(json, text, ok ? 0 : 2);
  }
}
