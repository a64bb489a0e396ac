/**
 * HEAD `relationship` envelopes on traces and audit records: which agents, tool, policy and trace
 * an artifact relates, as sorted, de-duplicated references (shape read off Go-made artifacts).
 */
import { compareBytes } from '../go/strings.js';

export interface EntityRef {
  kind: string;
  id: string;
}

export interface Relationship {
  parent_ref?: EntityRef;
  entity_refs?: EntityRef[];
  policy_ref?: { policy_id?: string; policy_version?: string; policy_digest: string };
  agent_chain?: { identity: string; role: string }[];
  edges?: { kind: string; from: EntityRef; to: EntityRef }[];
  parent_record_id?: string;
  related_entity_ids?: string[];
}

export interface RelationshipInput {
  parent?: EntityRef;
  agents: string[];
  toolName: string;
  policyDigest: string;
  policyId?: string;
  policyVersion?: string;
  traceId: string;
  /** Requester identity; adds a `calls` edge and a requester in the chain. */
  caller?: string;
  delegations: { delegator: string; delegate: string }[];
  /** Audit records point back at their trace. */
  parentRecordId?: string;
  withAgentChain: boolean;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

const byKindId = (a: EntityRef, b: EntityRef) => compareBytes(a.kind, b.kind) || compareBytes(a.id, b.id);

export function buildRelationship(input: RelationshipInput): Relationship {
  const tool: EntityRef = { kind: 'tool', id: input.toolName };
  const policy: EntityRef = { kind: 'policy', id: input.policyDigest };
  const refs = uniqueBy(
    [
      ...input.agents.filter((a) => a !== '').map((id) => ({ kind: 'agent', id })),
      policy,
      tool,
      { kind: 'trace', id: input.traceId },
    ],
    (r) => `${r.kind}\u0000${r.id}`,
  ).sort(byKindId);
  const chain: { identity: string; role: string }[] = [];
  for (const d of input.delegations) {
    chain.push({ identity: d.delegate, role: 'delegate' }, { identity: d.delegator, role: 'delegator' });
  }
  if (input.caller) chain.push({ identity: input.caller, role: 'requester' });
  const edges: { kind: string; from: EntityRef; to: EntityRef }[] = [];
  if (input.caller) edges.push({ kind: 'calls', from: { kind: 'agent', id: input.caller }, to: tool });
  for (const d of input.delegations) {
    edges.push({ kind: 'delegates_to', from: { kind: 'agent', id: d.delegator }, to: { kind: 'agent', id: d.delegate } });
  }
  edges.push({ kind: 'governed_by', from: tool, to: policy });
  const out: Relationship = {};
  if (input.parent) out.parent_ref = input.parent;
  out.entity_refs = refs;
  out.policy_ref =
    input.policyId !== undefined
      ? { policy_id: input.policyId, policy_version: input.policyVersion ?? '', policy_digest: input.policyDigest }
      : { policy_digest: input.policyDigest };
  const sortedChain = uniqueBy(chain, (c) => `${c.role}\u0000${c.identity}`).sort(
    (a, b) => compareBytes(a.role, b.role) || compareBytes(a.identity, b.identity),
  );
  if (input.withAgentChain && sortedChain.length > 0) out.agent_chain = sortedChain;
  out.edges = uniqueBy(edges, (e) => `${e.kind}\u0000${e.from.kind}\u0000${e.from.id}\u0000${e.to.kind}\u0000${e.to.id}`).sort(
    (a, b) => compareBytes(a.kind, b.kind) || byKindId(a.from, b.from) || byKindId(a.to, b.to),
  );
  if (input.parentRecordId) out.parent_record_id = input.parentRecordId;
  out.related_entity_ids = [...new Set(refs.map((r) => r.id))].sort(compareBytes);
  return out;
}
