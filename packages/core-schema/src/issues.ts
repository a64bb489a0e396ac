/**
 * Ajv's errors rewritten for people: the path always points at the offending field (for a missing
 * or unexpected property, the property itself rather than its parent object), and the message
 * says what was expected.
 */
import type { ErrorObject } from 'ajv';

export interface ValidationIssue {
  /** JSON pointer of the offending value, e.g. `/rules/0/verdict`; `` for the whole document. */
  readonly path: string;
  /** What was expected there. */
  readonly message: string;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function list(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : JSON.stringify(values);
}

function describe(error: ErrorObject): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return {
        path: `${at}/${escapePointer(String(params.missingProperty))}`,
        message: 'is required but missing',
      };
    case 'additionalProperties':
      return {
        path: `${at}/${escapePointer(String(params.additionalProperty))}`,
        message: 'is not an allowed property here',
      };
    case 'enum':
      return { path: at, message: `must be one of ${list(params.allowedValues)}` };
    case 'const':
      return { path: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return { path: at, message: `must be a string matching ${String(params.pattern)}` };
    case 'format':
      return { path: at, message: `must be a ${String(params.format)} string` };
    case 'type':
      return { path: at, message: `must be of type ${String(params.type)}` };
    case 'minLength':
    case 'minItems':
      return {
        path: at,
        message: `must have at least ${String(params.limit)} ${error.keyword === 'minLength' ? 'character(s)' : 'item(s)'}`,
      };
    case 'maxLength':
    case 'maxItems':
      return {
        path: at,
        message: `must have at most ${String(params.limit)} ${error.keyword === 'maxLength' ? 'character(s)' : 'item(s)'}`,
      };
    case 'minimum':
    case 'maximum':
      return { path: at, message: `must be ${String(params.comparison)} ${String(params.limit)}` };
    case 'uniqueItems':
      return { path: at, message: `must not repeat items (items ${String(params.j)} and ${String(params.i)} are equal)` };
    case 'anyOf':
      return { path: at, message: 'must match one of the allowed shapes (see the other errors)' };
    default:
      return { path: at, message: error.message ?? `fails the ${error.keyword} rule` };
  }
}

export function toIssues(errors: readonly ErrorObject[] | null | undefined): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors ?? []) {
    const issue = describe(error);
    const id = `${issue.path}\u0000${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}
