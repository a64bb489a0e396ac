/**
 * v1.4.0 relationship envelopes on session records and checkpoint timelines: a small graph of
 * what a record links (session, run, tool, policy, trace, evidence). They are derived from fields
 * the record already has, and they bind the session id into every checkpoint runpack's hashed
 * `run.json`, which chain verification uses to detect an edited session id.
 */
import { compareBytes, sortBytes } from '../go-strings.js';

interface Ref {
  kind: string;
  id: string;
}
interface Edge {
  kind: string;
  from: Ref;
  to: Ref;
}

function envelope(parent: Ref, entities: Ref[], edges: Edge[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const unique = new Map(entities.filter((e) => e.id !== '').map((e) => [`${e.kind}\u0000${e.id}`, e]));
  const sorted = [...unique.values()].sort((a, b) => compareBytes(a.kind, b.kind) || compareBytes(a.id, b.id));
  return {
    parent_ref: parent,
    entity_refs: sorted,
    ...extra,
    ...(edges.length > 0 ? { edges } : {}),
    parent_record_id: parent.id,
    related_entity_ids: sortBytes(new Set(sorted.map((e) => e.id))),
  };
}

export function eventRelationship(e: { session_id: string; run_id: string; tool_name?: string; trace_id?: string; policy_digest?: string }): Record<string, unknown> {
  const entities: Ref[] = [{ kind: 'run', id: e.run_id }];
  if (e.tool_name) entities.push({ kind: 'tool', id: e.tool_name });
  if (e.trace_id) entities.push({ kind: 'trace', id: e.trace_id });
  const edges: Edge[] = [];
  const extra: Record<string, unknown> = {};
  if (e.policy_digest) {
    entities.push({ kind: 'policy', id: e.policy_digest });
    extra.policy_ref = { policy_digest: e.policy_digest };
    if (e.tool_name) edges.push({ kind: 'governed_by', from: { kind: 'tool', id: e.tool_name }, to: { kind: 'policy', id: e.policy_digest } });
  }
  return envelope({ kind: 'session', id: e.session_id }, entities, edges, extra);
}

export function checkpointRelationship(c: { session_id: string; run_id: string; manifest_digest: string; checkpoint_digest: string }, checkpointRunId: string): Record<string, unknown> {
  return envelope(
    { kind: 'session', id: c.session_id },
    [
      { kind: 'evidence', id: c.manifest_digest },
      { kind: 'evidence', id: c.checkpoint_digest },
      { kind: 'run', id: c.run_id },
      { kind: 'run', id: checkpointRunId },
    ],
    [{ kind: 'derived_from', from: { kind: 'evidence', id: c.checkpoint_digest }, to: { kind: 'run', id: checkpointRunId } }],
  );
}

export function timelineEventRelationship(checkpointRunId: string, e: { session_id: string; tool_name?: string; trace_id?: string; policy_digest?: string }): Record<string, unknown> {
  const run = { kind: 'run', id: checkpointRunId };
  const entities: Ref[] = [{ kind: 'evidence', id: e.session_id }];
  const edges: Edge[] = [];
  if (e.tool_name) entities.push({ kind: 'tool', id: e.tool_name });
  if (e.trace_id) {
    entities.push({ kind: 'trace', id: e.trace_id });
    edges.push({ kind: 'derived_from', from: { kind: 'trace', id: e.trace_id }, to: run });
  }
  if (e.policy_digest) {
    entities.push({ kind: 'policy', id: e.policy_digest });
    if (e.tool_name) edges.push({ kind: 'governed_by', from: { kind: 'tool', id: e.tool_name }, to: { kind: 'policy', id: e.policy_digest } });
  }
  return envelope(run, entities, edges);
}

export function checkpointEmittedRelationship(checkpointRunId: string, index: number): Record<string, unknown> {
  const run = { kind: 'run', id: checkpointRunId };
  const evidence = { kind: 'evidence', id: `checkpoint:${index}` };
  return envelope(run, [evidence], [{ kind: 'emits_evidence', from: run, to: evidence }]);
}

/** The session ids a checkpoint runpack's timeline binds (evidence refs of session events). */
export function boundSessionIds(timeline: readonly { event: string; relationship?: Record<string, unknown> }[] | null): string[] {
  const ids = new Set<string>();
  for (const event of timeline ?? []) {
    if (event.event !== 'session_event' || !event.relationship) continue;
    const refs = event.relationship.entity_refs;
    if (!Array.isArray(refs)) continue;
    for (const ref of refs) {
      const r = ref as Partial<Ref>;
      if (r.kind === 'evidence' && typeof r.id === 'string') ids.add(r.id);
    }
  }
  return [...ids];
}
