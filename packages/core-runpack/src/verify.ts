import { InvalidInputError } from '@gait/core-errors';
import { validate } from '@gait/core-schema';
import { sha256Hex, verifyDigestHex } from '@gait/core-sign';
import { loadZipBytes, openZip, parseJsonMember, parseJsonlMember, type RunpackSource, type ZipMembers } from './archive.js';
import { decodeManifest } from './decode-manifest.js';
import { compareBytes, sortBytes } from './go-strings.js';
import { computeManifestDigest, computeSignableDigest } from './manifest.js';
import { DATA_FILES, MANIFEST_FILE, SchemaIds } from './records.js';

export type SignatureStatus = 'verified' | 'failed' | 'missing' | 'skipped';

export interface HashMismatch {
  path: string;
  expected: string;
  actual: string;
}

/** One failed check, with a stable code a program can branch on. */
export interface VerifyFailure {
  code:
    | 'missing_file'
    | 'hash_mismatch'
    | 'manifest_digest_mismatch'
    | 'signature_missing'
    | 'signature_failed'
    | 'undeclared_file'
    | 'unknown_manifest_field'
    | 'schema_invalid';
  message: string;
  path?: string;
}

export interface SchemaIssue {
  file: string;
  path: string;
  message: string;
}

export interface RunpackVerifyResult {
  ok: boolean;
  run_id: string;
  manifest_digest: string;
  files_checked: number;
  missing_files: string[];
  hash_mismatches: HashMismatch[];
  signature_status: SignatureStatus;
  signature_errors: string[];
  signatures_total: number;
  signatures_valid: number;
  /** Members the manifest does not list (the reference ignores them; we fail closed). */
  undeclared_files: string[];
  /**
   * Manifest keys outside the reference's struct (JSON pointers). No digest covers them, so the
   * reference accepts them; we fail closed, since such a key can hide a renamed `signatures`.
   */
  unknown_manifest_fields: string[];
  /** Members that break their v1 JSON Schema; fatal only with `requireSchemaValid`. */
  schema_errors: SchemaIssue[];
  failures: VerifyFailure[];
}

export interface VerifyRunpackOptions {
  /** Raw 32-byte Ed25519 public key; without it a signed runpack reports `skipped`. */
  publicKey?: Uint8Array;
  requireSignature?: boolean;
  /**
   * Make schema violations fatal. Off by default because the reference accepts runpacks its own
   * schemas reject (e.g. run ids without the `run_` prefix), and what it accepts we accept.
   */
  requireSchemaValid?: boolean;
}

/**
 * Checks a runpack offline: every listed member's sha256, the manifest digest, the signatures,
 * members the manifest does not declare, and the schema of every member. Unreadable input
 * (no manifest, corrupt zip, wrong schema id) throws; integrity problems are reported.
 */
export async function verifyRunpack(source: RunpackSource, options: VerifyRunpackOptions = {}): Promise<RunpackVerifyResult> {
  return verifyRunpackMembers(openZip(await loadZipBytes(source)), options);
}

export function verifyRunpackMembers(zip: ZipMembers, options: VerifyRunpackOptions = {}): RunpackVerifyResult {
  const manifestBytes = zip.get(MANIFEST_FILE);
  if (manifestBytes === undefined) {
    throw new InvalidInputError('missing manifest.json', { code: 'runpack_missing_manifest' });
  }
  const rawManifest = parseJsonMember(manifestBytes, MANIFEST_FILE) as Record<string, unknown>;
  const manifest = decodeManifest(rawManifest);

  const missing = new Set<string>();
  const mismatches: HashMismatch[] = [];
  for (const file of manifest.files) {
    const data = zip.get(file.path);
    if (data === undefined) {
      missing.add(file.path);
      continue;
    }
    const actual = sha256Hex(data);
    if (actual !== file.sha256.toLowerCase()) mismatches.push({ path: file.path, expected: file.sha256, actual });
  }
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const required of DATA_FILES) if (!listed.has(required)) missing.add(required);

  const recomputed = computeManifestDigest(manifest);
  if (recomputed !== manifest.manifest_digest.toLowerCase()) {
    mismatches.push({ path: MANIFEST_FILE, expected: manifest.manifest_digest, actual: recomputed });
  }
  mismatches.sort((a, b) => compareBytes(a.path, b.path));

  const signature = checkSignatures(rawManifest, manifest.signatures ?? [], options);
  const undeclared = sortBytes(zip.names.filter((name) => name !== MANIFEST_FILE && !listed.has(name)));
  const schemaErrors = checkSchemas(zip, rawManifest);
  const unknownFields = findUnknownManifestFields(rawManifest);

  const failures: VerifyFailure[] = [
    ...sortBytes(missing).map((path): VerifyFailure => ({ code: 'missing_file', message: `${path} is listed but missing`, path })),
    ...mismatches.map(
      (m): VerifyFailure =>
        m.path === MANIFEST_FILE
          ? { code: 'manifest_digest_mismatch', message: `manifest_digest ${m.expected} does not match the recomputed ${m.actual}`, path: m.path }
          : { code: 'hash_mismatch', message: `${m.path} sha256 ${m.actual} does not match the manifest's ${m.expected}`, path: m.path },
    ),
    ...undeclared.map((path): VerifyFailure => ({ code: 'undeclared_file', message: `${path} is not listed in the manifest`, path })),
    ...unknownFields.map((pointer): VerifyFailure => ({ code: 'unknown_manifest_field', message: `manifest.json${pointer} is not a manifest field`, path: MANIFEST_FILE })),
  ];
  const signatureOk = options.requireSignature ? signature.status === 'verified' : signature.status !== 'failed';
  if (!signatureOk) {
    failures.push(
      signature.status === 'failed'
        ? { code: 'signature_failed', message: `signature verification failed: ${signature.errors.join('; ')}` }
        : { code: 'signature_missing', message: `a verified signature is required but the status is ${signature.status}` },
    );
  }
  if (options.requireSchemaValid) {
    for (const issue of schemaErrors) failures.push({ code: 'schema_invalid', message: `${issue.file}${issue.path}: ${issue.message}`, path: issue.file });
  }

  return {
    ok: failures.length === 0,
    run_id: manifest.run_id,
    manifest_digest: manifest.manifest_digest,
    files_checked: manifest.files.length,
    missing_files: sortBytes(missing),
    hash_mismatches: mismatches,
    signature_status: signature.status,
    signature_errors: signature.errors,
    signatures_total: signature.total,
    signatures_valid: signature.valid,
    undeclared_files: undeclared,
    unknown_manifest_fields: unknownFields,
    schema_errors: schemaErrors,
    failures,
  };
}

function checkSignatures(
  rawManifest: Record<string, unknown>,
  signatures: NonNullable<ReturnType<typeof decodeManifest>['signatures']>,
  options: VerifyRunpackOptions,
): { status: SignatureStatus; errors: string[]; total: number; valid: number } {
  const total = signatures.length;
  if (total === 0) return { status: 'missing', errors: options.requireSignature ? ['manifest has no signatures'] : [], total, valid: 0 };
  if (!options.publicKey) return { status: 'skipped', errors: ['public key not configured'], total, valid: 0 };
  const digest = computeSignableDigest(rawManifest);
  const errors: string[] = [];
  let valid = 0;
  for (const signature of signatures) {
    try {
      assertCanonicalBase64(signature.sig);
      verifyDigestHex(options.publicKey, signature, digest);
      valid += 1;
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { status: valid > 0 ? 'verified' : 'failed', errors: sortBytes(errors), total, valid };
}

function checkSchemas(zip: ZipMembers, rawManifest: Record<string, unknown>): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const check = (file: string, schemaId: string, value: unknown) => {
    const outcome = validate(schemaId as never, value) as { ok: boolean; errors?: { path: string; message: string }[] };
    if (!outcome.ok) for (const error of outcome.errors ?? []) issues.push({ file, path: error.path, message: error.message });
  };
  check(MANIFEST_FILE, SchemaIds.manifest, rawManifest);
  const members: [string, string, boolean][] = [
    ['run.json', SchemaIds.run, false],
    ['refs.json', SchemaIds.refs, false],
    ['intents.jsonl', SchemaIds.intent, true],
    ['results.jsonl', SchemaIds.result, true],
  ];
  for (const [file, schemaId, jsonl] of members) {
    const data = zip.get(file);
    if (data === undefined) continue;
    try {
      if (jsonl) parseJsonlMember(data, file).forEach((record, i) => check(`${file}[${i}]`, schemaId, record));
      else check(file, schemaId, parseJsonMember(data, file));
    } catch (error) {
      issues.push({ file, path: '', message: (error as Error).message });
    }
  }
  return issues;
}

const MANIFEST_KEYS = new Set(['schema_id', 'schema_version', 'created_at', 'producer_version', 'run_id', 'capture_mode', 'files', 'manifest_digest', 'signatures']);
const FILE_KEYS = new Set(['path', 'sha256']);
const SIGNATURE_KEYS = new Set(['alg', 'key_id', 'sig', 'signed_digest']);

/** Exact key names only: Go would also fold `Run_ID` onto `run_id`, silently. */
function findUnknownManifestFields(raw: Record<string, unknown>): string[] {
  const unknown: string[] = [];
  const scan = (value: unknown, allowed: Set<string>, pointer: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) if (!allowed.has(key)) unknown.push(`${pointer}/${key}`);
  };
  scan(raw, MANIFEST_KEYS, '');
  const list = (key: string, allowed: Set<string>) => {
    const items = raw[key];
    if (Array.isArray(items)) items.forEach((item, i) => scan(item, allowed, `/${key}/${i}`));
  };
  list('files', FILE_KEYS);
  list('signatures', SIGNATURE_KEYS);
  return unknown;
}

/**
 * Base64 whose unused trailing bits are not zero decodes to the same bytes as the canonical
 * form, so a changed character could go unnoticed; signers only ever write the canonical form.
 */
function assertCanonicalBase64(sig: string): void {
  if (Buffer.from(sig, 'base64').toString('base64') !== sig) throw new Error('decode sig: non-canonical base64');
}
