import { readFile } from 'node:fs/promises';
import { GaitError, InvalidInputError, VerificationError } from '@gait/core-errors';
import {
  type Archive,
  type HashMismatch,
  type SignatureStatus,
  GUARD_MANIFEST_SCHEMA_ID,
  checkMembers,
  checkSignatures,
  openArchive,
  verifyGuardArchive,
} from '@gait/core-guard';
import { verifyRunpack } from '@gait/core-runpack';
import { checkCallContract } from './call-contract.js';
import { checkJobContract } from './job-payload.js';
import { PACK_MANIFEST_FILE, type PackManifest, computePackId, decodePackManifest, packSignableDigest } from './manifest.js';
import { PROOF_RECORDS_FILE, verifyProofRecords } from './proof-records.js';
import { checkRunPayload } from './run-payload.js';
import { parseJsonl, parseObject } from './strict-json.js';

export type PackSource = string | Uint8Array;

export interface PackVerifyOptions {
  /** Raw 32-byte Ed25519 key; without it a signed pack reports `skipped`. */
  readonly publicKey?: Uint8Array | undefined;
  readonly requireSignature?: boolean | undefined;
}

export interface PackVerifyResult {
  ok: boolean;
  pack_id: string;
  /** `run`, `job`, `call`; `guard` for guard evidence and incident packs. */
  pack_type: string;
  source_ref: string;
  /** `runpack` or `guard` when the zip is not a PackSpec pack but one of those. */
  legacy_type?: 'runpack' | 'guard';
  files_checked: number;
  missing_files: string[];
  hash_mismatches: HashMismatch[];
  undeclared_files: string[];
  pack_id_mismatch?: { expected: string; actual: string };
  /** Payload contract violations (run/job/call), checked only when every member is intact. */
  contract_errors: string[];
  proof_records_verified: number;
  proof_record_errors: string[];
  signature_status: SignatureStatus;
  signature_errors: string[];
  signatures_total: number;
  signatures_valid: number;
}

async function loadBytes(source: PackSource): Promise<Uint8Array> {
  if (typeof source !== 'string') return source;
  try {
    return await readFile(source);
  } catch (error) {
    throw new InvalidInputError(`open zip: open ${source}: no such file or directory`, { code: 'pack_not_found', cause: error });
  }
}

/**
 * `gait pack verify` (artifacts.md §6.4, with v1.4.0's rule that a failed signature fails): the
 * strict manifest, the recomputed pack id, missing, altered and undeclared members, the payload
 * contract, the proof-record chain and the signatures. Runpacks and guard packs are recognised and
 * verified by their own rules. An unreadable zip or manifest throws (exit 6).
 */
export async function verifyPack(source: PackSource, options: PackVerifyOptions = {}): Promise<PackVerifyResult> {
  const bytes = await loadBytes(source);
  const archive = openArchive(bytes);
  const raw = archive.get(PACK_MANIFEST_FILE);
  if (raw === undefined) {
    if (archive.get('manifest.json') !== undefined) return legacyRunpack(bytes, options);
    throw new InvalidInputError(`missing ${PACK_MANIFEST_FILE}`, { code: 'pack_manifest_missing' });
  }
  const document = parseObject(raw, 'parse pack manifest');
  if (document.schema_id === GUARD_MANIFEST_SCHEMA_ID) return legacyGuard(archive, options);
  return verifyPackArchive(archive, decodeStrict(document), options);
}

function decodeStrict(document: Record<string, unknown>): PackManifest {
  try {
    return decodePackManifest(document);
  } catch (error) {
    // A manifest that parses but breaks the PackSpec contract is a failed verification (exit 2).
    if (error instanceof InvalidInputError) throw new VerificationError(error.message, { code: error.code, cause: error });
    throw error;
  }
}

function verifyPackArchive(archive: Archive, manifest: PackManifest, options: PackVerifyOptions): PackVerifyResult {
  const members = checkMembers(archive, manifest.contents, PACK_MANIFEST_FILE);
  const expectedId = computePackId(manifest);
  const idMismatch = expectedId !== manifest.pack_id.toLowerCase() ? { expected: expectedId, actual: manifest.pack_id } : undefined;
  const intact = members.missing_files.length === 0 && members.hash_mismatches.length === 0 && members.undeclared_files.length === 0;

  const contractErrors: string[] = [];
  if (intact) {
    try {
      checkContract(archive, manifest);
    } catch (error) {
      if (!(error instanceof GaitError)) throw error;
      contractErrors.push(error.message);
    }
  }
  let proofs = { verified: 0, errors: [] as string[] };
  const proofData = archive.get(PROOF_RECORDS_FILE);
  if (proofData !== undefined && manifest.contents.some((c) => c.path === PROOF_RECORDS_FILE)) proofs = verifyProofRecords(Buffer.from(proofData).toString('utf8'), manifest, options.publicKey);

  const signatures = checkSignatures(manifest.signatures, packSignableDigest(manifest), {
    publicKey: options.publicKey,
    requireSignature: options.requireSignature,
    noSignaturesMessage: 'manifest has no signatures',
    summarizeFailure: true,
  });
  return {
    ok: intact && idMismatch === undefined && contractErrors.length === 0 && proofs.errors.length === 0 && signatures.ok,
    pack_id: manifest.pack_id,
    pack_type: manifest.pack_type,
    source_ref: manifest.source_ref,
    files_checked: manifest.contents.length,
    ...members,
    ...(idMismatch ? { pack_id_mismatch: idMismatch } : {}),
    contract_errors: contractErrors,
    proof_records_verified: proofs.verified,
    proof_record_errors: proofs.errors,
    signature_status: signatures.status,
    signature_errors: signatures.errors,
    signatures_total: signatures.total,
    signatures_valid: signatures.valid,
  };
}

function need(archive: Archive, name: string): Uint8Array {
  const data = archive.get(name);
  if (data === undefined) throw new InvalidInputError(`${name} is missing`, { code: 'pack_member_missing' });
  return data;
}

/** The payload contract of the pack's type (§6.4 step 6). Throws the first violation. */
export function checkContract(archive: Archive, manifest: PackManifest): void {
  if (manifest.pack_type === 'run') {
    need(archive, 'source/runpack.zip');
    checkRunPayload(parseObject(need(archive, 'run_payload.json'), 'parse run_payload.json'), manifest.source_ref);
  } else if (manifest.pack_type === 'job') {
    const payload = parseObject(need(archive, 'job_payload.json'), 'parse job_payload.json');
    const state = parseObject(need(archive, 'job_state.json'), 'parse job_state.json');
    const events = parseJsonl(need(archive, 'job_events.jsonl'), 'job_events.jsonl');
    checkJobContract(payload, state, events, manifest.source_ref);
  } else {
    checkCallContract(archive, manifest.source_ref);
  }
}

async function legacyRunpack(bytes: Uint8Array, options: PackVerifyOptions): Promise<PackVerifyResult> {
  const result = await verifyRunpack(bytes, { publicKey: options.publicKey, requireSignature: options.requireSignature });
  return {
    ok: result.ok,
    pack_id: result.manifest_digest,
    pack_type: 'run',
    source_ref: result.run_id,
    legacy_type: 'runpack',
    files_checked: result.files_checked,
    missing_files: result.missing_files,
    hash_mismatches: result.hash_mismatches,
    undeclared_files: result.undeclared_files,
    contract_errors: [],
    proof_records_verified: 0,
    proof_record_errors: [],
    signature_status: result.signature_status,
    signature_errors: result.signature_errors,
    signatures_total: result.signatures_total,
    signatures_valid: result.signatures_valid,
  };
}

function legacyGuard(archive: Archive, options: PackVerifyOptions): PackVerifyResult {
  const result = verifyGuardArchive(archive, options);
  return {
    ok: result.ok,
    pack_id: result.pack_id,
    pack_type: 'guard',
    source_ref: result.run_id,
    legacy_type: 'guard',
    files_checked: result.files_checked,
    missing_files: result.missing_files,
    hash_mismatches: result.hash_mismatches,
    undeclared_files: result.undeclared_files,
    ...(result.pack_id_mismatch ? { pack_id_mismatch: result.pack_id_mismatch } : {}),
    contract_errors: [],
    proof_records_verified: 0,
    proof_record_errors: [],
    signature_status: result.signature_status,
    signature_errors: result.signature_errors,
    signatures_total: result.signatures_total,
    signatures_valid: result.signatures_valid,
  };
}

