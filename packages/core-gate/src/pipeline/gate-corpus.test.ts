/**
 * THE differential test: 600 policy × intent cases decided by the Go reference v1.4.0
 * (`gait-v1.4.0-made/gate-corpus`). Every case runs through `evaluateGate` exactly as
 * `gait gate eval --json` ran it, and every output key but the per-run ones must match.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeForError } from '@gait/core-errors';
import { announceSkip, hasMade, madeDir } from '../../../../test-support/conformance.js';
import { evaluateGate } from './gate-eval.js';

announceSkip('gate corpus differential test', hasMade, madeDir);

interface Case {
  id: number;
  policy: string;
  profile: string;
  intent: string;
  exit: number;
  out: Record<string, unknown>;
}

const PER_RUN = new Set(['correlation_id', 'trace_id', 'trace_path', 'warnings']);
const cases: Case[] = hasMade
  ? readFileSync(join(madeDir, 'gate-corpus/cases.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Case)
  : [];

describe.runIf(hasMade)('gate corpus (Go reference v1.4.0)', () => {
  const work = mkdtempSync(join(tmpdir(), 'gait-corpus-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(cases.map((c) => [c.id, c] as const))('case %i', async (_id, c) => {
    const cwd = join(work, `case-${c.id}`);
    const intentPath = join(work, `intent-${c.id}.json`);
    writeFileSync(intentPath, c.intent);
    let exit: number;
    let out: Record<string, unknown>;
    try {
      const oss = c.profile === 'oss-prod';
      const result = await evaluateGate({
        policyPath: join(madeDir, c.policy),
        intentPath,
        profile: c.profile,
        keyMode: oss ? 'prod' : 'dev',
        privateKeyPath: oss ? join(madeDir, 'gate-corpus/keys/corpus_private.key') : undefined,
        cwd,
        producerVersion: '1.4.0',
      });
      exit = result.exitCode;
      out = result.output;
    } catch (error) {
      exit = exitCodeForError(error, 6);
      out = { ok: false, error: (error as Error).message };
    }
    expect(exit, `exit code; ours: ${String(out.error ?? '')}; reference: ${String(c.out.error ?? '')}`).toBe(c.exit);
    if (c.exit === 6) return;
    const pick = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => !PER_RUN.has(k)));
    expect(pick(out)).toEqual(pick(c.out));
  });
});
