/**
 * Small run records of our own for the tests: a three-step agent run, and helpers to change one
 * step of it, record it as a runpack, and lay out a regress workspace.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordRun, type RecordRunInput } from '@gait/core-runpack';

const T = '2026-03-01T12:00:00Z';
const hex = (c: string) => c.repeat(64);

export interface StepSpec {
  tool: string;
  status?: string;
  resultDigest?: string;
  argsDigest?: string;
  /** Leave the step without a result. */
  noResult?: boolean;
  verdict?: string;
}

export const BASE_STEPS: StepSpec[] = [
  { tool: 'fetch_url', status: 'ok', resultDigest: hex('a'), argsDigest: hex('1') },
  { tool: 'file.write', status: 'ok', resultDigest: hex('b'), argsDigest: hex('2') },
  { tool: 'email.send', status: 'ok', resultDigest: hex('c'), argsDigest: hex('3') },
];

export function runInput(runId: string, steps: StepSpec[] = BASE_STEPS, extra: { contextSetDigest?: string } = {}): RecordRunInput {
  return {
    run: { run_id: runId, created_at: T, env: { os: 'linux', arch: 'amd64', runtime: 'node' }, timeline: [] },
    intents: steps.map((s, i) => ({ intent_id: `intent_${i + 1}`, tool_name: s.tool, args_digest: s.argsDigest ?? hex('0') })),
    results: steps.flatMap((s, i) =>
      s.noResult
        ? []
        : [
            {
              intent_id: `intent_${i + 1}`,
              status: s.status ?? 'ok',
              result_digest: s.resultDigest ?? hex('f'),
              ...(s.verdict ? { result: { verdict: s.verdict } } : {}),
            },
          ],
    ),
    refs: {
      receipts: [
        {
          ref_id: 'ref_1',
          source_type: 'http',
          source_locator: 'https://docs.example/a',
          query_digest: hex('d'),
          content_digest: hex('e'),
          retrieved_at: T,
          redaction_mode: 'metadata',
        },
      ],
      ...(extra.contextSetDigest ? { context_set_digest: extra.contextSetDigest } : {}),
    },
    capture_mode: 'reference',
  };
}

/** Records `input` to `<dir>/<file>` and returns the path. */
export function writeRun(dir: string, file: string, input: RecordRunInput, captureMode?: string): string {
  const { zip } = recordRun(input, { now: T, ...(captureMode ? { captureMode } : {}) });
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, zip);
  return path;
}

export function tempDir(prefix = 'gait-regress-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
