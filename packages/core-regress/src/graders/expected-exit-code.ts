import { replayRunpackContent } from '@gait/core-runpack';
import { fail, pass, type Grader } from './types.js';

/**
 * A stub replay of the fixture must end as it did when recorded: exit 0, or 2 when some intent
 * has neither a recorded result nor a stub (`gait run replay`'s codes).
 */
export const expectedExitCodeGrader: Grader = {
  name: 'expected_exit_code',
  async grade(subject) {
    const expected = subject.fixture.expected_replay_exit_code;
    let replay;
    try {
      replay = replayRunpackContent(await subject.loadRunpack());
    } catch (error) {
      return fail(['replay_error'], { expected_exit_code: expected, error: (error as Error).message });
    }
    const actual = replay.missing_results.length > 0 ? 2 : 0;
    const details = { expected_exit_code: expected, actual_exit_code: actual, missing_results: replay.missing_results };
    return actual === expected ? pass(details) : fail(['unexpected_exit_code'], details);
  },
};
