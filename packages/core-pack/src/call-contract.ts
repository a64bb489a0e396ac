/**
 * The call pack contract, checked on verify. Building call packs needs the voice call record
 * engine, which this repository does not have yet; verification of Go-made call packs works.
 */
import { type Archive } from '@gait/core-guard';
import { parseJsonl } from './job-payload.js';
import { type Obj, contractError, parseObject } from './strict-json.js';

export const CALL_PACK_FILES = [
  'call_payload.json',
  'callpack_manifest.json',
  'call_events.jsonl',
  'commitments.jsonl',
  'gate_decisions.jsonl',
  'speak_receipts.jsonl',
  'reference_digests.json',
  'source/runpack.zip',
] as const;

const counted: readonly [string, string][] = [
  ['event_count', 'call_events.jsonl'],
  ['commitment_count', 'commitments.jsonl'],
  ['decision_count', 'gate_decisions.jsonl'],
  ['speak_receipt_count', 'speak_receipts.jsonl'],
];

export function checkCallContract(archive: Archive, sourceRef: string): Obj {
  for (const name of CALL_PACK_FILES) if (archive.get(name) === undefined) throw contractError(`call pack: missing ${name}`);
  const payload = parseObject(archive.get('call_payload.json')!, 'parse call_payload.json');
  const manifest = parseObject(archive.get('callpack_manifest.json')!, 'parse callpack_manifest.json');
  if (payload.schema_id !== 'gait.pack.call') throw contractError('call_payload.json: schema must be gait.pack.call 1.0.0');
  if (payload.call_id !== sourceRef) throw contractError(`call_payload.json: call_id does not match source_ref ${sourceRef}`);
  if (payload.privacy_mode !== 'hash_only' && payload.privacy_mode !== 'dispute_encrypted') throw contractError('call_payload.json: privacy_mode must be hash_only or dispute_encrypted');
  for (const [field, file] of counted) {
    const records = parseJsonl(archive.get(file)!, file);
    if (payload[field] !== records.length) throw contractError(`call_payload.json: ${field} is ${String(payload[field])} but ${file} has ${records.length} records`);
  }
  const digests: unknown = JSON.parse(Buffer.from(archive.get('reference_digests.json')!).toString('utf8'));
  const digestCount = Array.isArray(digests) ? digests.length : 0;
  if (payload.reference_digest_count !== digestCount) throw contractError('call_payload.json: reference_digest_count differs from reference_digests.json');
  for (const field of ['call_id', 'privacy_mode', 'environment_fingerprint', 'event_count', 'commitment_count', 'decision_count', 'speak_receipt_count', 'reference_digest_count']) {
    if ((payload[field] ?? null) !== (manifest[field] ?? null)) throw contractError(`callpack_manifest.json: ${field} differs from call_payload.json`);
  }
  return payload;
}
