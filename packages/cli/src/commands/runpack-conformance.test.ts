/**
 * The reference's recorded commands (gait-v1.4.0-made/expected.json #5–#18, #43–#57, #91–#93,
 * #99) through our CLI: read-only commands against the Go-made artifacts, and every command
 * replayed in order in a fresh workspace against our own artifacts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance, hasMade, madeDir } from '../../../../test-support/conformance.js';
import { runCaptured } from '../testing/run-captured.js';

announceSkip('runpack CLI against the reference commands', hasMade && hasConformance, madeDir);

interface Recorded {
  n: number;
  cwd: string;
  args: string[];
  exit: number;
  stdout: string;
}

const commands: Recorded[] = hasMade ? (JSON.parse(readFileSync(join(madeDir, 'expected.json'), 'utf8')).commands as Recorded[]) : [];
const inRange = (n: number) => (n >= 5 && n <= 18) || (n >= 43 && n <= 57) || (n >= 91 && n <= 93) || n === 99;
const selected = commands.filter((c) => inRange(c.n));
const writes = (c: Recorded) => c.args[0] === 'demo' || (c.args[0] === 'run' && (c.args[1] === 'record' || (c.args[1] === 'session' && c.args[2] !== 'status')));

/** Fields we add beyond the reference (documented improvements), allowed on top of its output. */
const OUR_EXTRAS = new Set(['failures', 'schema_errors', 'undeclared_files', 'unknown_manifest_fields', 'journal_path']);

function stripVolatile(value: Record<string, unknown>): Record<string, unknown> {
  const { correlation_id: _c, duration_ms: _d, ...rest } = value;
  return rest;
}

/**
 * Times and digests of session runs change on every run, and session records carry the writing
 * tool's version (ours is not 1.4.0): mask them to compare structure and everything else.
 */
function mask(value: unknown, key = ''): unknown {
  if (key === 'producer_version') return '<version>';
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return '<time>';
    return value.replace(/[0-9a-f]{64}/g, '<hex>');
  }
  if (Array.isArray(value)) return value.map((item) => mask(item));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
  return value;
}

function expectMatches(actual: Record<string, unknown>, expected: Record<string, unknown>, masked: boolean): void {
  const ours = stripVolatile(actual);
  const theirs = stripVolatile(expected);
  for (const key of Object.keys(ours)) if (!(key in theirs)) expect(OUR_EXTRAS.has(key), `unexpected key ${key}`).toBe(true);
  const comparable = Object.fromEntries(Object.entries(ours).filter(([key]) => key in theirs));
  expect(masked ? mask(comparable) : comparable).toEqual(masked ? mask(theirs) : theirs);
}

describe.runIf(hasMade)('read-only commands on the Go-made artifacts', () => {
  it.each(selected.filter((c) => !writes(c)))('#$n gait $args', async (c) => {
    const result = await runCaptured(c.args, { cwd: join(madeDir, c.cwd), env: {}, correlationId: 'c' });
    expect(result.code).toBe(c.exit);
    expectMatches(JSON.parse(result.stdout), JSON.parse(readFileSync(join(madeDir, c.stdout), 'utf8')), false);
  });
});

describe.runIf(hasMade && hasConformance)('every command replayed on our own artifacts', () => {
  const root = mkdtempSync(join(tmpdir(), 'gait-cli-replay-'));
  const work = join(root, 'made');
  mkdirSync(work);
  symlinkSync(conformanceDir, join(root, 'gait-v1.4.0'));
  symlinkSync(join(madeDir, 'keys'), join(work, 'keys'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // Negative cases are tampered copies of Go artifacts; they only make sense against those.
  const replayed = selected.filter((c) => c.n < 91);
  it.each(replayed)('#$n gait $args', async (c) => {
    const cwd = join(work, c.cwd);
    mkdirSync(cwd, { recursive: true });
    const result = await runCaptured(c.args, { cwd, env: {}, correlationId: 'c' });
    expect(result.code, result.stdout).toBe(c.exit);
    const sessionRun = c.n >= 43;
    expectMatches(JSON.parse(result.stdout), JSON.parse(readFileSync(join(madeDir, c.stdout), 'utf8')), sessionRun);
  });
});
