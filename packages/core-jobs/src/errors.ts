import { InvalidInputError } from '@gait/core-errors';

/**
 * The runtime's refusals. Each is invalid input (exit 6), as in the reference, where even
 * "approval required" is an uncategorised error and so exits 6, not 4. Lock timeouts come from
 * `@gait/core-fsx` as `ContentionError` (exit 1).
 */
export const JobErrorCodes = {
  jobIdRequired: 'job_id_required',
  invalidJobId: 'invalid_job_id',
  notFound: 'job_not_found',
  exists: 'job_exists',
  invalidTransition: 'invalid_transition',
  approvalRequired: 'approval_required',
  invalidCheckpoint: 'invalid_checkpoint',
  checkpointNotFound: 'checkpoint_not_found',
  envMismatch: 'env_fingerprint_mismatch',
  identityMismatch: 'identity_mismatch',
  identityRevoked: 'identity_revoked',
  invalidApproval: 'invalid_approval',
  invalidState: 'invalid_job_state',
} as const;
export type JobErrorCode = (typeof JobErrorCodes)[keyof typeof JobErrorCodes];

export class JobError extends InvalidInputError {
  constructor(message: string, code: JobErrorCode, details?: Record<string, unknown>) {
    super(message, { code, ...(details === undefined ? {} : { details }) });
  }
}
