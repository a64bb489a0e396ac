/** The approval step of gate eval (gate.md §3.8): only when the verdict is `require_approval`. */
import { trim, uniqueSorted } from '../go/strings.js';
import type { GoTime } from '../go/time.js';
import type { ApprovalAuditEntry } from '../audit/records.js';
import { type ApprovalToken, decodeApprovalToken, validateApprovalToken } from '../tokens/approval.js';
import { type TokenValues, checkTokens, loadTokenValues } from './token-files.js';

export interface ApprovalStepInput {
  tokens: TokenValues | undefined;
  required: number;
  requireDistinct: boolean;
  publicKey: Uint8Array | undefined;
  intentDigest: string;
  policyDigest: string;
  delegationBindingDigest: string;
  requiredScope: string[];
  targetCount: number;
  now: GoTime;
}

export interface ApprovalStepResult {
  granted: boolean;
  reasons: string[];
  violations: string[];
  entries: ApprovalAuditEntry[];
  validCount: number;
  approvalRef: string;
}

function auditEntry(t: ApprovalToken, errorCode: string): ApprovalAuditEntry {
  return {
    token_id: trim(t.token_id),
    approver_identity: trim(t.approver_identity),
    reason_code: trim(t.reason_code),
    scope: t.scope,
    expires_at: t.expires_at,
    valid: errorCode === '',
    error_code: errorCode,
  };
}

export function runApprovalStep(input: ApprovalStepInput): ApprovalStepResult {
  const tokens = loadTokenValues(input.tokens);
  if (tokens.length === 0) {
    return { granted: false, reasons: ['approval_token_missing'], violations: ['approval_not_granted'], entries: [], validCount: 0, approvalRef: '' };
  }
  const checked = checkTokens(tokens, decodeApprovalToken, (token) =>
    validateApprovalToken(token, {
      publicKey: input.publicKey,
      intentDigest: input.intentDigest,
      policyDigest: input.policyDigest,
      delegationBindingDigest: input.delegationBindingDigest,
      requiredScope: input.requiredScope,
      targetCount: input.targetCount,
      opCount: 1,
      now: input.now,
    }),
    auditEntry,
  );
  const reasons = [...checked.reasons];
  const violations: string[] = [];
  const required = Math.max(1, input.required);
  const approvers = new Set(checked.valid.map((t) => t.approver_identity));
  if (checked.valid.length < required) {
    reasons.push('approval_chain_insufficient');
    violations.push('approval_not_granted');
  } else if (input.requireDistinct && required > 1 && approvers.size < required) {
    reasons.push('approval_distinct_approvers_required');
    violations.push('approval_not_granted');
  }
  const granted = violations.length === 0;
  if (granted) reasons.push('approval_granted');
  return {
    granted,
    reasons,
    violations,
    entries: checked.entries,
    validCount: checked.valid.length,
    approvalRef: granted ? uniqueSorted(checked.valid.map((t) => t.token_id)).join(',') : '',
  };
}
