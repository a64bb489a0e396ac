import { InvalidInputError } from '@gait/core-errors';
import { parseJsonStrict } from '@gait/core-sign';
import { type Archive, type ArchiveSource, readArchive } from './archive.js';
import { type HashMismatch, checkMembers } from './members.js';
import { type GuardPackManifest, GUARD_MANIFEST_FILE, GUARD_MANIFEST_SCHEMA_ID, computeGuardPackId, decodeGuardManifest, guardSignableDigest } from './manifest.js';
import { type SignatureStatus, checkSignatures } from './signatures.js';

export interface GuardVerifyResult {
  ok: boolean;
  pack_id: string;
  run_id: string;
  files_checked: number;
  missing_files: string[];
  hash_mismatches: HashMismatch[];
  /**
   * Members the manifest does not list. The reference ignores them; we fail closed, since an
   * unlisted member is evidence no digest or signature covers.
   */
  undeclared_files: string[];
  /**
   * Set when `pack_id` is not `pack_` + the digest of `{run_id, contents}`. The reference does not
   * recompute it, so an unsigned pack's id and run id could be edited unnoticed; we check.
   */
  pack_id_mismatch?: { expected: string; actual: string };
  signature_status: SignatureStatus;
  signature_errors: string[];
  signatures_total: number;
  signatures_valid: number;
}

export interface GuardVerifyOptions {
  readonly publicKey?: Uint8Array | undefined;
  readonly requireSignature?: boolean | undefined;
}

/** Reads and leniently decodes a guard manifest member (unknown fields dropped, as the reference). */
export function readGuardManifest(archive: Archive): GuardPackManifest {
  const data = archive.get(GUARD_MANIFEST_FILE);
  if (data === undefined) throw new InvalidInputError(`missing ${GUARD_MANIFEST_FILE}`, { code: 'guard_manifest_missing' });
  let value: unknown;
  try {
    value = parseJsonStrict(Buffer.from(data).toString('utf8'));
  } catch (error) {
    throw new InvalidInputError(`parse pack manifest: ${(error as Error).message}`, { code: 'guard_manifest_invalid', cause: error });
  }
  const manifest = decodeGuardManifest(value);
  if (manifest.schema_id !== GUARD_MANIFEST_SCHEMA_ID || manifest.schema_version !== '1.0.0') {
    throw new InvalidInputError(`unsupported pack manifest schema: ${manifest.schema_id} ${manifest.schema_version} (expected ${GUARD_MANIFEST_SCHEMA_ID} 1.0.0)`, {
      code: 'guard_manifest_schema',
    });
  }
  return manifest;
}

/** `gait guard verify`: member presence and hashes, undeclared members, the pack id and signatures. */
export async function verifyGuardPack(source: ArchiveSource, options: GuardVerifyOptions = {}): Promise<GuardVerifyResult> {
  return verifyGuardArchive(await readArchive(source), options);
}

export function verifyGuardArchive(archive: Archive, options: GuardVerifyOptions = {}): GuardVerifyResult {
  const manifest = readGuardManifest(archive);
  const members = checkMembers(archive, manifest.contents, GUARD_MANIFEST_FILE);
  const expectedId = computeGuardPackId(manifest.run_id, manifest.contents);
  const idMismatch = expectedId.toLowerCase() !== manifest.pack_id.toLowerCase() ? { expected: expectedId, actual: manifest.pack_id } : undefined;
  const signatures = checkSignatures(manifest.signatures, guardSignableDigest(manifest), {
    publicKey: options.publicKey,
    requireSignature: options.requireSignature,
    noSignaturesMessage: 'pack manifest has no signatures',
    summarizeFailure: false,
  });
  const intact = members.missing_files.length === 0 && members.hash_mismatches.length === 0 && members.undeclared_files.length === 0;
  return {
    ok: intact && idMismatch === undefined && signatures.ok,
    pack_id: manifest.pack_id,
    run_id: manifest.run_id,
    files_checked: manifest.contents.length,
    ...members,
    ...(idMismatch ? { pack_id_mismatch: idMismatch } : {}),
    signature_status: signatures.status,
    signature_errors: signatures.errors,
    signatures_total: signatures.total,
    signatures_valid: signatures.valid,
  };
}
