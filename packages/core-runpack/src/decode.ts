/**
 * Lenient decoding of runpack records (input files and zip members) into the Go-shaped records.
 * With `defaults`, empty fields take the reference's producer defaults (§3.2); without, a missing
 * time reads as Go's zero time, exactly as a Go reader would see it.
 */
import { GO_ZERO_TIME } from './go-time.js';
import { LenientObject } from './lenient.js';
import {
  SCHEMA_VERSION,
  SchemaIds,
  definedOnly,
  nonEmptyObject,
  nonEmptyString,
  type IntentRecord,
  type RefReceipt,
  type RefsRecord,
  type ResultRecord,
  type RunEnv,
  type RunRecord,
  type TimelineEvent,
} from './records.js';

/** Values a child record inherits from its run when its own are empty. */
export interface RecordDefaults {
  createdAt: string;
  producerVersion: string;
  runId: string;
}

export function decodeRun(value: unknown, where: string, defaults?: { now: string; producerVersion: string; env: RunEnv }): RunRecord {
  const o = LenientObject.from(value, where);
  const env = o.child('env');
  const timeline = o.array('timeline');
  return {
    schema_id: o.string('schema_id') || (defaults ? SchemaIds.run : ''),
    schema_version: o.string('schema_version') || (defaults ? SCHEMA_VERSION : ''),
    created_at: o.time('created_at') ?? defaults?.now ?? GO_ZERO_TIME,
    producer_version: o.string('producer_version') || (defaults?.producerVersion ?? ''),
    run_id: o.string('run_id'),
    env: {
      os: env.string('os') || (defaults?.env.os ?? ''),
      arch: env.string('arch') || (defaults?.env.arch ?? ''),
      runtime: env.string('runtime') || (defaults?.env.runtime ?? ''),
    },
    timeline: timeline === undefined ? null : timeline.map((event, i) => decodeTimelineEvent(event, `${where}.timeline[${i}]`)),
  };
}

function decodeTimelineEvent(value: unknown, where: string): TimelineEvent {
  const o = LenientObject.from(value, where);
  return definedOnly({
    event: o.string('event'),
    ts: o.time('ts') ?? GO_ZERO_TIME,
    ref: nonEmptyString(o.string('ref')),
    relationship: o.object('relationship'),
  });
}

export function decodeIntent(value: unknown, where: string, defaults?: RecordDefaults): IntentRecord {
  const o = LenientObject.from(value, where);
  return definedOnly({
    schema_id: o.string('schema_id') || (defaults ? SchemaIds.intent : ''),
    schema_version: o.string('schema_version') || (defaults ? SCHEMA_VERSION : ''),
    created_at: o.time('created_at') ?? defaults?.createdAt ?? GO_ZERO_TIME,
    producer_version: o.string('producer_version') || (defaults?.producerVersion ?? ''),
    run_id: o.string('run_id') || (defaults?.runId ?? ''),
    intent_id: o.string('intent_id'),
    tool_name: o.string('tool_name'),
    args_digest: o.string('args_digest'),
    args: nonEmptyObject(o.object('args')),
  });
}

export function decodeResult(value: unknown, where: string, defaults?: RecordDefaults): ResultRecord {
  const o = LenientObject.from(value, where);
  return definedOnly({
    schema_id: o.string('schema_id') || (defaults ? SchemaIds.result : ''),
    schema_version: o.string('schema_version') || (defaults ? SCHEMA_VERSION : ''),
    created_at: o.time('created_at') ?? defaults?.createdAt ?? GO_ZERO_TIME,
    producer_version: o.string('producer_version') || (defaults?.producerVersion ?? ''),
    run_id: o.string('run_id') || (defaults?.runId ?? ''),
    intent_id: o.string('intent_id'),
    status: o.string('status'),
    result_digest: o.string('result_digest'),
    result: nonEmptyObject(o.object('result')),
  });
}

/** Decodes refs; receipts are normalized separately by `normalizeRefs`. */
export function decodeRefs(value: unknown, where: string, defaults?: RecordDefaults): RefsRecord {
  const o = LenientObject.from(value, where);
  const receipts = o.array('receipts') ?? [];
  const count = o.int('context_ref_count');
  return definedOnly({
    schema_id: o.string('schema_id') || (defaults ? SchemaIds.refs : ''),
    schema_version: o.string('schema_version') || (defaults ? SCHEMA_VERSION : ''),
    created_at: o.time('created_at') ?? defaults?.createdAt ?? GO_ZERO_TIME,
    producer_version: o.string('producer_version') || (defaults?.producerVersion ?? ''),
    run_id: o.string('run_id') || (defaults?.runId ?? ''),
    context_set_digest: nonEmptyString(o.string('context_set_digest')),
    context_evidence_mode: nonEmptyString(o.string('context_evidence_mode')),
    context_ref_count: count === 0 ? undefined : count,
    receipts: receipts.map((receipt, i) => decodeReceipt(receipt, `${where}.receipts[${i}]`)),
  });
}

function decodeReceipt(value: unknown, where: string): RefReceipt {
  const o = LenientObject.from(value, where);
  const freshness = o.int('freshness_sla_seconds');
  return definedOnly({
    ref_id: o.string('ref_id'),
    source_type: o.string('source_type'),
    source_locator: o.string('source_locator'),
    query_digest: o.string('query_digest'),
    content_digest: o.string('content_digest'),
    // Empty marks Go's zero time; normalizeRefs turns it into 1980-01-01.
    retrieved_at: o.time('retrieved_at', { utc: true }) ?? '',
    redaction_mode: o.string('redaction_mode'),
    immutability: nonEmptyString(o.string('immutability')),
    freshness_sla_seconds: freshness === 0 ? undefined : freshness,
    sensitivity_label: nonEmptyString(o.string('sensitivity_label')),
    retrieval_params: nonEmptyObject(o.object('retrieval_params')),
  });
}
