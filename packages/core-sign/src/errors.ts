import { type GaitErrorOptions, InvalidInputError, VerificationError } from '@gait/core-errors';

/**
 * A signature that parsed but does not hold. Messages are the reference's, word for word, because
 * they surface in CLI output (`error`, `signature_errors`) that users and tests compare.
 */
export class SignatureError extends VerificationError {
  constructor(message: string, options: GaitErrorOptions = {}) {
    super(message, options);
  }
}

/**
 * A key that cannot be used: bad base64, wrong length, a private key whose public half does not
 * match its seed, or a missing or conflicting key source. Invalid input (exit 6), as in the reference.
 */
export class KeyError extends InvalidInputError {
  constructor(message: string, options: GaitErrorOptions = {}) {
    super(message, options);
  }
}
