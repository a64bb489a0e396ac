/** Unsigned audit records written beside a trace (gate.md §3.9, HEAD relationship envelopes). */
import { compareBytes, uniqueSorted } from '../go/strings.js';
import { GoTime } from '../go/time.js';
import type { IssuedCredential } from '../broker/broker.js';
import { buildRelationship } from '../trace/relationship.js';

export interface ApprovalAuditEntry {
  token_id: string;
  approver_identity: string;
  reason_code: string;
  scope: string[];
  expires_at: GoTime;
  valid: boolean;
  error_code: string;
}

export interface DelegationAuditEntry {
  token_id: string;
  delegator_identity: string;
  delegate_identity: string;
  scope: string[];
  expires_at: GoTime;
  valid: boolean;
  error_code: string;
}

/** An audit entry: its identifying fields, then scope, expiry, validity and the error code if any. */
function entryJson(
  identity: Record<string, string>,
  e: { scope: string[]; expires_at: GoTime; valid: boolean; error_code: string },
): Record<string, unknown> {
  const entry: Record<string, unknown> = { ...identity, scope: uniqueSorted(e.scope), expires_at: e.expires_at.utc().toRFC3339Nano(), valid: e.valid };
  if (e.error_code) entry.error_code = e.error_code;
  return entry;
}

interface Common {
  createdAt: GoTime;
  producerVersion: string;
  traceId: string;
  toolName: string;
  intentDigest: string;
  policyDigest: string;
}

function header(schemaId: string, c: Common): Record<string, unknown> {
  return {
    schema_id: schemaId,
    schema_version: '1.0.0',
    created_at: c.createdAt.utc().toRFC3339Nano(),
    producer_version: c.producerVersion,
    trace_id: c.traceId,
    tool_name: c.toolName,
    intent_digest: c.intentDigest,
    policy_digest: c.policyDigest,
  };
}

export function approvalAuditRecord(c: Common & { required: number; entries: ApprovalAuditEntry[] }): Record<string, unknown> {
  const valid = c.entries.filter((e) => e.valid);
  const approvers = uniqueSorted(valid.map((e) => e.approver_identity));
  const out = header('gait.gate.approval_audit_record', c);
  out.required_approvals = c.required;
  out.valid_approvals = valid.length;
  // As the reference: `approved` counts valid tokens only and ignores distinct approvers.
  out.approved = valid.length >= c.required;
  if (approvers.length > 0) out.approvers = approvers;
  out.relationship = buildRelationship({
    parent: { kind: 'trace', id: c.traceId },
    agents: approvers,
    toolName: c.toolName,
    policyDigest: c.policyDigest,
    traceId: c.traceId,
    delegations: [],
    parentRecordId: c.traceId,
    withAgentChain: false,
  });
  const entries = [...c.entries].sort(
    (a, b) =>
      compareBytes(a.token_id, b.token_id) ||
      compareBytes(a.approver_identity, b.approver_identity) ||
      compareBytes(a.reason_code, b.reason_code) ||
      a.expires_at.compare(b.expires_at) ||
      compareBytes(a.scope.join(','), b.scope.join(',')),
  );
  out.entries =
    entries.length === 0
      ? null
      : entries.map((e) => entryJson({ token_id: e.token_id, approver_identity: e.approver_identity, reason_code: e.reason_code }, e));
  return out;
}

export function delegationAuditRecord(
  c: Common & { required: boolean; delegationRef: string; entries: DelegationAuditEntry[] },
): Record<string, unknown> {
  const valid = c.entries.filter((e) => e.valid);
  const out = header('gait.gate.delegation_audit_record', c);
  out.delegation_required = c.required;
  out.valid_delegations = valid.length;
  out.delegated = valid.length > 0;
  if (c.delegationRef) out.delegation_ref = c.delegationRef;
  const pairs = valid.map((e) => ({ delegator: e.delegator_identity, delegate: e.delegate_identity }));
  out.relationship = buildRelationship({
    parent: { kind: 'trace', id: c.traceId },
    agents: pairs.flatMap((p) => [p.delegator, p.delegate]),
    toolName: c.toolName,
    policyDigest: c.policyDigest,
    traceId: c.traceId,
    delegations: pairs,
    parentRecordId: c.traceId,
    withAgentChain: true,
  });
  const entries = [...c.entries].sort(
    (a, b) =>
      compareBytes(a.delegator_identity, b.delegator_identity) ||
      compareBytes(a.delegate_identity, b.delegate_identity) ||
      compareBytes(a.token_id, b.token_id),
  );
  // Go-made delegation audits carry `[]` for no entries (approval audits carry null).
  out.entries = entries.map((e) =>
    entryJson({ token_id: e.token_id, delegator_identity: e.delegator_identity, delegate_identity: e.delegate_identity }, e),
  );
  return out;
}

export function credentialEvidenceRecord(input: {
  traceId: string;
  toolName: string;
  identity: string;
  broker: string;
  reference: string;
  scope: string[];
  credential: IssuedCredential;
  createdAt: GoTime;
  producerVersion: string;
}): Record<string, unknown> {
  return {
    schema_id: 'gait.gate.broker_credential_record',
    schema_version: '1.0.0',
    created_at: input.createdAt.utc().toRFC3339Nano(),
    producer_version: input.producerVersion,
    trace_id: input.traceId,
    tool_name: input.toolName,
    identity: input.identity,
    broker: input.broker,
    reference: input.reference,
    scope: input.scope,
    credential_ref: input.credential.credential_ref,
    issued_at: input.credential.issued_at.utc().toRFC3339Nano(),
    expires_at: input.credential.expires_at.utc().toRFC3339Nano(),
    ttl_seconds: input.credential.ttl_seconds,
  };
}
