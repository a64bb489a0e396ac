/**
 * Atomic, fsync'd file writes on a worker thread, with group commit: for many small files
 * written in the background (traces), where the caller must not pay for the fsync. An atomic
 * write is several file system calls; issued from the event loop, each one's completion costs
 * the caller's thread a loop turn. On the worker they run as plain blocking calls.
 *
 * At most one batch is with the worker at a time. Files that arrive meanwhile queue on the
 * caller's thread and go over together, in one message, when the worker reports back. The worker
 * writes every temp file of a batch, then fsyncs them, renames them, fsyncs each distinct folder
 * once, and only then answers (one message per batch). Each file is still atomic and on disk
 * before its promise resolves. A file that fails fails alone: its temp file is removed and the
 * rest of its batch is written.
 *
 * The worker is evaluated from source (a bundled package has no worker file to point at), so it
 * uses only Node built-ins; it follows the protocol of `writeFileAtomicSync`: temp file beside the
 * target, write, fsync, chmod, rename, fsync folder. Unlike `writeFileAtomic`, missing folders are
 * created (mode 0750).
 *
 * A `transform` moves work off the caller's thread too: the worker loads it (a CommonJS module, by
 * path) and each posted string becomes the file's text through it. Signing traces is the use.
 */
import { Worker } from 'node:worker_threads';
import { IoError } from '@gait/core-errors';

/** At most this many files per batch (each holds a file descriptor until its batch is done). */
const MAX_BATCH = 64;

export interface AtomicBatchWriterOptions {
  /** Permission bits of every written file; default 0o600. */
  readonly mode?: number;
  /** Makes each file's text on the writer thread from the string given to `write`. */
  readonly transform?: WriterTransform;
}

/**
 * A CommonJS module (absolute path) exporting `createTransform(init)`, which returns a function from
 * the string given to `write` to the file's text. It runs on the writer thread, once per file; a
 * call that throws fails that file alone. `init` is cloned to the thread (structured clone).
 */
export interface WriterTransform {
  readonly module: string;
  readonly init?: unknown;
}

/**
 * A batch as posted: targets and their contents, in order. The strings are cloned once by
 * `postMessage` and encoded on the worker; at trace sizes (a few KB) that costs the caller's thread
 * less than encoding them into a buffer and transferring it (measured: about 3 µs against 12 µs
 * per post on the benchmark VM).
 */
interface BatchMessage {
  paths: string[];
  data: string[];
  mode: number;
}

/** The worker's answer: the files of the batch that failed, by index. */
interface BatchReply {
  failed: { index: number; error: string; errno?: string }[];
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const folders = new Set();
// Unique per worker; the counter makes each temp name unique, 'wx' refuses any collision.
const tempTag = '.tmp-' + process.pid + '-' + randomBytes(4).toString('hex') + '-';
let tempCount = 0;
const spec = workerData && workerData.transform;
const transform = spec ? require(spec.module).createTransform(spec.init) : undefined;
function fsyncFolder(dir) {
  let fd;
  try { fd = fs.openSync(dir, 'r'); fs.fsyncSync(fd); } catch {} finally { if (fd !== undefined) fs.closeSync(fd); }
}
function writeBatch(m) {
  const items = [];
  const failed = [];
  const fail = (item, error) => {
    if (item.fd !== undefined) { try { fs.closeSync(item.fd); } catch {} item.fd = undefined; }
    if (item.temp !== undefined) { try { fs.rmSync(item.temp, { force: true }); } catch {} }
    folders.delete(item.dir);
    item.failed = true;
    failed.push({ index: item.index, error: String((error && error.message) || error), errno: error && error.code });
  };
  for (let index = 0; index < m.paths.length; index++) {
    const target = m.paths[index];
    const dir = path.dirname(target);
    const item = { index, target, dir, temp: undefined, fd: undefined, failed: false };
    items.push(item);
    // 1. Every temp file written.
    try {
      const bytes = Buffer.from(transform ? transform(m.data[index]) : m.data[index], 'utf8');
      if (!folders.has(dir)) { fs.mkdirSync(dir, { recursive: true, mode: 0o750 }); folders.add(dir); }
      item.temp = path.join(dir, '.' + path.basename(target) + tempTag + (++tempCount));
      item.fd = fs.openSync(item.temp, 'wx', m.mode);
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(item.fd, bytes, written, bytes.length - written);
    } catch (error) { fail(item, error); }
  }
  // 2. Then each fsync'd (by now the others' data may already be on its way to the disk).
  for (const item of items) {
    if (item.failed) continue;
    try {
      fs.fsyncSync(item.fd);
      fs.fchmodSync(item.fd, m.mode);
      const fd = item.fd;
      item.fd = undefined;
      fs.closeSync(fd);
    } catch (error) { fail(item, error); }
  }
  // 3. Renamed into place, 4. each folder fsync'd once.
  const dirs = new Set();
  for (const item of items) {
    if (item.failed) continue;
    try { fs.renameSync(item.temp, item.target); dirs.add(item.dir); } catch (error) { fail(item, error); }
  }
  for (const dir of dirs) fsyncFolder(dir);
  return failed;
}
parentPort.on('message', (m) => {
  let failed;
  try { failed = writeBatch(m); }
  catch (error) { failed = m.paths.map((_, index) => ({ index, error: String((error && error.message) || error) })); }
  parentPort.postMessage({ failed });
});
`;

interface Waiting {
  path: string;
  data: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class AtomicBatchWriter {
  private readonly mode: number;
  private readonly transform: WriterTransform | undefined;
  private worker: Worker | undefined;
  /** Traces not yet posted. */
  private queue: Waiting[] = [];
  /** The batch with the worker, in the order it was posted. */
  private posted: Waiting[] = [];
  /** `close()` calls waiting for the writer to be idle. */
  private idle: (() => void)[] = [];

  constructor(options: AtomicBatchWriterOptions = {}) {
    this.mode = options.mode ?? 0o600;
    this.transform = options.transform;
  }

  /**
   * Writes `data` (through the transform, if any) to the absolute `path` atomically (folders made
   * with mode 0750); resolves once it is on disk.
   */
  write(path: string, data: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ path, data, resolve, reject });
      if (this.posted.length === 0) this.post();
    });
  }

  /** Stops the worker once the writes in flight are done. */
  async close(): Promise<void> {
    if (this.posted.length > 0 || this.queue.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** Posts the queue (up to MAX_BATCH) as one batch; a no-op when it is empty. */
  private post(): void {
    if (this.queue.length === 0) {
      const idle = this.idle;
      this.idle = [];
      for (const resolve of idle) resolve();
      return;
    }
    const worker = this.start();
    const batch = this.queue.length <= MAX_BATCH ? this.queue : this.queue.slice(0, MAX_BATCH);
    this.queue = batch === this.queue ? [] : this.queue.slice(MAX_BATCH);
    this.posted = batch;
    // A worker with writes in flight keeps the process alive until they are done.
    worker.ref();
    const message: BatchMessage = { paths: batch.map((w) => w.path), data: batch.map((w) => w.data), mode: this.mode };
    worker.postMessage(message);
  }

  private settle(reply: BatchReply): void {
    const batch = this.posted;
    this.posted = [];
    const failed = new Map(reply.failed.map((f) => [f.index, f]));
    for (let i = 0; i < batch.length; i++) {
      const w = batch[i]!;
      const f = failed.get(i);
      if (f === undefined) w.resolve();
      else w.reject(new IoError(`write file atomically ${w.path}: ${f.error}`, { code: 'io_failure', details: { path: w.path, ...(f.errno ? { errno: f.errno } : {}) } }));
    }
    if (this.queue.length === 0) this.worker?.unref();
    this.post();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // A transform that cannot be loaded stops the worker at once: its batch fails (fail closed).
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { transform: this.transform } });
    worker.unref();
    worker.on('message', (reply: BatchReply) => this.settle(reply));
    // A dead worker fails the batch it had, and the next batch starts a new one.
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const batch = this.posted;
      this.posted = [];
      for (const w of batch) w.reject(new IoError(`atomic batch writer stopped: ${error.message}`, { code: 'io_failure', cause: error }));
      this.post();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
