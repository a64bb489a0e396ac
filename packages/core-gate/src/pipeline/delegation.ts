/** The delegation step of gate eval (gate.md §3.8): only when the deciding rule requires delegation. */
import { trim, uniqueSorted } from '../go/strings.js';
import type { GoTime } from '../go/time.js';
import type { DelegationAuditEntry } from '../audit/records.js';
import { type DelegationToken, decodeDelegationToken, validateDelegationToken } from '../tokens/delegation.js';
import { type TokenValues, checkTokens, loadTokenValues } from './token-files.js';

export interface DelegationStepInput {
  tokens: TokenValues | undefined;
  publicKey: Uint8Array | undefined;
  /** The raw, untrimmed requester identity (validation trims it). */
  expectedDelegate: string;
  /** The last chain link's delegator, or "" for no check. */
  expectedDelegator: string;
  intentDigest: string;
  policyDigest: string;
  now: GoTime;
}

export interface DelegationStepResult {
  granted: boolean;
  reasons: string[];
  violations: string[];
  entries: DelegationAuditEntry[];
  validCount: number;
  delegationRef: string;
}

function auditEntry(t: DelegationToken, errorCode: string): DelegationAuditEntry {
  return {
    token_id: trim(t.token_id),
    delegator_identity: trim(t.delegator_identity),
    delegate_identity: trim(t.delegate_identity),
    scope: t.scope,
    expires_at: t.expires_at,
    valid: errorCode === '',
    error_code: errorCode,
  };
}

export function runDelegationStep(input: DelegationStepInput): DelegationStepResult {
  const tokens = loadTokenValues(input.tokens);
  if (tokens.length === 0) {
    return { granted: false, reasons: ['delegation_token_missing'], violations: ['delegation_not_granted'], entries: [], validCount: 0, delegationRef: '' };
  }
  const checked = checkTokens(tokens, decodeDelegationToken, (token) =>
    validateDelegationToken(token, {
      publicKey: input.publicKey,
      delegate: input.expectedDelegate,
      delegator: input.expectedDelegator,
      intentDigest: input.intentDigest,
      policyDigest: input.policyDigest,
      now: input.now,
    }),
    auditEntry,
  );
  const granted = checked.valid.length > 0;
  return {
    granted,
    reasons: [...checked.reasons, granted ? 'delegation_granted' : 'delegation_chain_insufficient'],
    violations: granted ? [] : ['delegation_not_granted'],
    entries: checked.entries,
    validCount: checked.valid.length,
    delegationRef: uniqueSorted(checked.valid.map((t) => t.token_id)).join(','),
  };
}
