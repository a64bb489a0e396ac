/**
 * The reference's recorded pack, guard and chain commands (gait-v1.4.0-made/expected.json #59–#80,
 * #90, #97, #98, #100) through our CLI, read-only against the Go-made artifacts: same arguments,
 * same working folder, same exit code and JSON (less the random correlation id).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../../test-support/conformance.js';
import { runCaptured } from '../../testing/run-captured.js';

announceSkip('pack and guard CLI against the reference commands', hasMade, madeDir);

interface Recorded {
  n: number;
  cwd: string;
  env?: string;
  args: string[];
  exit: number;
  stdout: string;
}

const commands: Recorded[] = hasMade ? (JSON.parse(readFileSync(join(madeDir, 'expected.json'), 'utf8')).commands as Recorded[]) : [];
const readOnly = new Set([59, 60, 61, 62, 64, 66, 67, 69, 70, 71, 72, 73, 75, 76, 77, 78, 79, 80, 90, 97, 100]);
const selected = commands.filter((c) => readOnly.has(c.n));

const withoutCorrelation = (text: string) => {
  const { correlation_id: _c, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
};

describe.runIf(hasMade)('pack, guard and verify chain commands replayed against the Go-made artifacts', () => {
  it.each(selected.map((c) => [c.n, c] as const))('#%i', async (_n, c) => {
    const cwd = join(madeDir, c.cwd);
    const env = { ...process.env, ...(c.env ? Object.fromEntries([c.env.split(/=(.*)/s).slice(0, 2) as [string, string]]) : {}) };
    const out = await runCaptured(c.args, { cwd, env });
    expect(out.code).toBe(c.exit);
    expect(withoutCorrelation(out.stdout)).toEqual(withoutCorrelation(readFileSync(join(madeDir, c.stdout), 'utf8')));
    const outIndex = c.args.indexOf('--out');
    if (c.exit !== 0 && outIndex >= 0) expect(existsSync(join(cwd, c.args[outIndex + 1]!))).toBe(false);
  });

  it('#98: an undeclared member fails guard verify here (exit 2), where the reference passes it', async () => {
    const c = commands.find((x) => x.n === 98)!;
    const out = await runCaptured(c.args, { cwd: join(madeDir, c.cwd) });
    expect(out.code).toBe(2);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, undeclared_files: ['extra.txt'], signature_status: 'verified' });
  });
});
