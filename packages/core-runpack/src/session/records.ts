import { sha256Hex } from '@gait/core-sign';
import { GO_ZERO_TIME } from '../go-time.js';
import { LenientObject } from '../lenient.js';
import { definedOnly, nonEmptyString } from '../records.js';
import type { SessionCheckpoint, SessionEvent, SessionHeader } from './types.js';

/** `sha256("<manifest_digest>:<prev or empty>:<index>:<seq_start>:<seq_end>")`. */
export function computeCheckpointDigest(c: Pick<SessionCheckpoint, 'manifest_digest' | 'prev_checkpoint_digest' | 'checkpoint_index' | 'sequence_start' | 'sequence_end'>): string {
  return sha256Hex(`${c.manifest_digest}:${c.prev_checkpoint_digest ?? ''}:${c.checkpoint_index}:${c.sequence_start}:${c.sequence_end}`);
}

/** The identity fields every session record starts with, in Go field order. */
function decodeRecordIdentity(o: LenientObject) {
  return {
    schema_id: o.string('schema_id'),
    schema_version: o.string('schema_version'),
    created_at: o.time('created_at') ?? GO_ZERO_TIME,
    producer_version: o.string('producer_version'),
    session_id: o.string('session_id'),
    run_id: o.string('run_id'),
  };
}

function nonEmptyList(values: string[] | undefined): string[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

export function decodeHeader(value: unknown, where: string): SessionHeader {
  const o = LenientObject.from(value, where);
  const checkpoints = o.array('checkpoints');
  return definedOnly({
    ...decodeRecordIdentity(o),
    started_at: o.time('started_at') ?? GO_ZERO_TIME,
    events: o.array('events') ?? null,
    checkpoints: checkpoints && checkpoints.length > 0 ? checkpoints.map((c, i) => decodeCheckpoint(c, `${where}.checkpoints[${i}]`)) : undefined,
  });
}

/** Field order of the Go struct; omitempty fields are left out when empty. */
export function decodeEvent(value: unknown, where: string): SessionEvent {
  const o = LenientObject.from(value, where);
  return definedOnly({
    ...decodeRecordIdentity(o),
    sequence: o.int('sequence'),
    intent_id: nonEmptyString(o.string('intent_id')),
    tool_name: nonEmptyString(o.string('tool_name')),
    intent_digest: nonEmptyString(o.string('intent_digest')),
    policy_digest: nonEmptyString(o.string('policy_digest')),
    policy_id: nonEmptyString(o.string('policy_id')),
    policy_version: nonEmptyString(o.string('policy_version')),
    matched_rule_ids: nonEmptyList(o.stringArray('matched_rule_ids')),
    trace_id: nonEmptyString(o.string('trace_id')),
    trace_path: nonEmptyString(o.string('trace_path')),
    verdict: nonEmptyString(o.string('verdict')),
    reason_codes: nonEmptyList(o.stringArray('reason_codes')),
    violations: nonEmptyList(o.stringArray('violations')),
    relationship: o.object('relationship'),
    safety_invariant_version: nonEmptyString(o.string('safety_invariant_version')),
    safety_invariant_hash: nonEmptyString(o.string('safety_invariant_hash')),
  });
}

export function decodeCheckpoint(value: unknown, where: string): SessionCheckpoint {
  const o = LenientObject.from(value, where);
  return definedOnly({
    ...decodeRecordIdentity(o),
    checkpoint_index: o.int('checkpoint_index'),
    sequence_start: o.int('sequence_start'),
    sequence_end: o.int('sequence_end'),
    runpack_path: o.string('runpack_path'),
    manifest_digest: o.string('manifest_digest'),
    prev_checkpoint_digest: nonEmptyString(o.string('prev_checkpoint_digest')),
    checkpoint_digest: o.string('checkpoint_digest'),
    relationship: o.object('relationship'),
    safety_invariant_version: nonEmptyString(o.string('safety_invariant_version')),
    safety_invariant_hash: nonEmptyString(o.string('safety_invariant_hash')),
  });
}
