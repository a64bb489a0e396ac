import type { RegressGrader } from '@gait/core-schema';
import { describeStepChange, type StepChange } from './step-drift.js';

/** A grader result as written to regress_result.json (its schema type, with typed details). */
export type RegressGraderResult = Omit<RegressGrader, 'details'> & { details?: Record<string, unknown> };

/**
 * What a failed check found, in words: `summary` is one line for a CI annotation, `lines` the full
 * account (every changed step, every mismatching position). Built from the result's details only,
 * so the JUnit report and the CLI say exactly what regress_result.json records.
 */
export interface FailureDescription {
  summary: string;
  lines: string[];
}

export function describeFailure(grader: RegressGraderResult): FailureDescription {
  const d = grader.details ?? {};
  const check = grader.name.slice(grader.name.indexOf('/') + 1);
  const lines = describeDetails(check, d, grader.reason_codes);
  // A one-line summary stays short however many steps changed; `lines` has them all.
  const shown = lines.slice(0, SUMMARY_LINES);
  if (lines.length > SUMMARY_LINES) shown.push(`and ${lines.length - SUMMARY_LINES} more`);
  return { summary: shown.length > 0 ? shown.join('; ') : 'failed', lines };
}

const SUMMARY_LINES = 4;

function describeDetails(check: string, d: Record<string, unknown>, codes: string[]): string[] {
  if (typeof d.error === 'string') return [`error: ${d.error}`];
  switch (check) {
    case 'diff': {
      const lines = [`unexpected changes in ${list(d.unexpected_files)} (candidate ${String(d.candidate_runpack)})`];
      for (const step of (d.changed_steps as StepChange[] | undefined) ?? []) lines.push(describeStepChange(step));
      return lines;
    }
    case 'expected_exit_code': {
      const lines = [`stub replay exit code ${String(d.actual_exit_code)}, expected ${String(d.expected_exit_code)}`];
      const missing = d.missing_results as string[] | undefined;
      if (missing && missing.length > 0) lines.push(`intents without a result: ${missing.join(', ')}`);
      return lines;
    }
    case 'schema_validation': {
      const lines: string[] = [];
      if (Array.isArray(d.missing_files)) lines.push(`missing files: ${d.missing_files.join(', ')}`);
      if (typeof d.hash_mismatches === 'number' && d.hash_mismatches > 0) {
        lines.push(`sha256 mismatches: ${list(d.mismatched_files) || String(d.hash_mismatches)}`);
      }
      for (const code of codes.filter((c) => c.endsWith('_schema_invalid'))) lines.push(`${code.replace(/_schema_invalid$/, '')} record has a wrong schema id or version`);
      return lines;
    }
    case 'trajectory':
      return (['tool', 'verdict'] as const).flatMap((kind) => {
        const index = d[`${kind}_sequence_mismatch_index`];
        if (typeof index !== 'number') return [];
        const expected = d[`${kind}_sequence_expected_at_mismatch`];
        const actual = d[`${kind}_sequence_actual_at_mismatch`];
        return [
          `${kind} sequence differs at step ${index + 1}: expected ${quote(expected)}, got ${quote(actual)} ` +
            `(expected [${list(d[`expected_${kind}_sequence`])}], got [${list(d[`actual_${kind}_sequence`])}])`,
        ];
      });
    case 'context_conformance':
      if (codes.includes('context_evidence_missing')) {
        return [`candidate ${String(d.candidate_runpack)} carries no context evidence (a context_set_digest and receipts are required)`];
      }
      return [
        `context ${String(d.drift_classification ?? 'set')} drift: expected context_set_digest ${quote(d.expected_context_set_digest)}, ` +
          `got ${quote(d.actual_context_set_digest)}`,
      ];
    default:
      return [];
  }
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : '';
}

function quote(value: unknown): string {
  return typeof value === 'string' && value !== '' ? JSON.stringify(value) : 'nothing';
}
