import { createHash } from 'node:crypto';

/** Version of the invariant set below; part of the job state so readers can tell sets apart. */
export const SAFETY_INVARIANT_VERSION = '1';

export interface SafetyInvariants {
  readonly version: string;
  readonly invariants: readonly string[];
  readonly hash: string;
}

/**
 * The safety invariants a job is bound to at submit (v1.4.0 job state). The reference's set is
 * fixed apart from the identity; `control_boundary=runtime_go` is kept verbatim although this
 * runtime is TypeScript, because the value names the control boundary contract rather than the
 * language, and keeping it makes a job's `safety_invariant_hash` the same whichever runtime
 * submitted it (the reference's demo job reproduces to the byte). The hash is sha256 over the
 * sorted invariants joined by `|`.
 */
export function safetyInvariants(identity: string): SafetyInvariants {
  const invariants = ['control_boundary=runtime_go', 'default_privacy=reference_receipts', 'fail_closed=true'];
  if (identity !== '') invariants.push(`identity=${identity}`);
  invariants.sort();
  return {
    version: SAFETY_INVARIANT_VERSION,
    invariants,
    hash: createHash('sha256').update(invariants.join('|')).digest('hex'),
  };
}
