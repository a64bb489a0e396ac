import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicBatchWriter, type AtomicBatchWriterOptions } from './atomic-batch-writer.js';

const folders: string[] = [];
const writers: AtomicBatchWriter[] = [];
function setup(options: AtomicBatchWriterOptions = {}): { dir: string; writer: AtomicBatchWriter } {
  const dir = mkdtempSync(join(tmpdir(), 'gait-batch-writer-'));
  const writer = new AtomicBatchWriter(options);
  folders.push(dir);
  writers.push(writer);
  return { dir, writer };
}
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close()));
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Files whose name marks them as a temp file of an atomic write, anywhere under `dir`. */
const tempFiles = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.includes('.tmp-'));

describe('AtomicBatchWriter', () => {
  it('writes every file of a group commit with its exact bytes, mode 0600, in several folders', async () => {
    const { dir, writer } = setup();
    // Written in one turn: the first goes alone, the rest queue and go over as one batch.
    const traces = Array.from({ length: 20 }, (_, i) => ({ path: join(dir, `f${i % 3}`, `t${i}.json`), data: `{"n":${i},"text":"é€𝄞 ${'x'.repeat(i * 50)}"}\n` }));
    await Promise.all(traces.map((t) => writer.write(t.path, t.data)));
    for (const t of traces) {
      expect(readFileSync(t.path, 'utf8')).toBe(t.data);
      if (process.platform !== 'win32') expect(statSync(t.path).mode & 0o777).toBe(0o600);
    }
    expect(tempFiles(dir)).toEqual([]);
  });

  it('fails only the failing write of a batch and leaves no temp file', async () => {
    const { dir, writer } = setup();
    // A non-empty folder where a trace should go: its temp file is written, the rename fails.
    const blocked = join(dir, 'blocked.json');
    mkdirSync(blocked);
    writeFileSync(join(blocked, 'keep'), 'x');
    const first = writer.write(join(dir, 'a.json'), 'a');
    const bad = writer.write(blocked, 'b');
    const after = writer.write(join(dir, 'c.json'), 'c');
    // A folder that cannot be made (a file is in the way): fails before any temp file exists.
    writeFileSync(join(dir, 'file'), 'x');
    const noFolder = writer.write(join(dir, 'file', 'd.json'), 'd');
    await expect(first).resolves.toBeUndefined();
    await expect(bad).rejects.toMatchObject({ code: 'io_failure', details: { path: blocked } });
    await expect(after).resolves.toBeUndefined();
    await expect(noFolder).rejects.toMatchObject({ code: 'io_failure' });
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('a');
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe('c');
    expect(tempFiles(dir)).toEqual([]);
    // The writer keeps serving after failures.
    await writer.write(join(dir, 'e.json'), 'e');
    expect(readFileSync(join(dir, 'e.json'), 'utf8')).toBe('e');
  });

  it('close() waits for queued writes and a later write starts a new worker', async () => {
    const { dir, writer } = setup();
    const writes = Array.from({ length: 100 }, (_, i) => writer.write(join(dir, `t${i}.json`), String(i)));
    await writer.close();
    expect(readdirSync(dir)).toHaveLength(100);
    await Promise.all(writes);
    await writer.write(join(dir, 'again.json'), 'again');
    expect(readFileSync(join(dir, 'again.json'), 'utf8')).toBe('again');
  });

  describe('with a transform', () => {
    /** A CommonJS transform module in `dir`: upper-cases, prefixes `init.prefix`, throws on "bad". */
    function transformModule(dir: string): string {
      const module = join(dir, 'transform.cjs');
      writeFileSync(
        module,
        "exports.createTransform = (init) => (data) => { if (data === 'bad') throw new Error('refused: bad'); return init.prefix + data.toUpperCase(); };\n",
      );
      return module;
    }

    it('makes the text of each file on the writer thread from what was written, with the init it was given', async () => {
      const moduleDir = mkdtempSync(join(tmpdir(), 'gait-batch-transform-'));
      folders.push(moduleDir);
      const { dir, writer } = setup({ transform: { module: transformModule(moduleDir), init: { prefix: '> ' } } });
      const names = Array.from({ length: 10 }, (_, i) => `t${i}.json`);
      await Promise.all(names.map((name, i) => writer.write(join(dir, name), `text ${i} é`)));
      names.forEach((name, i) => expect(readFileSync(join(dir, name), 'utf8')).toBe(`> TEXT ${i} É`));
    });

    it('fails only the file whose transform throws, with its message, and leaves no temp file', async () => {
      const moduleDir = mkdtempSync(join(tmpdir(), 'gait-batch-transform-'));
      folders.push(moduleDir);
      const { dir, writer } = setup({ transform: { module: transformModule(moduleDir), init: { prefix: '' } } });
      const good = writer.write(join(dir, 'a.json'), 'a');
      const bad = writer.write(join(dir, 'b.json'), 'bad');
      const after = writer.write(join(dir, 'c.json'), 'c');
      await expect(bad).rejects.toMatchObject({ code: 'io_failure', message: expect.stringContaining('refused: bad') });
      await Promise.all([good, after]);
      expect(readdirSync(dir).sort()).toEqual(['a.json', 'c.json']);
      expect(tempFiles(dir)).toEqual([]);
    });

    it('fails every write when the transform module cannot be loaded (nothing is written untransformed)', async () => {
      const { dir, writer } = setup({ transform: { module: join(tmpdir(), 'gait-no-such-transform.cjs') } });
      await expect(writer.write(join(dir, 'a.json'), 'a')).rejects.toMatchObject({ code: 'io_failure', message: expect.stringContaining('gait-no-such-transform') });
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});
