import { describe, expect, it } from 'vitest';
import { fixtureNameFromRunId, isValidFixtureName } from './fixture-name.js';

describe('fixture names', () => {
  it.each([
    ['run_tck', 'run_tck'],
    ['Run Demo', 'run-demo'],
    ['__run..x__', 'run..x'],
    ['a/b\\c:d', 'a-b-c-d'],
    ['日本', 'fixture'],
    ['', 'fixture'],
    ['-.-', 'fixture'],
  ])('derives %j from a run id as %j', (runId, name) => {
    expect(fixtureNameFromRunId(runId)).toBe(name);
    expect(isValidFixtureName(name)).toBe(true);
  });

  it.each(['', '.hidden', '-x', 'A', 'a/b', '..'])('refuses %j', (name) => {
    expect(isValidFixtureName(name)).toBe(false);
  });
});
