/**
 * `proof_records.jsonl`, added to PackSpec packs by v1.4.0: one record per other pack entry,
 * hash-chained, and signed when the pack is. Not in the spec; the layout was read off the
 * reference's packs and every rule below reproduces their bytes:
 * - `record_id` = `prf-<timestamp>-` + the first 8 hex of the digest of the record's identity
 *   fields (agent, event, type, source, product, timestamp);
 * - `record_hash` = `sha256:` + the digest of the record whose `integrity` holds only
 *   `previous_record_hash` (`""` for the first record);
 * - the signature is Ed25519 over the UTF-8 text of `record_hash` (with its prefix), as `base64:…`.
 */
import { type Ed25519KeyPair, canonicalJson, digestCanonical, keyId, sha256Hex, signBytes, verifyBytes } from '@gait/core-sign';
import { PACK_CREATED_AT, type PackContent, type PackManifest } from './manifest.js';
import { isObj, type Obj } from './strict-json.js';

export const PROOF_RECORDS_FILE = 'proof_records.jsonl';

interface ProofEvent {
  entry_path: string;
  entry_permissions: number;
  entry_sha256: string;
  entry_size_bytes: number;
  entry_type: string;
  pack_type: string;
  producer_version: string;
  source_ref: string;
}

export interface ProofRecord {
  record_id: string;
  record_type: string;
  record_version: string;
  timestamp: string;
  source: string;
  source_product: string;
  agent_id: string;
  event: ProofEvent;
  controls: { permissions_enforced: boolean };
  metadata: { artifact_kind: string };
  integrity: { record_hash: string; previous_record_hash?: string; signature?: string; signing_key_id?: string };
}

export interface ProofEntry {
  readonly content: PackContent;
  readonly size: number;
}

interface PackIdentity {
  readonly packType: string;
  readonly sourceRef: string;
  readonly producerVersion: string;
}

const entryPermissions = 0o644;

function recordHash(record: Omit<ProofRecord, 'integrity'>, previous: string): string {
  return `sha256:${digestCanonical({ ...record, integrity: { previous_record_hash: previous } })}`;
}

function recordId(r: Omit<ProofRecord, 'integrity' | 'record_id'>): string {
  const digest = digestCanonical({
    agent_id: r.agent_id,
    event: r.event,
    record_type: r.record_type,
    source: r.source,
    source_product: r.source_product,
    timestamp: r.timestamp,
  });
  return `prf-${r.timestamp}-${digest.slice(0, 8)}`;
}

/**
 * A record's canonical JSON split around its `integrity` value. JCS orders keys, and `integrity`
 * falls between `event` and `metadata`, so build serializes the rest once for both the record's
 * hash and its line (the verifier keeps the plain `recordHash`, which cross-checks this).
 */
function aroundIntegrity(record: Omit<ProofRecord, 'integrity'>): [string, string] {
  const { agent_id, controls, event, ...after } = record;
  const head = canonicalJson({ agent_id, controls, event });
  const tail = canonicalJson(after);
  return [`${head.slice(0, -1)},"integrity":`, `,${tail.slice(1)}`];
}

/** The records for `entries` (already sorted by path), one JSON line each. */
export function buildProofRecords(entries: readonly ProofEntry[], pack: PackIdentity, signingKey?: Ed25519KeyPair): string {
  let previous = '';
  const lines: string[] = [];
  for (const { content, size } of entries) {
    const body = {
      record_type: 'tool_invocation',
      record_version: '1.0',
      timestamp: PACK_CREATED_AT,
      source: 'gait.pack',
      source_product: 'gait',
      agent_id: 'gait',
      event: {
        entry_path: content.path,
        entry_permissions: entryPermissions,
        entry_sha256: content.sha256,
        entry_size_bytes: size,
        entry_type: content.type,
        pack_type: pack.packType,
        producer_version: pack.producerVersion,
        source_ref: pack.sourceRef,
      },
      controls: { permissions_enforced: false },
      metadata: { artifact_kind: 'gait.pack.entry' },
    };
    const [head, tail] = aroundIntegrity({ record_id: recordId(body), ...body });
    const hash = `sha256:${sha256Hex(head + canonicalJson({ previous_record_hash: previous }) + tail)}`;
    const integrity: ProofRecord['integrity'] = { record_hash: hash };
    if (previous !== '') integrity.previous_record_hash = previous;
    if (signingKey) {
      integrity.signature = `base64:${Buffer.from(signBytes(signingKey, Buffer.from(hash, 'utf8'))).toString('base64')}`;
      integrity.signing_key_id = keyId(signingKey.publicKey);
    }
    lines.push(head + canonicalJson(integrity) + tail);
    previous = hash;
  }
  // Lines are joined by newlines with none after the last, as the reference writes this file.
  return lines.join('\n');
}

export interface ProofCheck {
  verified: number;
  errors: string[];
}

/**
 * Re-derives every record's id and hash, the chain links, and that the records cover exactly the
 * pack's other declared entries with their declared digests. Signatures are checked when a key is
 * given; an unsigned record is fine unless the caller requires signatures.
 */
export function verifyProofRecords(text: string, manifest: PackManifest, publicKey?: Uint8Array): ProofCheck {
  const errors: string[] = [];
  const declared = new Map(manifest.contents.filter((c) => c.path !== PROOF_RECORDS_FILE).map((c) => [c.path, c.sha256.toLowerCase()]));
  const seen = new Set<string>();
  let previous = '';
  let verified = 0;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  lines.forEach((line, i) => {
    const at = `proof record ${i + 1}`;
    let record: Obj;
    try {
      const parsed: unknown = JSON.parse(line);
      if (!isObj(parsed) || !isObj(parsed.event) || !isObj(parsed.integrity)) throw new Error('not a proof record');
      record = parsed;
    } catch (error) {
      errors.push(`${at}: ${(error as Error).message}`);
      return;
    }
    const { integrity, record_id: id, ...body } = record as unknown as ProofRecord;
    const problems: string[] = [];
    if (id !== recordId(body)) problems.push('record_id mismatch');
    const expectedHash = recordHash({ record_id: id, ...body }, previous);
    if (integrity.record_hash !== expectedHash) problems.push('record_hash mismatch');
    if ((integrity.previous_record_hash ?? '') !== previous) problems.push('previous_record_hash mismatch');
    const path = body.event.entry_path;
    if (!declared.has(path)) problems.push(`entry ${path} is not declared in the manifest`);
    else if (String(body.event.entry_sha256).toLowerCase() !== declared.get(path)) problems.push(`entry ${path} digest differs from the manifest`);
    if (seen.has(path)) problems.push(`entry ${path} recorded twice`);
    seen.add(path);
    if (body.event.source_ref !== manifest.source_ref || body.event.pack_type !== manifest.pack_type) problems.push('record names another pack');
    // A record signed by another key is left to the manifest signature check, which reports the
    // key mismatch (the reference counts such records as verified too).
    if (publicKey && integrity.signature !== undefined && (integrity.signing_key_id ?? '') === keyId(publicKey)) {
      const sig = integrity.signature.startsWith('base64:') ? Buffer.from(integrity.signature.slice(7), 'base64') : Buffer.alloc(0);
      if (!verifyBytes(publicKey, Buffer.from(String(integrity.record_hash), 'utf8'), sig)) problems.push('signature verification failed');
    }
    if (problems.length === 0) verified++;
    else errors.push(...problems.map((p) => `${at}: ${p}`));
    previous = String(integrity.record_hash);
  });
  for (const path of declared.keys()) if (!seen.has(path)) errors.push(`entry ${path} has no proof record`);
  return { verified, errors };
}
