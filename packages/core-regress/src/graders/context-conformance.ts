import { classifyRefsDrift, type RefsRecord } from '@gait/core-runpack';
import type { RegressFixture } from '../records.js';
import { CandidatePathError, type ContextConformance, type Grader, type GraderOutcome } from './types.js';

/** Whether a fixture asks for context checks on its own (any context field set). */
export function fixtureSetsContext(fixture: RegressFixture): boolean {
  return (
    fixture.context_conformance !== undefined ||
    fixture.allow_context_runtime_drift === true ||
    fixture.expected_context_set_digest !== undefined
  );
}

/**
 * The context the candidate run retrieved must be the one the recorded run retrieved: same
 * context set digest and receipts. Only retrieval times (and the set digest they feed) may move,
 * and only with `allow_context_runtime_drift` or `--allow-context-runtime-drift`.
 *
 * Receipts are compared with run id, creation time and producer cleared, so a re-recorded run is
 * judged on its evidence, not on the reference diff's quirk of calling any two runs `semantic`.
 */
export const contextConformanceGrader: Grader = {
  name: 'context_conformance',
  applies(_subject, options) {
    return options.contextActive;
  },
  async grade(subject, options): Promise<GraderOutcome> {
    const fixture = subject.fixture;
    const required = options.contextConformance || fixture.context_conformance === 'required';
    const allowRuntime = options.allowContextRuntimeDrift || fixture.allow_context_runtime_drift === true;
    if (!required) return outcome('pass', ['context_conformance_not_required'], 'none', {});
    let candidatePath: string;
    try {
      candidatePath = subject.candidatePath();
    } catch (error) {
      if (error instanceof CandidatePathError) return outcome('fail', ['candidate_path_invalid'], 'missing', { error: error.message });
      throw error;
    }
    let recordedRefs: RefsRecord;
    let candidateRefs: RefsRecord;
    try {
      recordedRefs = (await subject.loadRunpack()).refs;
      candidateRefs = (await subject.loadCandidate()).refs;
    } catch (error) {
      return outcome('fail', ['context_conformance_error'], 'missing', { candidate_runpack: candidatePath, error: (error as Error).message });
    }
    const expectedDigest = (fixture.expected_context_set_digest ?? recordedRefs.context_set_digest ?? '').toLowerCase();
    const actualDigest = (candidateRefs.context_set_digest ?? '').toLowerCase();
    const details: Record<string, unknown> = {
      candidate_runpack: candidatePath,
      expected_context_set_digest: expectedDigest,
      actual_context_set_digest: actualDigest,
      allow_context_runtime_drift: allowRuntime,
    };
    if (actualDigest === '' || candidateRefs.receipts.length === 0) {
      return outcome('fail', ['context_evidence_missing'], 'missing', details);
    }
    const drift = classifyRefsDrift(comparable(recordedRefs), comparable(candidateRefs));
    const digestMismatch = expectedDigest !== '' && expectedDigest !== actualDigest;
    details.drift_classification = drift;
    if (drift === 'semantic') {
      return outcome('fail', ['context_semantic_drift', ...(digestMismatch ? ['context_set_digest_mismatch'] : [])], 'semantic', details);
    }
    if (drift === 'runtime_only') {
      return allowRuntime
        ? outcome('pass', ['context_conformance_pass'], 'runtime_only', details)
        : outcome('fail', ['context_runtime_drift_blocked', ...(digestMismatch ? ['context_set_digest_mismatch'] : [])], 'runtime_only', details);
    }
    if (digestMismatch) return outcome('fail', ['context_set_digest_mismatch'], 'semantic', details);
    return outcome('pass', ['context_conformance_pass'], 'none', details);
  },
};

function comparable(refs: RefsRecord): RefsRecord {
  return { ...refs, run_id: '', producer_version: '', created_at: '0001-01-01T00:00:00Z' };
}

function outcome(
  status: 'pass' | 'fail',
  reasonCodes: string[],
  conformance: ContextConformance,
  details: Record<string, unknown>,
): GraderOutcome {
  return { status, reason_codes: reasonCodes, context_conformance: conformance, details };
}
