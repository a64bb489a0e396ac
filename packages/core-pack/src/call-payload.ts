/**
 * The call pack's files (artifacts.md §6.2): `call_payload.json` (`gait.pack.call`),
 * `callpack_manifest.json` (`gait.voice.callpack_manifest`), one JSONL file per list and
 * `reference_digests.json`.
 */
import { canonicalJson } from '@gait/core-sign';
import type { CallParts } from './call-record.js';
import type { Obj } from './strict-json.js';

export const CALL_PAYLOAD_SCHEMA_ID = 'gait.pack.call';
export const CALLPACK_MANIFEST_SCHEMA_ID = 'gait.voice.callpack_manifest';

/** Which pack file holds which list, and the count that `call_payload.json` keeps of it. */
export const CALL_LISTS = [
  { file: 'call_events.jsonl', count: 'event_count', part: 'events', recordField: 'events' },
  { file: 'commitments.jsonl', count: 'commitment_count', part: 'commitments', recordField: 'commitments' },
  { file: 'gate_decisions.jsonl', count: 'decision_count', part: 'decisions', recordField: 'gate_decisions' },
  { file: 'speak_receipts.jsonl', count: 'speak_receipt_count', part: 'receipts', recordField: 'speak_receipts' },
] as const;

export const REFERENCE_DIGESTS_FILE = 'reference_digests.json';

/** What the payload says about the call besides its counts. */
export interface CallHeader {
  readonly created_at: string;
  readonly call_id: string;
  readonly run_id?: string | undefined;
  readonly privacy_mode: string;
  readonly environment_fingerprint?: string | undefined;
}

/** The five list files of a normalized call: JCS lines (each ending in a newline) and the digest list. */
export function encodeCallFiles(parts: CallParts): Map<string, string> {
  const files = new Map<string, string>();
  for (const list of CALL_LISTS) files.set(list.file, parts[list.part].map((o) => `${canonicalJson(o)}\n`).join(''));
  files.set(REFERENCE_DIGESTS_FILE, canonicalJson(parts.referenceDigests));
  return files;
}

/** The counts the payload and the callpack manifest both carry. */
export function callCounts(parts: CallParts): Obj {
  const counts: Obj = {};
  for (const list of CALL_LISTS) counts[list.count] = parts[list.part].length;
  counts.reference_digest_count = parts.referenceDigests?.length ?? 0;
  return counts;
}

/** The fields the payload and the callpack manifest share: the header and the counts. */
function callSummary(header: CallHeader, parts: CallParts): Obj {
  return {
    created_at: header.created_at,
    call_id: header.call_id,
    privacy_mode: header.privacy_mode,
    ...callCounts(parts),
    ...(header.environment_fingerprint ? { environment_fingerprint: header.environment_fingerprint } : {}),
  };
}

export function buildCallPayload(header: CallHeader, parts: CallParts): Obj {
  return {
    schema_id: CALL_PAYLOAD_SCHEMA_ID,
    schema_version: '1.0.0',
    ...callSummary(header, parts),
    ...(header.run_id ? { run_id: header.run_id } : {}),
  };
}

export function buildCallpackManifest(header: CallHeader, parts: CallParts, producerVersion: string): Obj {
  return { schema_id: CALLPACK_MANIFEST_SCHEMA_ID, schema_version: '1.0.0', producer_version: producerVersion, ...callSummary(header, parts) };
}
