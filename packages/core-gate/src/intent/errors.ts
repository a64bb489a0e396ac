import { InvalidInputError } from '@gait/core-errors';

/** An intent that cannot be normalized (exit 6). The message is the reference's wording. */
export class IntentError extends InvalidInputError {
  constructor(message: string, field?: string) {
    super(message, { code: 'intent_invalid', details: field === undefined ? undefined : { field } });
  }
}
