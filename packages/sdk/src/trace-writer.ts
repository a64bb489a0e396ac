/**
 * Trace files are written atomically with fsync, as the CLI does. `await` mode signs and writes
 * before the decision resolves (evidence on disk before the tool runs). `background` mode takes
 * the trace off the call's path: the decision reports the trace's path and returns; the trace is
 * signed (unless signing is inline) a moment later, between the caller's own awaits, and written
 * on a worker thread that fsyncs traces in groups (`AtomicBatchWriter` of core-fsx).
 * A background failure is kept, reported to `onError`, makes every later decision fail closed,
 * and makes `flush()` reject.
 */
import { AtomicBatchWriter, writeFileAtomic } from '@gait/core-fsx';
import { IoError } from '@gait/core-errors';

export type TraceWriteMode = 'await' | 'background';

/** Receives a background trace failure (the gate already fails closed from then on). */
export type TraceErrorHandler = (error: IoError, tracePath: string) => void;

interface Job {
  path: string;
  /** The file's text: built (and signed) only when the job runs. */
  text: () => string;
}

/** Background signing runs in slices this long, so a backlog never holds the event loop long. */
const SLICE_MS = 2;
/** Files handed to the writer thread at once (it commits them in groups of up to 64). */
const MAX_WRITES_IN_FLIGHT = 64;
/** Queued traces beyond which a decision waits for the backlog (memory stays bounded). */
const MAX_QUEUED = 4096;

export class TraceWriter {
  readonly #mode: TraceWriteMode;
  readonly #onError: TraceErrorHandler | undefined;
  readonly #queue: Job[] = [];
  #queueHead = 0;
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];
  #failure: IoError | undefined;
  /** Background writes: atomic and fsync'd on a worker thread, in group commits. */
  #files: AtomicBatchWriter | undefined;

  constructor(mode: TraceWriteMode, onError?: TraceErrorHandler) {
    this.#mode = mode;
    this.#onError = onError;
  }

  get mode(): TraceWriteMode {
    return this.#mode;
  }

  /** Throws the first background failure: a gate that lost evidence stops deciding. */
  assertHealthy(): void {
    if (this.#failure) throw this.#failure;
  }

  /** True when a decision should wait (`flush()`) before adding to the backlog. */
  get saturated(): boolean {
    return this.#queue.length - this.#queueHead >= MAX_QUEUED;
  }

  /** Writes the text now (`await` mode) or queues it, to be formatted when written (`background`). */
  async write(path: string, text: () => string): Promise<void> {
    if (this.#mode === 'await') return writeFileAtomic(path, text(), { mode: 0o600 });
    this.enqueue(path, text);
  }

  /** Queues a trace whose text is built when its turn comes (background mode). */
  enqueue(path: string, text: () => string): void {
    this.#queue.push({ path, text });
    this.#schedule();
  }

  async flush(): Promise<void> {
    if (!this.#isIdle()) await new Promise<void>((resolve) => this.#idle.push(resolve));
    this.assertHealthy();
  }

  #pending(): number {
    return this.#queue.length - this.#queueHead;
  }

  #isIdle(): boolean {
    return this.#pending() === 0 && this.#inFlight === 0;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#drain();
    });
  }

  /** Builds and starts writes for queued traces until the slice or the write window is used up. */
  #drain(): void {
    const until = performance.now() + SLICE_MS;
    while (this.#pending() > 0 && this.#inFlight < MAX_WRITES_IN_FLIGHT) {
      const job = this.#queue[this.#queueHead]!;
      this.#queue[this.#queueHead++] = undefined as unknown as Job;
      this.#start(job);
      if (performance.now() >= until) break;
    }
    if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
    if (this.#pending() > 0 && this.#inFlight < MAX_WRITES_IN_FLIGHT) this.#schedule();
    this.#settleIfIdle();
  }

  #start(job: Job): void {
    let text: string;
    try {
      text = job.text();
    } catch (error) {
      this.#fail(job.path, 'sign trace', error);
      return;
    }
    this.#inFlight += 1;
    this.#files ??= new AtomicBatchWriter({ mode: 0o600 });
    this.#files.write(job.path, text).then(
      () => this.#finished(),
      (error: unknown) => {
        this.#fail(job.path, 'write trace', error);
        this.#finished();
      },
    );
  }

  #finished(): void {
    this.#inFlight -= 1;
    if (this.#pending() > 0) this.#schedule();
    this.#settleIfIdle();
  }

  #fail(path: string, what: string, error: unknown): void {
    const failure = new IoError(`${what} ${path}: ${(error as Error)?.message ?? String(error)}`, { code: 'trace_write_failed', cause: error });
    this.#failure ??= failure;
    try {
      this.#onError?.(failure, path);
    } catch {
      // A throwing handler must not hide the failure: the gate already fails closed on it.
    }
  }

  #settleIfIdle(): void {
    if (!this.#isIdle() || this.#idle.length === 0) return;
    const waiting = this.#idle;
    this.#idle = [];
    for (const resolve of waiting) resolve();
  }
}
