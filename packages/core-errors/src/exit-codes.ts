/**
 * Exit codes are part of Gait's durable contract: CI jobs branch on them. The numbers are the
 * reference tool's and must never change.
 */
export const ExitCode = {
  ok: 0,
  internalFailure: 1,
  verificationFailed: 2,
  policyBlocked: 3,
  approvalRequired: 4,
  regressFailed: 5,
  invalidInput: 6,
  dependencyMissing: 7,
  unsafeReplay: 8,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Error categories a core error may carry; each maps to one exit code. */
export type ErrorCategory =
  | 'invalid_input'
  | 'verification_failed'
  | 'policy_blocked'
  | 'approval_required'
  | 'dependency_missing'
  | 'io_failure'
  | 'state_contention'
  | 'network_transient'
  | 'network_permanent'
  | 'internal_failure';

const exitCodeByCategory: Record<ErrorCategory, ExitCode> = {
  invalid_input: ExitCode.invalidInput,
  verification_failed: ExitCode.verificationFailed,
  policy_blocked: ExitCode.policyBlocked,
  approval_required: ExitCode.approvalRequired,
  dependency_missing: ExitCode.dependencyMissing,
  io_failure: ExitCode.internalFailure,
  state_contention: ExitCode.internalFailure,
  network_transient: ExitCode.internalFailure,
  network_permanent: ExitCode.internalFailure,
  internal_failure: ExitCode.internalFailure,
};

export function exitCodeForCategory(category: ErrorCategory): ExitCode {
  return exitCodeByCategory[category];
}

interface EnvelopeDefaults {
  readonly errorCode: string;
  readonly errorCategory: string;
  readonly hint: string;
}

const internalHint = 'retry after checking local environment and logs';

// Codes 5 and 8 report category internal_failure, exactly as the reference does.
const envelopeDefaultsByExitCode: Record<number, EnvelopeDefaults> = {
  1: { errorCode: 'internal_failure', errorCategory: 'internal_failure', hint: internalHint },
  2: {
    errorCode: 'verification_failed',
    errorCategory: 'verification_failed',
    hint: 're-run verify after checking artifact integrity',
  },
  3: {
    errorCode: 'policy_blocked',
    errorCategory: 'policy_blocked',
    hint: 'inspect reason_codes and adjust policy or intent',
  },
  4: {
    errorCode: 'approval_required',
    errorCategory: 'approval_required',
    hint: 'provide a valid approval token and retry',
  },
  5: { errorCode: 'regress_failed', errorCategory: 'internal_failure', hint: internalHint },
  6: { errorCode: 'invalid_input', errorCategory: 'invalid_input', hint: 'check command usage and input schema' },
  7: {
    errorCode: 'dependency_missing',
    errorCategory: 'dependency_missing',
    hint: 'install or configure the missing dependency and retry',
  },
  8: {
    errorCode: 'unsafe_operation',
    errorCategory: 'internal_failure',
    hint: 'pass explicit unsafe flags only for approved replay paths',
  },
};

export function envelopeDefaults(exitCode: number): EnvelopeDefaults {
  return envelopeDefaultsByExitCode[exitCode] ?? envelopeDefaultsByExitCode[1]!;
}
