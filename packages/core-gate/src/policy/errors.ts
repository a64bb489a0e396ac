import { InvalidInputError } from '@gait/core-errors';

/**
 * A policy that cannot be loaded (exit 6). `path` names the key (`rules[2].match.tool_names`) and
 * the message says what form was expected.
 */
export class PolicyError extends InvalidInputError {
  readonly path: string | undefined;

  constructor(message: string, path?: string, code = 'policy_invalid') {
    super(message, { code, details: path === undefined ? undefined : { path } });
    this.path = path;
  }
}
