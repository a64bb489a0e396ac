import { diffRunpackContents } from '@gait/core-runpack';
import { compareBytes } from '../go-encoding.js';
import { diffSteps } from '../step-drift.js';
import { CandidatePathError, fail, pass, type Grader } from './types.js';

/**
 * The candidate run (by default the fixture itself) must not differ from the recorded one in any
 * file the fixture does not allow to change. A failure lists the unexpected files and, for
 * intents and results, the steps that changed.
 */
export const diffGrader: Grader = {
  name: 'diff',
  async grade(subject) {
    const allowed = subject.fixture.diff_allow_changed_files ?? [];
    let candidatePath: string;
    try {
      candidatePath = subject.candidatePath();
    } catch (error) {
      if (error instanceof CandidatePathError) return fail(['candidate_path_invalid'], { error: error.message, allowed_files: allowed });
      throw error;
    }
    let recorded;
    let candidate;
    try {
      recorded = await subject.loadRunpack();
      candidate = await subject.loadCandidate();
    } catch (error) {
      return fail(['diff_error'], { candidate_runpack: candidatePath, allowed_files: allowed, error: (error as Error).message });
    }
    const { summary } = diffRunpackContents(recorded, candidate, 'full');
    const changed = new Set(summary.files_changed ?? []);
    if (summary.manifest_changed) changed.add('manifest.json');
    if (summary.intents_changed) changed.add('intents.jsonl');
    if (summary.results_changed) changed.add('results.jsonl');
    if (summary.refs_changed) changed.add('refs.json');
    const changedFiles = [...changed].sort(compareBytes);
    const allowedSet = new Set(allowed);
    const unexpected = changedFiles.filter((file) => !allowedSet.has(file));
    const details: Record<string, unknown> = { candidate_runpack: candidatePath, changed_files: changedFiles, allowed_files: allowed };
    if (unexpected.length === 0) return pass(details);

    details.unexpected_files = unexpected;
    const stepFiles = unexpected.includes('intents.jsonl') || unexpected.includes('results.jsonl');
    if (stepFiles) {
      const steps = diffSteps(recorded, candidate).filter(
        (step) =>
          step.change !== 'changed' ||
          step.fields.some((f) => unexpected.includes(f.field.startsWith('result') ? 'results.jsonl' : 'intents.jsonl')),
      );
      if (steps.length > 0) details.changed_steps = steps;
    }
    return fail(['unexpected_diff'], details);
  },
};
