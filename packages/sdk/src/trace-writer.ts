/**
 * Trace files are written atomically with fsync, as the CLI does. `await` mode finishes the write
 * before the decision resolves (evidence on disk before the tool runs). `background` mode signs
 * the trace in the decision but writes it off the call's path; a failed write is kept and makes
 * every later decision fail closed, and `flush()` reports it.
 */
import { writeFileAtomic } from '@gait/core-fsx';
import { IoError } from '@gait/core-errors';

export type TraceWriteMode = 'await' | 'background';

export class TraceWriter {
  readonly #mode: TraceWriteMode;
  readonly #pending = new Set<Promise<void>>();
  #failure: IoError | undefined;

  constructor(mode: TraceWriteMode) {
    this.#mode = mode;
  }

  /** Throws the first background write failure: a gate that lost evidence stops deciding. */
  assertHealthy(): void {
    if (this.#failure) throw this.#failure;
  }

  async write(path: string, text: string): Promise<void> {
    const write = writeFileAtomic(path, text, { mode: 0o600 });
    if (this.#mode === 'await') return write;
    const tracked = write.catch((error: unknown) => {
      this.#failure ??= new IoError(`write trace ${path}: ${(error as Error).message}`, { code: 'trace_write_failed', cause: error });
    });
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    this.assertHealthy();
  }
}
