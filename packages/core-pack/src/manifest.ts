/** `pack_manifest.json` (`gait.pack.manifest` 1.0.0) and the PackSpec pack id. */
import { InvalidInputError } from '@gait/core-errors';
import { type Signature, canonicalJson, digestCanonical } from '@gait/core-sign';
import { normalizeGoTime } from '@gait/core-runpack';
import { HEX64, type Obj, isObj, rejectUnknown } from './strict-json.js';

export const PACK_MANIFEST_FILE = 'pack_manifest.json';
export const PACK_MANIFEST_SCHEMA_ID = 'gait.pack.manifest';
export const PACK_TYPES = ['run', 'job', 'call'] as const;
export type PackType = (typeof PACK_TYPES)[number];
/** Packs carry no wall-clock time, so two builds of the same evidence are identical. */
export const PACK_CREATED_AT = '1980-01-01T00:00:00Z';

export interface PackContent {
  path: string;
  sha256: string;
  type: string;
}

export interface PackManifest {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  pack_id: string;
  pack_type: PackType;
  source_ref: string;
  contents: PackContent[];
  signatures?: Signature[];
}

/** `type` by extension: `.json`, `.jsonl`, `.zip`, else `blob`. */
export function contentType(path: string): string {
  if (path.endsWith('.jsonl')) return 'jsonl';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.zip')) return 'zip';
  return 'blob';
}

/** DigestJCS of the manifest with `pack_id:""` present and no signatures (artifacts.md §1.3). */
export function computePackId(manifest: PackManifest): string {
  const { signatures: _s, ...rest } = manifest;
  return digestCanonical({ ...rest, pack_id: '' });
}

/** The signed payload: the struct with its id filled in and signatures cleared. */
export function packSignableDigest(manifest: PackManifest): string {
  const { signatures: _s, ...rest } = manifest;
  return digestCanonical(rest);
}

export function encodePackManifest(manifest: PackManifest): string {
  const { signatures, ...rest } = manifest;
  return canonicalJson(signatures?.length ? { ...rest, signatures } : rest);
}

const manifestKeys = new Set(['schema_id', 'schema_version', 'created_at', 'producer_version', 'pack_id', 'pack_type', 'source_ref', 'contents', 'signatures']);
const contentKeys = new Set(['path', 'sha256', 'type']);
const signatureKeys = new Set(['alg', 'key_id', 'sig', 'signed_digest']);

const bad = (message: string, field: string) => new InvalidInputError(`invalid pack manifest: ${message}`, { code: 'pack_manifest_invalid', details: { field } });

function str(o: Obj, key: string, at: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw bad(`${at}${key} must be a string`, `${at}${key}`);
  return v;
}

/**
 * Strict decode and validation (artifacts.md §6.4 step 3). Errors are invalid input here; the
 * verifier turns them into its own verdict (a guard manifest is handed to the guard verifier).
 */
export function decodePackManifest(o: Obj): PackManifest {
  rejectUnknown(o, manifestKeys, 'parse pack manifest');
  const schemaId = str(o, 'schema_id', '');
  const schemaVersion = str(o, 'schema_version', '');
  if (schemaId !== PACK_MANIFEST_SCHEMA_ID) throw bad(`schema_id must be ${PACK_MANIFEST_SCHEMA_ID} (got ${JSON.stringify(schemaId)})`, 'schema_id');
  if (schemaVersion !== '1.0.0') throw bad(`schema_version must be 1.0.0 (got ${JSON.stringify(schemaVersion)})`, 'schema_version');
  const packType = str(o, 'pack_type', '');
  if (!(PACK_TYPES as readonly string[]).includes(packType)) throw bad(`pack_type must be run, job or call (got ${JSON.stringify(packType)})`, 'pack_type');
  const sourceRef = str(o, 'source_ref', '');
  if (sourceRef.trim() === '') throw bad('source_ref is required', 'source_ref');
  const producer = str(o, 'producer_version', '');
  if (producer.trim() === '') throw bad('producer_version is required', 'producer_version');
  const createdRaw = str(o, 'created_at', '');
  if (createdRaw === '' || createdRaw.startsWith('0001-01-01T00:00:00')) throw bad('created_at is required', 'created_at');
  const packId = str(o, 'pack_id', '');
  if (!HEX64.test(packId)) throw bad('pack_id must be 64 hex characters', 'pack_id');
  if (!Array.isArray(o.contents)) throw bad('contents must be a list', 'contents');
  const contents = o.contents.map((e, i): PackContent => {
    const at = `contents[${i}].`;
    if (!isObj(e)) throw bad(`contents[${i}] must be an object`, `contents[${i}]`);
    rejectUnknown(e, contentKeys, 'parse pack manifest');
    const entry = { path: str(e, 'path', at), sha256: str(e, 'sha256', at), type: str(e, 'type', at) };
    if (entry.path === '') throw bad(`${at}path is required`, `${at}path`);
    if (!HEX64.test(entry.sha256)) throw bad(`${at}sha256 must be 64 hex characters`, `${at}sha256`);
    if (entry.type === '') throw bad(`${at}type is required`, `${at}type`);
    return entry;
  });
  const manifest: PackManifest = {
    schema_id: schemaId,
    schema_version: schemaVersion,
    created_at: normalizeGoTime(createdRaw, { field: 'created_at' }),
    producer_version: producer,
    pack_id: packId,
    pack_type: packType as PackType,
    source_ref: sourceRef,
    contents,
  };
  if (o.signatures !== undefined && o.signatures !== null) {
    if (!Array.isArray(o.signatures)) throw bad('signatures must be a list', 'signatures');
    manifest.signatures = o.signatures.map((e, i): Signature => {
      const at = `signatures[${i}].`;
      if (!isObj(e)) throw bad(`signatures[${i}] must be an object`, `signatures[${i}]`);
      rejectUnknown(e, signatureKeys, 'parse pack manifest');
      const signature: Signature = { alg: str(e, 'alg', at), key_id: str(e, 'key_id', at), sig: str(e, 'sig', at) };
      if (!signature.alg || !signature.key_id || !signature.sig) throw bad(`${at}alg, key_id and sig are required`, `signatures[${i}]`);
      const signed = str(e, 'signed_digest', at);
      if (signed !== '') {
        if (!HEX64.test(signed)) throw bad(`${at}signed_digest must be 64 hex characters`, `${at}signed_digest`);
        signature.signed_digest = signed;
      }
      return signature;
    });
    if (manifest.signatures.length === 0) delete manifest.signatures;
  }
  return manifest;
}
