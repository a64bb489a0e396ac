/** Signed trace records (gate.md §4 with HEAD's additions observed in Go-made traces). */
import type { Ed25519KeyPair, Signature } from '@gait/core-sign';
import { shortId } from '../digest.js';
import { compareBytes, uniqueSorted } from '../go/strings.js';
import { GoTime } from '../go/time.js';
import type { NormalizedIntent, SkillProvenance } from '../intent/types.js';
import { signPayload } from '../tokens/signing.js';
import { buildRelationship } from './relationship.js';

export interface TraceInput {
  intent: NormalizedIntent;
  policyDigest: string;
  verdict: string;
  reasonCodes: readonly string[];
  violations: readonly string[];
  /** GateResult.created_at. */
  createdAt: GoTime;
  observedAt?: GoTime;
  producerVersion: string;
  correlationId?: string;
  latencyMs?: number;
  approvalTokenRef?: string;
  delegationTokenRef?: string;
  delegationBindingDigest?: string;
}

export function traceIdFor(policyDigest: string, intentDigest: string, verdict: string): string {
  return shortId(`${policyDigest}:${intentDigest}:${verdict}`);
}

function skillPayload(s: SkillProvenance): Record<string, unknown> {
  const out: Record<string, unknown> = { skill_name: s.skill_name };
  if (s.skill_version) out.skill_version = s.skill_version;
  out.source = s.source;
  out.publisher = s.publisher;
  if (s.digest) out.digest = s.digest;
  if (s.signature_key_id) out.signature_key_id = s.signature_key_id;
  return out;
}

const CONTEXT_PASSTHROUGH = [
  'agent_id',
  'run_id',
  'credential_ref',
  'credential_source',
  'credential_access_type',
  'credential_issuer',
  'credential_subject',
  'credential_owner',
  'credential_target_binding',
  'credential_run_binding',
  'credential_job_binding',
] as const;

/** The unsigned trace in Go struct order; `omitempty` members only when set. */
export function buildTrace(input: TraceInput): Record<string, unknown> {
  const intent = input.intent;
  const c = intent.context;
  const traceId = traceIdFor(input.policyDigest, intent.intent_digest, input.verdict);
  const observedAt = (input.observedAt ?? GoTime.now()).utc();
  const createdAt = input.createdAt.isZero() ? intent.created_at : input.createdAt;
  const out: Record<string, unknown> = {
    schema_id: 'gait.gate.trace',
    schema_version: '1.0.0',
    created_at: createdAt.utc().toRFC3339Nano(),
    observed_at: observedAt.toRFC3339Nano(),
    producer_version: input.producerVersion,
    trace_id: traceId,
    event_id: shortId(`${traceId}:${observedAt.toRFC3339Nano()}`),
  };
  if (input.correlationId) out.correlation_id = input.correlationId;
  out.tool_name = intent.tool_name;
  out.args_digest = intent.args_digest;
  out.intent_digest = intent.intent_digest;
  out.policy_digest = input.policyDigest;
  for (const key of CONTEXT_PASSTHROUGH) if (c.extra[key] !== '') out[key] = c.extra[key];
  if (c.extra.credential_ttl_seconds > 0) out.credential_ttl_seconds = c.extra.credential_ttl_seconds;
  out.policy_id = 'gait.gate.policy';
  out.policy_version = '1.0.0';
  out.verdict = input.verdict;
  if (c.context_set_digest) out.context_set_digest = c.context_set_digest;
  if (c.context_evidence_mode) out.context_evidence_mode = c.context_evidence_mode;
  if (c.context_refs.length > 0) out.context_ref_count = c.context_refs.length;
  const violations = uniqueSorted([...input.violations]);
  if (violations.length > 0) out.violations = violations;
  const latency = Math.max(0, input.latencyMs ?? 0);
  if (latency > 0) out.latency_ms = latency;
  if (input.approvalTokenRef) out.approval_token_ref = input.approvalTokenRef;
  const d = intent.delegation;
  if (d) {
    const tokenRef = input.delegationTokenRef || d.token_refs[0] || '';
    const delegationRef: Record<string, unknown> = {};
    if (tokenRef) delegationRef.delegation_token_ref = tokenRef;
    delegationRef.requester_identity = d.requester_identity;
    if (d.chain.length > 0) delegationRef.delegation_depth = d.chain.length;
    if (d.scope_class) delegationRef.scope_class = d.scope_class;
    if (input.delegationBindingDigest) delegationRef.chain_digest = input.delegationBindingDigest;
    const codes = input.reasonCodes.filter((r) => r.startsWith('delegation_')).sort(compareBytes);
    if (codes.length > 0) delegationRef.reason_codes = codes;
    out.delegation_ref = delegationRef;
  }
  if (intent.skill_provenance) out.skill_provenance = skillPayload(intent.skill_provenance);
  out.relationship = buildRelationship({
    parent: c.session_id ? { kind: 'session', id: c.session_id } : undefined,
    agents: [c.identity],
    caller: c.identity,
    toolName: intent.tool_name,
    policyDigest: input.policyDigest,
    policyId: 'gait.gate.policy',
    policyVersion: '1.0.0',
    traceId,
    delegations: (d?.chain ?? []).map((l) => ({ delegator: l.delegator_identity, delegate: l.delegate_identity })),
    withAgentChain: true,
  });
  return out;
}

/** Sign a trace built by `buildTrace`; the signature covers everything but itself. */
export function signTrace(keyPair: Ed25519KeyPair, trace: Record<string, unknown>): Record<string, unknown> & { signature: Signature } {
  const { signature: _old, ...payload } = trace;
  return { ...payload, signature: signPayload(keyPair, payload) };
}
