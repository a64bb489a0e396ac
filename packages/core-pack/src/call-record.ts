/**
 * The voice call record (`gait.voice.call_record` 1.0.0) a call pack is built from, and the
 * normalization rules of artifacts.md §6.2 that build applies and verify re-checks. The record's
 * layout is Gait for TypeScript's own design (the reference publishes no schema for it); its
 * TypeBox schema and validator live in `@gait/core-schema`.
 */
import { InvalidInputError } from '@gait/core-errors';
import { compareBytes } from '@gait/core-guard';
import { normalizeGoTime } from '@gait/core-runpack';
import { type CallRecord, type ValidationIssue, validate } from '@gait/core-schema';
import { canonicalJson } from '@gait/core-sign';
import { CALL_LISTS } from './call-payload.js';
import { type Obj, parseJson } from './strict-json.js';

export const CALL_RECORD_SCHEMA_ID = 'gait.voice.call_record';

/** Every call pack's event stream holds at least one event of each of these types. */
export const REQUIRED_CALL_EVENT_TYPES = [
  'asr.final',
  'commitment.declared',
  'gate.decision',
  'tts.request',
  'tts.emitted',
  'tool.intent',
  'tool.result',
] as const;

/** The lists of a call, as the record holds them and as the pack files hold them. */
export interface CallParts {
  readonly events: readonly Obj[];
  readonly commitments: readonly Obj[];
  readonly decisions: readonly Obj[];
  readonly receipts: readonly Obj[];
  /** `null` when the record has none (the file then holds `null`). */
  readonly referenceDigests: readonly string[] | null;
}

const invalid = (message: string, field: string) => new InvalidInputError(message, { code: 'call_record_invalid', details: { field } });

/** The first schema issue as `<what>: <path> <message>`, e.g. `call.json: /events/2/call_seq must be >= 1`. */
export function schemaIssueMessage(what: string, issues: readonly ValidationIssue[]): string {
  const first = issues[0] ?? { path: '', message: 'is invalid' };
  return `${what}: ${first.path || '/'} ${first.message}`;
}

/**
 * Strict decode: one JSON value (a trailing second value is refused), then the record schema,
 * which refuses unknown fields at every level. Errors name the file and the field.
 */
export function decodeCallRecord(text: string, what: string): CallRecord {
  return assertCallRecord(parseJson(text, what, 'call_record_invalid'), what);
}

/** A parsed value checked against the call record schema; `what` names it in errors. */
export function assertCallRecord(value: unknown, what = 'call record'): CallRecord {
  const result = validate(CALL_RECORD_SCHEMA_ID, value);
  if (!result.ok) {
    const first = result.errors[0];
    throw new InvalidInputError(schemaIssueMessage(what, result.errors), {
      code: 'call_record_invalid',
      details: { field: first?.path ?? '', errors: result.errors },
    });
  }
  return value as CallRecord;
}

/** Turn key of a gated utterance: `call_seq:turn_index:class`. */
const turnKey = (o: Obj) => `${String(o.call_seq)}:${String(o.turn_index)}:${String(o.commitment_class)}`;

/** The spec's order of each list: by `call_seq`, then the list's second key. */
export const CALL_SORT_KEYS = { events: 'event_type', commitments: 'commitment_class', decisions: 'commitment_class', receipts: 'commitment_class' } as const;

/** Compares two items by (`call_seq`, `second`), the spec's order. */
export const compareBySpec = (a: Obj, b: Obj, second: string): number =>
  (a.call_seq as number) - (b.call_seq as number) || compareBytes(String(a[second] ?? ''), String(b[second] ?? ''));

/**
 * Orders by the spec's key; ties (which the spec leaves open) fall back to the turn and then the
 * item's canonical JSON, so what build writes never depends on the input order.
 */
function sortBy(list: readonly Obj[], second: string): Obj[] {
  const keyed = list.map((o) => ({ o, json: canonicalJson(o) }));
  keyed.sort(
    (a, b) =>
      compareBySpec(a.o, b.o, second) || (a.o.turn_index as number) - (b.o.turn_index as number) || compareBytes(a.json, b.json),
  );
  return keyed.map((k) => k.o);
}

const sortedUnique = (values: readonly string[]) => [...new Set(values)].sort(compareBytes);

function checkCallIds(parts: CallParts, callId: string): void {
  for (const { part, recordField: name } of CALL_LISTS) {
    parts[part].forEach((o, i) => {
      if (o.call_id !== callId) throw invalid(`${name}[${i}].call_id is ${JSON.stringify(o.call_id)}, expected the record's call_id ${JSON.stringify(callId)}`, `${name}[${i}].call_id`);
    });
  }
}

function checkRequiredEvents(events: readonly Obj[]): void {
  const present = new Set(events.map((e) => e.event_type));
  const missing = REQUIRED_CALL_EVENT_TYPES.filter((t) => !present.has(t));
  if (missing.length > 0) throw invalid(`events: missing required event types: ${missing.join(', ')}`, 'events');
}

/** Gated `tts.emitted` events (those naming a commitment class) need a speak receipt with their say token. */
function checkEmissions(events: readonly Obj[], receipts: readonly Obj[]): void {
  const byKey = new Map(receipts.map((r) => [turnKey(r), r]));
  for (const event of events) {
    if (event.event_type !== 'tts.emitted' || event.commitment_class === undefined) continue;
    const key = turnKey(event);
    const receipt = byKey.get(key);
    if (receipt === undefined) throw invalid(`events: gated tts.emitted ${key} has no speak receipt`, 'speak_receipts');
    if (event.say_token_id !== receipt.say_token_id) {
      throw invalid(`events: gated tts.emitted ${key} has say_token_id ${JSON.stringify(event.say_token_id ?? null)} but its speak receipt has ${JSON.stringify(receipt.say_token_id)}`, 'speak_receipts');
    }
  }
}

/**
 * Each speak receipt needs an allowing gate decision: the latest decision on the same turn and
 * commitment class before the receipt's `call_seq` must say `allow` (and, when it names a say
 * token, the receipt's).
 */
function checkReceiptDecisions(receipts: readonly Obj[], decisions: readonly Obj[]): void {
  for (const receipt of receipts) {
    const key = turnKey(receipt);
    let latest: Obj | undefined;
    for (const d of decisions) {
      if (d.turn_index !== receipt.turn_index || d.commitment_class !== receipt.commitment_class) continue;
      if ((d.call_seq as number) >= (receipt.call_seq as number)) continue;
      if (latest === undefined || (d.call_seq as number) >= (latest.call_seq as number)) latest = d;
    }
    if (latest === undefined) throw invalid(`speak_receipts: receipt ${key} has no prior gate decision`, 'gate_decisions');
    if (latest.verdict !== 'allow') throw invalid(`speak_receipts: receipt ${key} follows a gate decision with verdict ${String(latest.verdict)}, not allow`, 'gate_decisions');
    if (latest.say_token_id !== undefined && latest.say_token_id !== receipt.say_token_id) {
      throw invalid(`speak_receipts: receipt ${key} uses say token ${String(receipt.say_token_id)} but its gate decision issued ${String(latest.say_token_id)}`, 'gate_decisions');
    }
  }
}

const DIGEST_FIELDS = ['intent_digest', 'policy_digest', 'payload_digest', 'spoken_digest'] as const;
const TIME_FIELDS = ['created_at', 'emitted_at'] as const;

/** An event, decision or receipt in normal form: digests lower-cased, times in UTC, reason codes sorted and unique. */
function normalizeItem(item: Obj): Obj {
  const out = { ...item };
  for (const key of DIGEST_FIELDS) if (typeof out[key] === 'string') out[key] = (out[key] as string).toLowerCase();
  for (const key of TIME_FIELDS) if (typeof out[key] === 'string') out[key] = normalizeGoTime(out[key] as string, { utc: true, field: key });
  if (Array.isArray(out.reason_codes)) out.reason_codes = sortedUnique(out.reason_codes as string[]);
  return out;
}

/**
 * The normal form build writes of a call's lists (artifacts.md §6.2), or an `InvalidInputError`
 * naming the broken rule: every item belongs to the call; events sorted by (`call_seq`, `event_type`) and
 * holding every required type; gated emissions matched by speak receipts; receipts backed by an
 * allowing decision; commitments, decisions and receipts sorted by (`call_seq`,
 * `commitment_class`); reference digests lower-cased, de-duplicated and sorted, `null` kept.
 * Event times are put in UTC and digests lower-cased; commitment intents are kept as written
 * (their bytes are what their intent digest covers).
 */
export function normalizeCallParts(parts: CallParts, callId: string): CallParts {
  const normal: CallParts = {
    events: sortBy(parts.events.map(normalizeItem), CALL_SORT_KEYS.events),
    commitments: sortBy(parts.commitments, CALL_SORT_KEYS.commitments),
    decisions: sortBy(parts.decisions.map(normalizeItem), CALL_SORT_KEYS.decisions),
    receipts: sortBy(parts.receipts.map(normalizeItem), CALL_SORT_KEYS.receipts),
    referenceDigests: parts.referenceDigests === null ? null : sortedUnique(parts.referenceDigests.map((d) => d.toLowerCase())),
  };
  checkCallRules(normal, callId);
  return normal;
}

/**
 * The rules of §6.2 that do not depend on order: every item belongs to the call, every required
 * event type occurs, gated emissions have matching receipts, and receipts follow an allowing
 * decision. Throws an `InvalidInputError` naming the first broken rule.
 */
export function checkCallRules(parts: CallParts, callId: string): void {
  checkCallIds(parts, callId);
  checkRequiredEvents(parts.events);
  checkEmissions(parts.events, parts.receipts);
  checkReceiptDecisions(parts.receipts, parts.decisions);
}

/** The lists of a decoded record, before normalization. */
export function callPartsOf(record: CallRecord): CallParts {
  return {
    events: record.events as Obj[],
    commitments: record.commitments as Obj[],
    decisions: record.gate_decisions as Obj[],
    receipts: record.speak_receipts as Obj[],
    referenceDigests: record.reference_digests ?? null,
  };
}
