/**
 * The call pack contract, checked on verify (artifacts.md §6.4 step 6): every file present and
 * strictly parsed, the rules of §6.2 (order, required events, receipts and decisions, unique sorted
 * reference digests), and the payload and the callpack manifest agreeing with each other and with
 * the files.
 */
import { GaitError } from '@gait/core-errors';
import { type Archive, compareBytes } from '@gait/core-guard';
import { validate } from '@gait/core-schema';
import { CALL_LISTS, CALL_PAYLOAD_SCHEMA_ID, CALLPACK_MANIFEST_SCHEMA_ID, REFERENCE_DIGESTS_FILE, callCounts } from './call-payload.js';
import { CALL_RECORD_SCHEMA_ID, CALL_SORT_KEYS, type CallParts, checkCallRules, compareBySpec, schemaIssueMessage } from './call-record.js';
import { type Obj, contractError, parseJson, parseJsonl, parseObject } from './strict-json.js';

export const CALL_PACK_FILES = [
  'call_payload.json',
  'callpack_manifest.json',
  ...CALL_LISTS.map((l) => l.file),
  REFERENCE_DIGESTS_FILE,
  'source/runpack.zip',
] as const;

function checked(schemaId: string, value: Obj, file: string): Obj {
  const result = validate(schemaId, value);
  if (!result.ok) throw contractError(schemaIssueMessage(file, result.errors));
  return value;
}

function readReferenceDigests(data: Uint8Array): string[] | null {
  let value: unknown;
  try {
    value = parseJson(data, REFERENCE_DIGESTS_FILE);
  } catch (error) {
    throw contractError((error as Error).message);
  }
  if (value !== null && !(Array.isArray(value) && value.every((d) => typeof d === 'string'))) {
    throw contractError(`${REFERENCE_DIGESTS_FILE}: expected null or a list of digests`);
  }
  return value;
}

/**
 * The list files, checked item by item with the call record's schema (so a bad item is named by
 * its file and line), e.g. `gate_decisions.jsonl line 2: /verdict must be one of …`.
 */
function readParts(archive: Archive, payload: Obj): CallParts {
  const lists = Object.fromEntries(CALL_LISTS.map((l) => [l.part, parseJsonl(archive.get(l.file)!, l.file)])) as Record<(typeof CALL_LISTS)[number]['part'], Obj[]>;
  const parts: CallParts = { ...lists, referenceDigests: readReferenceDigests(archive.get(REFERENCE_DIGESTS_FILE)!) };
  const asRecord: Obj = {
    schema_id: CALL_RECORD_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: payload.created_at,
    call_id: payload.call_id,
    runpack_path: 'source/runpack.zip',
    privacy_mode: payload.privacy_mode,
    ...Object.fromEntries(CALL_LISTS.map((l) => [l.recordField, parts[l.part]])),
    reference_digests: parts.referenceDigests,
  };
  const result = validate(CALL_RECORD_SCHEMA_ID, asRecord);
  if (!result.ok) {
    const issue = result.errors[0]!;
    const [, field = '', index = '', ...rest] = issue.path.split('/');
    const list = CALL_LISTS.find((l) => l.recordField === field);
    const at = list ? `${list.file} line ${Number(index) + 1}` : field === 'reference_digests' ? REFERENCE_DIGESTS_FILE : 'call_payload.json';
    throw contractError(schemaIssueMessage(at, [{ path: list ? `/${rest.join('/')}` : issue.path, message: issue.message }]));
  }
  return parts;
}

/** Throws a contract error (exit 2) naming the first violation; returns the payload when all hold. */
export function checkCallContract(archive: Archive, sourceRef: string): Obj {
  for (const name of CALL_PACK_FILES) if (archive.get(name) === undefined) throw contractError(`call pack: missing ${name}`);
  const payload = checked(CALL_PAYLOAD_SCHEMA_ID, parseObject(archive.get('call_payload.json')!, 'parse call_payload.json'), 'call_payload.json');
  const manifest = checked(CALLPACK_MANIFEST_SCHEMA_ID, parseObject(archive.get('callpack_manifest.json')!, 'parse callpack_manifest.json'), 'callpack_manifest.json');
  if (payload.call_id !== sourceRef) throw contractError(`call_payload.json: call_id ${String(payload.call_id)} does not match source_ref ${sourceRef}`);

  // Verify holds the pack to the spec's rules, not to this build's exact normal form (digest case,
  // time zones, tie order), so packs from other producers that follow §6.2 verify too.
  const parts = readParts(archive, payload);
  try {
    checkCallRules(parts, sourceRef);
  } catch (error) {
    if (error instanceof GaitError) throw contractError(`call pack: ${error.message}`);
    throw error;
  }
  for (const list of CALL_LISTS) {
    const items = parts[list.part];
    const second = CALL_SORT_KEYS[list.part];
    const at = items.findIndex((item, i) => i > 0 && compareBySpec(items[i - 1]!, item, second) > 0);
    if (at > 0) throw contractError(`${list.file}: line ${at + 1} is out of order (records must be sorted by call_seq, ${second})`);
  }
  const digests = parts.referenceDigests ?? [];
  if (digests.some((d, i) => i > 0 && compareBytes(digests[i - 1]!, d) >= 0)) {
    throw contractError(`${REFERENCE_DIGESTS_FILE}: digests must be unique and sorted`);
  }

  const counts = callCounts(parts);
  for (const [field, actual] of Object.entries(counts)) {
    if (payload[field] !== actual) throw contractError(`call_payload.json: ${field} is ${String(payload[field])} but the pack holds ${String(actual)}`);
  }
  for (const field of ['created_at', 'call_id', 'privacy_mode', 'environment_fingerprint', ...Object.keys(counts)]) {
    if ((payload[field] ?? null) !== (manifest[field] ?? null)) throw contractError(`callpack_manifest.json: ${field} differs from call_payload.json`);
  }
  return payload;
}
