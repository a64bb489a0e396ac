import { firstMismatch, trajectoryOf } from '../trajectory.js';
import { CandidatePathError, fail, pass, type Grader, type GraderOutcome } from './types.js';

/**
 * v1.4.0's trajectory assertion: the candidate run calls the same tools in the same order and
 * reaches the same verdicts as the recorded run (`expected_*_sequence` in fixture.json). Runs only
 * for fixtures that declare a sequence; the first differing step is named in the details.
 */
export const trajectoryGrader: Grader = {
  name: 'trajectory',
  applies(subject) {
    return subject.fixture.expected_tool_sequence !== undefined || subject.fixture.expected_verdict_sequence !== undefined;
  },
  async grade(subject): Promise<GraderOutcome> {
    const expectedTools = subject.fixture.expected_tool_sequence;
    const expectedVerdicts = subject.fixture.expected_verdict_sequence;
    let candidatePath: string;
    try {
      candidatePath = subject.candidatePath();
    } catch (error) {
      if (error instanceof CandidatePathError) return fail(['candidate_path_invalid'], { error: error.message });
      throw error;
    }
    let actual;
    try {
      actual = trajectoryOf(await subject.loadCandidate());
    } catch (error) {
      return fail(['trajectory_error'], { candidate_runpack: candidatePath, error: (error as Error).message });
    }
    const details: Record<string, unknown> = {
      candidate_runpack: candidatePath,
      actual_tool_sequence: actual.tools,
      actual_verdict_sequence: actual.verdicts,
    };
    const codes: string[] = [];
    const check = (kind: 'tool' | 'verdict', expected: string[] | undefined, got: string[]) => {
      if (expected === undefined) return;
      details[`expected_${kind}_sequence`] = expected;
      const mismatch = firstMismatch(expected, got);
      if (mismatch === undefined) return;
      codes.push(`unexpected_${kind}_sequence`);
      details[`${kind}_sequence_mismatch_index`] = mismatch.index;
      if (mismatch.expected !== undefined) details[`${kind}_sequence_expected_at_mismatch`] = mismatch.expected;
      if (mismatch.actual !== undefined) details[`${kind}_sequence_actual_at_mismatch`] = mismatch.actual;
    };
    check('tool', expectedTools, actual.tools);
    check('verdict', expectedVerdicts, actual.verdicts);
    return codes.length > 0 ? fail(codes, details) : pass(details, ['trajectory_match']);
  },
};
