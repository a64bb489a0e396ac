import { InvalidInputError } from '@gait/core-errors';

const VALID_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * The fixture name the reference derives from a run id: lower-cased, every run of characters
 * outside `[a-z0-9._-]` collapsed to one `-`, `-._` trimmed from both ends, `fixture` if nothing
 * is left.
 */
export function fixtureNameFromRunId(runId: string): string {
  const name = runId
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return name === '' ? 'fixture' : name;
}

export function isValidFixtureName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** `--name` as given (trimmed), else derived; either way it must be a safe folder name. */
export function resolveFixtureName(requested: string | undefined, runId: string): string {
  const name = requested?.trim() ? requested.trim() : fixtureNameFromRunId(runId);
  if (!isValidFixtureName(name)) {
    throw new InvalidInputError(`invalid fixture name ${JSON.stringify(name)}: expected ^[a-z0-9][a-z0-9._-]*$`, {
      code: 'fixture_name_invalid',
      details: { name },
    });
  }
  return name;
}
