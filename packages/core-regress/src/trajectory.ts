import type { ResultRecord, Runpack } from '@gait/core-runpack';

/**
 * The trajectory of a run: the tool called at each step (intents in file order) and the verdict
 * each step reached. Runpacks carry no verdict field, so it is derived: a result payload's own
 * `verdict` (session checkpoints and gate-produced runs record one) wins; otherwise a result with
 * status `ok`/`success` counts as `allow`, any other status is reported as itself (`error`), and
 * an intent without a result is `missing_result`. This matches the reference's v1.4.0 output for
 * the runs it was checked on (status `ok` → `allow`, status `error` → `error`).
 */
export interface Trajectory {
  tools: string[];
  verdicts: string[];
}

export function trajectoryOf(runpack: Runpack): Trajectory {
  const results = new Map<string, ResultRecord>();
  for (const result of runpack.results) results.set(result.intent_id, result);
  return {
    tools: runpack.intents.map((intent) => intent.tool_name),
    verdicts: runpack.intents.map((intent) => verdictOf(results.get(intent.intent_id))),
  };
}

export function verdictOf(result: ResultRecord | undefined): string {
  if (result === undefined) return 'missing_result';
  const recorded = result.result?.verdict;
  if (typeof recorded === 'string' && recorded.trim() !== '') return recorded.trim().toLowerCase();
  const status = result.status.trim().toLowerCase();
  if (status === 'ok' || status === 'success') return 'allow';
  return status === '' ? 'unknown' : status;
}

export interface SequenceMismatch {
  index: number;
  expected?: string;
  actual?: string;
}

/** The first index where the sequences differ (a length difference counts), or undefined. */
export function firstMismatch(expected: readonly string[], actual: readonly string[]): SequenceMismatch | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index += 1) {
    if (expected[index] !== actual[index]) {
      const mismatch: SequenceMismatch = { index };
      if (index < expected.length) mismatch.expected = expected[index]!;
      if (index < actual.length) mismatch.actual = actual[index]!;
      return mismatch;
    }
  }
  return undefined;
}
