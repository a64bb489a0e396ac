import { readFileSync } from 'node:fs';
import { InvalidInputError } from '@gait/core-errors';
import { REGISTRY_VERIFICATION_REPORT_ID, type RegistryVerificationReport } from '@gait/core-schema';
import { type InstalledPack, inferCacheRoot, readPinState } from './cache.js';
import { checkPublisher } from './install.js';
import { manifestDigest, parseRegistryManifest } from './manifest.js';
import { verifyManifestSignatures } from './signatures.js';

export interface VerifyPackOptions {
  /** Where pins live; default: the cache root implied by the manifest's path, if any. */
  readonly cacheDir?: string;
  readonly publisherAllowlist?: readonly string[];
  readonly publicKey?: Uint8Array;
}

export interface VerifyPackResult extends InstalledPack {
  ok: boolean;
  pin_present: boolean;
  signature_verified: boolean;
  signature_error?: string;
  publisher?: string;
  pack_source?: string;
  publisher_allowed: boolean;
  /** Whether an allowlist was given (a pack without one is not judged on its publisher). */
  publisher_checked: boolean;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * `gait registry verify`: recomputes the digest of a cached manifest, checks its signature, the
 * publisher allowlist and the pack's pin. A manifest that cannot be read is invalid input (6); a
 * manifest that reads but fails a check gives `ok: false` (exit 2 in the CLI).
 */
export function verifyInstalledPack(path: string, options: VerifyPackOptions = {}): VerifyPackResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InvalidInputError(`read registry manifest: ${errorText(error)}`, { code: 'registry_manifest_unreadable' });
  }
  const manifest = parseRegistryManifest(bytes);
  const digest = manifestDigest(manifest);
  let signatureError = '';
  let signatureVerified = false;
  try {
    verifyManifestSignatures(manifest, options.publicKey);
    signatureVerified = true;
  } catch (error) {
    signatureError = errorText(error);
  }
  const allowlist = (options.publisherAllowlist ?? []).filter((p) => p.trim() !== '');
  let publisherAllowed = false;
  try {
    checkPublisher(manifest, allowlist);
    publisherAllowed = true;
  } catch (error) {
    // The reference reports a refused publisher in signature_error when the signature itself passed.
    if (signatureError === '') signatureError = errorText(error);
  }
  const given = (options.cacheDir ?? '').trim();
  const cacheRoot = given !== '' ? given : inferCacheRoot(path, manifest, digest);
  const pin = cacheRoot === undefined ? undefined : readPinState(cacheRoot, manifest.pack_name, digest);
  const ok = signatureVerified && (pin?.present !== true || pin.verified) && (allowlist.length === 0 || publisherAllowed);
  return {
    ok,
    pack_name: manifest.pack_name,
    pack_version: manifest.pack_version,
    digest,
    metadata_path: path,
    ...(pin === undefined ? {} : { pin_path: pin.path }),
    ...(pin?.digest === undefined ? {} : { pin_digest: pin.digest }),
    pin_present: pin?.present === true,
    pin_verified: pin?.verified === true,
    signature_verified: signatureVerified,
    ...(signatureError === '' ? {} : { signature_error: signatureError }),
    ...(manifest.publisher === undefined ? {} : { publisher: manifest.publisher }),
    ...(manifest.source === undefined ? {} : { pack_source: manifest.source }),
    publisher_allowed: publisherAllowed,
    publisher_checked: allowlist.length > 0,
  };
}

/** The `gait.registry.verification_report` written by `--report-out`. */
export function verificationReport(result: VerifyPackResult, options: { createdAt: string; producerVersion: string }): RegistryVerificationReport {
  const failures: string[] = [];
  if (!result.signature_verified) failures.push(`signature: ${result.signature_error ?? 'not verified'}`);
  if (result.pin_present && !result.pin_verified) failures.push(`pin mismatch for ${result.pack_name}`);
  if (result.publisher_checked && !result.publisher_allowed) failures.push(`publisher ${result.publisher ?? '(empty)'} is not in allowlist`);
  return {
    schema_id: REGISTRY_VERIFICATION_REPORT_ID,
    schema_version: '1.0.0',
    created_at: options.createdAt,
    producer_version: options.producerVersion,
    pack_name: result.pack_name,
    pack_version: result.pack_version,
    digest: result.digest,
    metadata_path: result.metadata_path,
    ...(result.pin_path === undefined ? {} : { pin_path: result.pin_path }),
    ...(result.pin_digest === undefined ? {} : { pin_digest: result.pin_digest }),
    pin_present: result.pin_present,
    pin_verified: result.pin_verified,
    signature_verified: result.signature_verified,
    ...(result.publisher === undefined ? {} : { publisher: result.publisher }),
    ...(result.pack_source === undefined ? {} : { source: result.pack_source }),
    publisher_allowed: result.publisher_allowed,
    status: result.ok ? 'pass' : 'fail',
    failure_reasons: failures,
  };
}
