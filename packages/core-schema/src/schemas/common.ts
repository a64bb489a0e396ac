/**
 * The relationship envelope: optional links from a record to its parent, the entities it touches,
 * the policy that governed it and the agent chain behind it. Artifacts embed it as
 * `relationship: {"$ref":"#/$defs/relationship_envelope"}` with its pieces in their own `$defs`
 * (closed objects); `common/relationship_envelope.schema.json` is the older, draft-07, open and
 * inlined form of the same shape.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DRAFT_07, DefRef, NonEmpty, Opt, StringEnum } from './primitives.js';

const PARENT_KINDS = ['trace', 'run', 'session', 'intent', 'policy', 'agent', 'evidence'] as const;
const ENTITY_KINDS = ['agent', 'tool', 'resource', 'policy', 'run', 'trace', 'delegation', 'evidence'] as const;
const AGENT_ROLES = ['requester', 'delegator', 'delegate'] as const;
const EDGE_KINDS = ['delegates_to', 'calls', 'governed_by', 'targets', 'derived_from', 'emits_evidence'] as const;

/** `closed` adds `additionalProperties: false`; the draft-07 common file leaves objects open. */
function parts(closed: boolean) {
  const obj = <P extends Record<string, TSchema>>(props: P) =>
    Type.Object(props, closed ? { additionalProperties: false } : {});
  const endpoint = () => obj({ kind: NonEmpty(), id: NonEmpty() });
  return {
    obj,
    parentRef: obj({ kind: StringEnum(PARENT_KINDS), id: NonEmpty() }),
    entityRef: obj({ kind: StringEnum(ENTITY_KINDS), id: NonEmpty() }),
    policyRef: obj({
      policy_id: Opt(NonEmpty()),
      policy_version: Opt(NonEmpty()),
      policy_digest: Opt(Type.String({ pattern: '^(sha256:)?[a-f0-9]{64}$' })),
      matched_rule_ids: Opt(Type.Array(NonEmpty(), { uniqueItems: true })),
    }),
    agentLink: obj({ identity: NonEmpty(), role: StringEnum(AGENT_ROLES) }),
    edge: obj({ kind: StringEnum(EDGE_KINDS), from: endpoint(), to: endpoint() }),
    lineage: obj({
      agent_id: NonEmpty(),
      delegated_by: Opt(NonEmpty()),
      delegation_record_id: Opt(NonEmpty()),
    }),
  };
}

const closed = parts(true);

export const RelationshipParentRefSchema = closed.parentRef;
export const RelationshipEntityRefSchema = closed.entityRef;
export const RelationshipPolicyRefSchema = closed.policyRef;
export const RelationshipAgentLinkSchema = closed.agentLink;
export const RelationshipEdgeSchema = closed.edge;
export const RelationshipAgentLineageSchema = closed.lineage;

/** The envelope as it appears in `$defs`, its pieces referenced by name. */
export const RelationshipEnvelopeSchema = Type.Object(
  {
    parent_ref: Opt(DefRef('relationship_parent_ref', RelationshipParentRefSchema)),
    entity_refs: Opt(Type.Array(DefRef('relationship_entity_ref', RelationshipEntityRefSchema), { uniqueItems: true })),
    policy_ref: Opt(DefRef('policy_ref', RelationshipPolicyRefSchema)),
    agent_chain: Opt(Type.Array(DefRef('agent_link', RelationshipAgentLinkSchema))),
    edges: Opt(Type.Array(DefRef('relationship_edge', RelationshipEdgeSchema), { uniqueItems: true })),
    parent_record_id: Opt(NonEmpty()),
    related_record_ids: Opt(Type.Array(NonEmpty(), { uniqueItems: true })),
    related_entity_ids: Opt(Type.Array(NonEmpty(), { uniqueItems: true })),
    agent_lineage: Opt(Type.Array(DefRef('agent_lineage', RelationshipAgentLineageSchema))),
  },
  { additionalProperties: false },
);
export type RelationshipEnvelope = Static<typeof RelationshipEnvelopeSchema>;

/** The `$defs` block every artifact with a `relationship` field carries. */
export function relationshipDefs() {
  return {
    relationship_parent_ref: RelationshipParentRefSchema,
    relationship_entity_ref: RelationshipEntityRefSchema,
    policy_ref: RelationshipPolicyRefSchema,
    agent_link: RelationshipAgentLinkSchema,
    relationship_edge: RelationshipEdgeSchema,
    agent_lineage: RelationshipAgentLineageSchema,
    relationship_envelope: RelationshipEnvelopeSchema,
  };
}

/** `relationship: {"$ref":"#/$defs/relationship_envelope"}` (optional everywhere it appears). */
export const RelationshipField = () => Opt(DefRef('relationship_envelope', RelationshipEnvelopeSchema));

const open = parts(false);

/** `common/relationship_envelope.schema.json`: draft-07, every piece inlined, objects left open. */
export const CommonRelationshipEnvelopeSchema = Type.Object(
  {
    parent_ref: Opt(open.parentRef),
    entity_refs: Opt(Type.Array(open.entityRef, { uniqueItems: true })),
    policy_ref: Opt(open.policyRef),
    agent_chain: Opt(Type.Array(open.agentLink)),
    edges: Opt(Type.Array(open.edge, { uniqueItems: true })),
    parent_record_id: Opt(NonEmpty()),
    related_record_ids: Opt(Type.Array(NonEmpty(), { uniqueItems: true })),
    related_entity_ids: Opt(Type.Array(NonEmpty(), { uniqueItems: true })),
    agent_lineage: Opt(Type.Array(open.lineage)),
  },
  { $schema: DRAFT_07 },
);
export type CommonRelationshipEnvelope = Static<typeof CommonRelationshipEnvelopeSchema>;
