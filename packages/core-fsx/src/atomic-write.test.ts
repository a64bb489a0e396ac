import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoError } from '@gait/core-errors';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { announceNoDist, hasDist, startChild } from './child.test-support.js';

announceNoDist('atomic write interrupted by SIGKILL (child process)');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fsx-atomic-'));
});

const forms = [
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', writeFileAtomicSync],
] as const;

describe.each(forms)('%s', (_name, write) => {
  it('writes text and bytes, replacing the old content, mode 0600 by default', async () => {
    const path = join(dir, 'state.json');
    await write(path, '{"v":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"v":1}\n');
    await write(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['state.json']); // no temp file left behind
  });

  it('applies the requested mode exactly, whatever the umask', async () => {
    const path = join(dir, 'public.key');
    const old = process.umask(0o077);
    try {
      await write(path, 'k', { mode: 0o644 });
    } finally {
      process.umask(old);
    }
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('refuses data that is not text or bytes before touching the disk', async () => {
    const path = join(dir, 'keep.txt');
    writeFileSync(path, 'old');
    await expect(async () => write(path, 42 as unknown as string)).rejects.toMatchObject({ code: 'invalid_data', exitCode: 6 });
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('leaves the old entry and no temp file when the rename fails, with an IoError naming the path', async () => {
    const target = join(dir, 'occupied');
    mkdirSync(join(target, 'child'), { recursive: true }); // a non-empty folder cannot be renamed over
    const error = await (async () => write(target, 'x'))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).exitCode).toBe(1);
    expect((error as IoError).message).toContain(target);
    expect(readdirSync(dir)).toEqual(['occupied']);
  });

  it('fails when the parent folder is missing (callers create it)', async () => {
    await expect(async () => write(join(dir, 'missing', 'f'), 'x')).rejects.toBeInstanceOf(IoError);
  });

  it('refuses an empty path as invalid input', async () => {
    await expect(async () => write('', 'x')).rejects.toMatchObject({ code: 'invalid_path', exitCode: 6 });
  });
});

describe.runIf(hasDist)('writeFileAtomic under a crash', () => {
  it('leaves either the whole old or the whole new content when the writer is killed', async () => {
    const path = join(dir, 'big.bin');
    const size = 2 * 1024 * 1024;
    writeFileSync(path, Buffer.alloc(size, 'a'));
    const script = `
      const fill = ['b', 'c'];
      process.stdout.write('ready\\n');
      for (let i = 0; ; i++) fsx.writeFileAtomicSync(args.path, Buffer.alloc(args.size, fill[i % 2]));`;
    for (let round = 0; round < 4; round++) {
      const child = startChild(script, { path, size });
      await child.printed('ready');
      await new Promise((r) => setTimeout(r, 40 + round * 60));
      child.kill('SIGKILL'); // mid-write, mid-fsync or mid-rename: wherever it is
      const result = await child.result;
      expect(result.signal).toBe('SIGKILL');
      const content = readFileSync(path);
      expect(content.length).toBe(size);
      const first = content[0]!;
      expect(content.every((b) => b === first)).toBe(true);
    }
  });
});
