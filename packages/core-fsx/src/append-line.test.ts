import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { appendLine, appendLineSync } from './append-line.js';
import { appendLineLocked } from './append-line-locked.js';
import { announceNoDist, hasDist, runChild } from './child.test-support.js';

announceNoDist('concurrent appends from child processes');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fsx-append-'));
});

describe.each([
  ['appendLine', appendLine],
  ['appendLineSync', appendLineSync],
] as const)('%s', (_name, append) => {
  it('appends one line per call, creating the file (0600) and its folder', async () => {
    const path = join(dir, 'logs', 'events.jsonl');
    await append(path, '{"n":1}');
    await append(path, '{"n":2}');
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps existing content and the mode of an existing file', async () => {
    const path = join(dir, 'j.jsonl');
    writeFileSync(path, 'first\n', { mode: 0o644 });
    await append(path, 'second', { mode: 0o600 });
    expect(readFileSync(path, 'utf8')).toBe('first\nsecond\n');
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('refuses a line containing a newline, writing nothing', async () => {
    const path = join(dir, 'j.jsonl');
    await expect(async () => append(path, 'a\nb')).rejects.toMatchObject({ code: 'invalid_line', exitCode: 6 });
    expect(() => statSync(path)).toThrow();
  });
});

describe.runIf(hasDist)('appends from several processes', () => {
  const lineFor = (worker: number, i: number): string => JSON.stringify({ worker, i, pad: 'x'.repeat(6000 + ((worker * 31 + i) % 5000)) });

  function checkLines(path: string, workers: number, perWorker: number): void {
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(workers * perWorker);
    const seen = new Set<string>();
    for (const line of lines) {
      const record = JSON.parse(line) as { worker: number; i: number }; // a torn line would not parse
      expect(line).toBe(lineFor(record.worker, record.i));
      seen.add(`${record.worker}:${record.i}`);
    }
    expect(seen.size).toBe(workers * perWorker);
  }

  it('loses and tears no line with O_APPEND alone (lines larger than PIPE_BUF)', async () => {
    const path = join(dir, 'shared.jsonl');
    const script = `
      const lineFor = ${lineFor.toString()};
      for (let i = 0; i < args.count; i++) fsx.appendLineSync(args.path, lineFor(args.worker, i));`;
    const results = await Promise.all([0, 1, 2, 3].map((worker) => runChild(script, { path, worker, count: 150 })));
    for (const r of results) expect(r.stderr).toBe('');
    checkLines(path, 4, 150);
  });

  it('loses and tears no line with appendLineLocked in children and in this process at once', async () => {
    const path = join(dir, 'locked.jsonl');
    const script = `
      const lineFor = ${lineFor.toString()};
      for (let i = 0; i < args.count; i++) await fsx.appendLineLocked(args.path, lineFor(args.worker, i), { lock: { pollMs: 2 } });`;
    const children = [1, 2, 3].map((worker) => runChild(script, { path, worker, count: 60 }));
    for (let i = 0; i < 60; i++) await appendLineLocked(path, lineFor(0, i), { lock: { pollMs: 2 } });
    for (const r of await Promise.all(children)) expect(r.stderr).toBe('');
    checkLines(path, 4, 60);
  });
});
