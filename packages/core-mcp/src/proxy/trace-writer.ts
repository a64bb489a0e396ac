/**
 * Writes the proxy's trace files on a worker thread. An atomic, fsync'd write is seven file
 * system calls; issued from the event loop, each one's completion costs the proxy's thread a
 * loop turn, and together they cost more than the gate's decision. On the worker they run as
 * plain blocking calls, and the proxy's thread only posts the bytes and hears back once.
 *
 * The worker is evaluated from source (a bundled or source-run package has no worker file to
 * point at), so it cannot import `@gait/core-fsx`; it follows the same protocol as its
 * `writeFileAtomicSync`: temp file beside the target, write, fsync, chmod, rename, fsync folder.
 */
import { Worker } from 'node:worker_threads';
import { IoError } from '@gait/core-errors';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const folders = new Set();
function fsyncFolder(dir) {
  let fd;
  try { fd = fs.openSync(dir, 'r'); fs.fsyncSync(fd); } catch {} finally { if (fd !== undefined) fs.closeSync(fd); }
}
function writeAtomic(target, data, mode) {
  const dir = path.dirname(target);
  if (!folders.has(dir)) { fs.mkdirSync(dir, { recursive: true, mode: 0o750 }); folders.add(dir); }
  const temp = path.join(dir, '.' + path.basename(target) + '.tmp-' + randomBytes(6).toString('hex'));
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      const bytes = Buffer.from(data, 'utf8');
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
      fs.fsyncSync(fd);
      fs.fchmodSync(fd, mode);
    } finally { fs.closeSync(fd); }
    fs.renameSync(temp, target);
  } catch (error) {
    folders.delete(dir);
    try { fs.rmSync(temp, { force: true }); } catch {}
    throw error;
  }
  fsyncFolder(dir);
}
parentPort.on('message', (m) => {
  try { writeAtomic(m.path, m.data, m.mode); parentPort.postMessage({ id: m.id }); }
  catch (error) { parentPort.postMessage({ id: m.id, error: String(error && error.message || error), errno: error && error.code }); }
});
`;

interface Waiting {
  path: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class TraceWriter {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly inFlight = new Set<Promise<void>>();

  /** Writes `data` to the absolute `path` atomically (mode 0600, folders 0750); resolves once it is on disk. */
  write(path: string, data: string): Promise<void> {
    const worker = this.start();
    const id = ++this.next;
    const written = new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { path, resolve, reject });
      // A worker with writes in flight keeps the process alive until they are done.
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, path, data, mode: 0o600 });
    });
    this.inFlight.add(written);
    const settle = () => this.inFlight.delete(written);
    written.then(settle, settle);
    return written;
  }

  /** Stops the worker once the writes in flight are done. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (m: { id: number; error?: string; errno?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (m.error === undefined) w.resolve();
      else w.reject(new IoError(`write file atomically ${w.path}: ${m.error}`, { code: 'io_failure', details: { path: w.path, ...(m.errno ? { errno: m.errno } : {}) } }));
    });
    // A dead worker fails every write in flight, and the next write starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, w] of this.waiting) {
        this.waiting.delete(id);
        w.reject(new IoError(`trace writer stopped: ${error.message}`, { code: 'io_failure', cause: error }));
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
