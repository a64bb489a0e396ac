import type { BaseContext } from 'clipanion';

/** Anything with a `write(string)` method: `process.stdout`, or a test's capture buffer. */
export interface TextSink {
  write(chunk: string): unknown;
}

/** What `runCli` may be given instead of the real process; every field is optional. */
export interface CliIo {
  readonly stdout?: TextSink;
  readonly stderr?: TextSink;
  readonly env?: NodeJS.ProcessEnv;
  /** Folder that relative paths are resolved against (default `process.cwd()`). */
  readonly cwd?: string;
  /** Fixed correlation id, for tests that compare output byte for byte. */
  readonly correlationId?: string;
}

/** The clipanion context every Gait command runs with. */
export interface GaitContext extends BaseContext {
  readonly cwd: string;
  readonly correlationId: string;
}

export function makeContext(io: CliIo, correlationId: string): GaitContext {
  // clipanion types its streams as Writable but only ever calls write(); a TextSink is enough.
  return {
    stdin: process.stdin,
    stdout: (io.stdout ?? process.stdout) as BaseContext['stdout'],
    stderr: (io.stderr ?? process.stderr) as BaseContext['stderr'],
    env: io.env ?? process.env,
    colorDepth: 1,
    cwd: io.cwd ?? process.cwd(),
    correlationId,
  };
}
