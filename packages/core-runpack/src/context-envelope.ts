import { InvalidInputError } from '@gait/core-errors';
import { digestCanonical, parseJsonStrict } from '@gait/core-sign';
import { compareBytes, goTrim } from './go-strings.js';
import { isGoZeroTime, normalizeGoTime } from './go-time.js';
import { DEFAULT_PRODUCER_VERSION, SCHEMA_VERSION, definedOnly, nonEmptyObject, type RefReceipt, type RefsRecord } from './records.js';
import { RECEIPT_ZERO_TIME } from './refs.js';

export const CONTEXT_ENVELOPE_SCHEMA_ID = 'gait.context.envelope';
/** Envelope files are small by design; larger ones are refused before parsing. */
export const MAX_CONTEXT_ENVELOPE_BYTES = 1024 * 1024;

export interface ContextRecord {
  ref_id: string;
  source_type: string;
  source_locator: string;
  query_digest: string;
  content_digest: string;
  retrieved_at: string;
  redaction_mode: string;
  immutability: string;
  freshness_sla_seconds?: number;
  sensitivity_label?: string;
  retrieval_params?: Record<string, unknown>;
}

export interface ContextEnvelope {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  context_set_id: string;
  context_set_digest: string;
  evidence_mode: string;
  records: ContextRecord[];
}

const ENVELOPE_KEYS = new Set(['schema_id', 'schema_version', 'created_at', 'producer_version', 'context_set_id', 'context_set_digest', 'evidence_mode', 'records']);
const RECORD_KEYS = new Set([
  'ref_id', 'source_type', 'source_locator', 'query_digest', 'content_digest', 'retrieved_at', 'redaction_mode', 'immutability',
  'freshness_sla_seconds', 'sensitivity_label', 'retrieval_params',
]);
const IMMUTABILITY = new Set(['', 'unknown', 'mutable', 'immutable']);
const DIGEST = /^[a-f0-9]{64}$/;

function invalid(message: string): InvalidInputError {
  return new InvalidInputError(message, { code: 'invalid_context_envelope' });
}

/** Strict: unknown keys are refused, as the reference's decoder does. */
function strictObject(value: unknown, allowed: Set<string>, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${where}: expected an object`);
  for (const key of Object.keys(value)) if (!allowed.has(key)) throw invalid(`${where}: unknown field "${key}"`);
  return value as Record<string, unknown>;
}

function str(o: Record<string, unknown>, key: string, where: string): string {
  const value = o[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid(`${where}.${key}: expected a string`);
  return goTrim(value);
}

function time(o: Record<string, unknown>, key: string, where: string): string {
  const value = str(o, key, where);
  return value === '' || isGoZeroTime(normalizeGoTime(value, { field: `${where}.${key}` })) ? RECEIPT_ZERO_TIME : normalizeGoTime(value, { utc: true });
}

function normalizeRecord(value: unknown, where: string): ContextRecord {
  const o = strictObject(value, RECORD_KEYS, where);
  const record: ContextRecord = definedOnly({
    ref_id: str(o, 'ref_id', where),
    source_type: str(o, 'source_type', where),
    source_locator: str(o, 'source_locator', where),
    query_digest: str(o, 'query_digest', where).toLowerCase(),
    content_digest: str(o, 'content_digest', where).toLowerCase(),
    retrieved_at: time(o, 'retrieved_at', where),
    redaction_mode: str(o, 'redaction_mode', where),
    immutability: str(o, 'immutability', where).toLowerCase() || 'unknown',
    freshness_sla_seconds: undefined as number | undefined,
    sensitivity_label: str(o, 'sensitivity_label', where) || undefined,
    retrieval_params: undefined as Record<string, unknown> | undefined,
  });
  for (const key of ['ref_id', 'source_type', 'source_locator', 'redaction_mode'] as const) if (record[key] === '') throw invalid(`${where}.${key}: required`);
  for (const key of ['query_digest', 'content_digest'] as const) if (!DIGEST.test(record[key])) throw invalid(`${where}.${key}: expected 64 hex characters`);
  if (!IMMUTABILITY.has(record.immutability)) throw invalid(`${where}.immutability: expected unknown, mutable or immutable`);
  const freshness = o.freshness_sla_seconds;
  if (freshness !== undefined && freshness !== null) {
    if (typeof freshness !== 'number' || !Number.isInteger(freshness) || freshness < 0) throw invalid(`${where}.freshness_sla_seconds: expected an integer >= 0`);
    if (freshness > 0) record.freshness_sla_seconds = freshness;
  }
  const params = o.retrieval_params;
  if (params !== undefined && params !== null) {
    if (typeof params !== 'object' || Array.isArray(params)) throw invalid(`${where}.retrieval_params: expected an object`);
    const kept = nonEmptyObject(params as Record<string, unknown>);
    if (kept) record.retrieval_params = kept;
  }
  return record;
}

/**
 * Parses and normalizes a context envelope: defaults, trimmed and lower-cased fields, records
 * ordered by (ref_id, source_type, source_locator, content_digest), and `context_set_digest`
 * computed over the records (a supplied digest must match it).
 */
export function parseContextEnvelope(text: string): ContextEnvelope {
  if (Buffer.byteLength(text) > MAX_CONTEXT_ENVELOPE_BYTES) throw invalid(`context envelope exceeds ${MAX_CONTEXT_ENVELOPE_BYTES} bytes`);
  const o = strictObject(parseJsonStrict(text), ENVELOPE_KEYS, 'context_envelope');
  const setId = str(o, 'context_set_id', 'context_envelope');
  if (setId === '') throw invalid('context_envelope.context_set_id: required');
  const mode = str(o, 'evidence_mode', 'context_envelope').toLowerCase() || 'best_effort';
  if (mode !== 'best_effort' && mode !== 'required') throw invalid('context_envelope.evidence_mode: expected best_effort or required');
  const rawRecords = o.records ?? [];
  if (!Array.isArray(rawRecords)) throw invalid('context_envelope.records: expected an array');
  const records = rawRecords
    .map((record, i) => normalizeRecord(record, `context_envelope.records[${i}]`))
    .sort((a, b) => compareBytes(a.ref_id, b.ref_id) || compareBytes(a.source_type, b.source_type) || compareBytes(a.source_locator, b.source_locator) || compareBytes(a.content_digest, b.content_digest));
  const digest = digestCanonical(records);
  const supplied = str(o, 'context_set_digest', 'context_envelope').toLowerCase();
  if (supplied !== '' && supplied !== digest) throw invalid('context_set_digest mismatch');
  return {
    schema_id: str(o, 'schema_id', 'context_envelope') || CONTEXT_ENVELOPE_SCHEMA_ID,
    schema_version: str(o, 'schema_version', 'context_envelope') || SCHEMA_VERSION,
    created_at: time(o, 'created_at', 'context_envelope'),
    producer_version: str(o, 'producer_version', 'context_envelope') || DEFAULT_PRODUCER_VERSION,
    context_set_id: setId,
    context_set_digest: digest,
    evidence_mode: mode,
    records,
  };
}

/** The refs a runpack records for an envelope: its digest, mode, count and records as receipts. */
export function applyContextEnvelope(refs: RefsRecord, envelope: ContextEnvelope): RefsRecord {
  const receipts: RefReceipt[] = envelope.records
    .map((record) => definedOnly({ ...record }))
    .sort((a, b) => compareBytes(a.ref_id, b.ref_id));
  return {
    ...refs,
    context_set_digest: envelope.context_set_digest,
    context_evidence_mode: envelope.evidence_mode,
    context_ref_count: receipts.length === 0 ? undefined : receipts.length,
    receipts,
  };
}
