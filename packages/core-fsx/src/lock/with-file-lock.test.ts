import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentionError } from '@gait/core-errors';
import { beforeEach, describe, expect, it } from 'vitest';
import { announceNoDist, hasDist, runChild, startChild } from '../child.test-support.js';
import { rfc3339Seconds } from './lock-record.js';
import { withFileLock, withFileLockSync } from './with-file-lock.js';

announceNoDist('lock exclusion between child processes');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fsx-lock-'));
});

const goLockContent = (createdAtMs: number, pid: number): string =>
  `{"created_at":"${rfc3339Seconds(createdAtMs)}","pid":${pid},"schema_id":"gait.runpack.session_lock","schema_version":"1.0.0"}\n`;

/** A pid that certainly belonged to a process which has exited. */
async function deadPid(): Promise<number> {
  const result = await runChild('', null).catch(() => undefined);
  if (result !== undefined && result.pid > 0) return result.pid;
  const { spawnSync } = await import('node:child_process');
  return spawnSync(process.execPath, ['-e', '']).pid ?? 999_999;
}

const forms = [
  ['withFileLock', <T>(path: string, fn: () => T, options?: Parameters<typeof withFileLock>[2]) => withFileLock(path, fn, options)],
  ['withFileLockSync', <T>(path: string, fn: () => T, options?: Parameters<typeof withFileLockSync>[2]) =>
    Promise.resolve().then(() => withFileLockSync(path, fn, options))],
] as const;

describe.each(forms)('%s', (_name, lock) => {
  it("holds a lock file with the reference's record while fn runs, and removes it after", async () => {
    const path = join(dir, 'journal.jsonl.lock');
    const seen = await lock(path, () => readFileSync(path, 'utf8'));
    expect(seen).toMatch(
      /^\{"created_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","pid":\d+,"schema_id":"gait\.runpack\.session_lock","schema_version":"1\.0\.0"\}\n$/,
    );
    expect(JSON.parse(seen).pid).toBe(process.pid);
    expect(existsSync(path)).toBe(false);
  });

  it('releases the lock when fn throws, and rethrows', async () => {
    const path = join(dir, 'x.lock');
    await expect(lock(path, () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(existsSync(path)).toBe(false);
  });

  it('times out on a held lock with a ContentionError (exit 1) naming the path', async () => {
    const path = join(dir, 'held.lock');
    const content = goLockContent(Date.now(), process.pid); // fresh, owner alive
    writeFileSync(path, content);
    const error = await lock(path, () => 'never', { timeoutMs: 120, pollMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentionError);
    expect(error).toMatchObject({ code: 'lock_timeout', exitCode: 1 });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('lock timeout');
    expect(readFileSync(path, 'utf8')).toBe(content); // left alone
  });

  it('breaks a lock whose recorded created_at is older than staleMs', async () => {
    const path = join(dir, 'old.lock');
    writeFileSync(path, goLockContent(Date.now() - 6 * 60_000, process.pid)); // Go's default: stale after 5 min
    expect(await lock(path, () => 'ran', { timeoutMs: 200 })).toBe('ran');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('breaks a fresh lock whose owner process has exited', async () => {
    const path = join(dir, 'orphan.lock');
    writeFileSync(path, goLockContent(Date.now(), await deadPid()));
    expect(await lock(path, () => 'ran', { timeoutMs: 200 })).toBe('ran');
  });

  it('judges an empty lock file (the reference append/job lock) by its mtime', async () => {
    const path = join(dir, 'events.jsonl.lock');
    writeFileSync(path, '');
    await expect(lock(path, () => 'ran', { timeoutMs: 80, pollMs: 20, staleMs: 60_000 })).rejects.toBeInstanceOf(ContentionError);
    const old = (Date.now() - 3 * 60_000) / 1000;
    utimesSync(path, old, old);
    expect(await lock(path, () => 'ran', { timeoutMs: 200, staleMs: 120_000 })).toBe('ran');
  });

  it('does not delete a lock that replaced its own after it was broken', async () => {
    const path = join(dir, 'stolen.lock');
    const foreign = goLockContent(Date.now(), process.pid);
    await lock(path, () => {
      // Someone judged our lock stale and took the path over while fn ran.
      renameSync(path, join(dir, 'ours.bak'));
      writeFileSync(path, foreign);
    });
    expect(readFileSync(path, 'utf8')).toBe(foreign);
  });

  it('refuses nonsensical options as invalid input', async () => {
    await expect(lock(join(dir, 'a.lock'), () => 1, { timeoutMs: -1 })).rejects.toMatchObject({ code: 'invalid_lock_option' });
    await expect(lock(join(dir, 'a.lock'), () => 1, { pollMs: 0 })).rejects.toMatchObject({ code: 'invalid_lock_option' });
  });
});

describe('withFileLockSync', () => {
  it('refuses an async fn, whose work would outlive the lock', () => {
    const path = join(dir, 'async.lock');
    expect(() => withFileLockSync(path, async () => 1)).toThrow(/use withFileLock/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('withFileLock in one process', () => {
  it('serialises overlapping async critical sections', async () => {
    const path = join(dir, 'counter.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(
          path,
          async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await new Promise((r) => setTimeout(r, 5));
            inside--;
          },
          { pollMs: 2, timeoutMs: 10_000 },
        ),
      ),
    );
    expect(maxInside).toBe(1);
  });
});

describe.runIf(hasDist)('withFileLock across processes', () => {
  it('gives mutual exclusion: a read-modify-write counter loses no update', async () => {
    const counter = join(dir, 'counter.txt');
    const log = join(dir, 'log.jsonl');
    writeFileSync(counter, '0');
    const script = `
      const { readFileSync } = await import('node:fs');
      for (let i = 0; i < args.rounds; i++) {
        await fsx.withFileLock(args.lock, async () => {
          const n = Number(readFileSync(args.counter, 'utf8'));
          await new Promise((r) => setImmediate(r)); // widen the window a lost update needs
          fsx.writeFileAtomicSync(args.counter, String(n + 1));
          fsx.appendLineSync(args.log, JSON.stringify({ worker: args.worker, n: n + 1 }));
        }, { timeoutMs: 60000, pollMs: 2 });
      }`;
    const workers = 5;
    const rounds = 40;
    const results = await Promise.all(
      Array.from({ length: workers }, (_, worker) => runChild(script, { lock: `${counter}.lock`, counter, log, worker, rounds })),
    );
    for (const r of results) expect(r.stderr).toBe('');
    expect(readFileSync(counter, 'utf8')).toBe(String(workers * rounds));
    const values = readFileSync(log, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);
    expect(values).toEqual(Array.from({ length: workers * rounds }, (_, i) => i + 1));
  });

  it('recovers the lock of a process killed while holding it', async () => {
    const path = join(dir, 'crash.lock');
    const holder = startChild(
      `fsx.withFileLockSync(args.path, () => { process.stdout.write('locked\\n'); for (;;) {} });`,
      { path },
    );
    await holder.printed('locked');
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(holder.pid);
    holder.kill('SIGKILL');
    await holder.result;
    expect(existsSync(path)).toBe(true); // the dead owner could not clean up
    expect(await withFileLock(path, () => 'recovered', { timeoutMs: 500 })).toBe('recovered');
  });

  it('makes a second process wait and then time out while the first holds the lock', async () => {
    const path = join(dir, 'busy.lock');
    const holder = startChild(
      `fsx.withFileLockSync(args.path, () => { process.stdout.write('locked\\n'); const end = Date.now() + 3000; while (Date.now() < end) {} });`,
      { path },
    );
    await holder.printed('locked');
    const waiter = await runChild(
      `try { await fsx.withFileLock(args.path, () => {}, { timeoutMs: 150, pollMs: 10 }); console.log('acquired'); }
       catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, exitCode: e.exitCode })); }`,
      { path },
    );
    holder.kill('SIGKILL');
    await holder.result;
    expect(JSON.parse(waiter.stdout)).toEqual({ name: 'ContentionError', code: 'lock_timeout', exitCode: 1 });
  });
});
