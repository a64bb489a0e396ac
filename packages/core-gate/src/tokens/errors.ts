import { VerificationError } from '@gait/core-errors';

/**
 * A token that does not validate. `code` is the reason code the gate reports
 * (`approval_token_expired`, `delegation_token_scope_mismatch`, ...); exit 2 from `verify`.
 */
export class TokenError extends VerificationError {
  constructor(code: string, detail: string) {
    super(`${code}: ${detail}`, { code });
  }
}
