import type { RelationshipEnvelope } from '@gait/core-schema';

/**
 * HEAD's relationship envelope on each inventory item: the tool and the file (resource) it was
 * found in, one `derived_from` edge between them, and the snapshot as the parent evidence record.
 * The spec names the parts; their ordering (refs by kind then id, ids byte-sorted) is ours.
 */
export function itemRelationship(itemId: string, locator: string, snapshotId: string): RelationshipEnvelope {
  const tool = { kind: 'tool', id: itemId } as const;
  const resource = { kind: 'resource', id: locator } as const;
  return {
    parent_ref: { kind: 'evidence', id: snapshotId },
    entity_refs: [resource, tool],
    edges: [{ kind: 'derived_from', from: tool, to: resource }],
    parent_record_id: snapshotId,
    related_entity_ids: [...new Set([itemId, locator])].sort(),
  };
}
