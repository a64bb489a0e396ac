import { readFileSync } from 'node:fs';
import { GaitError } from '@gait/core-errors';
import { findCachedByDigest, parsePinDigest, resolveCacheDir, storeManifest } from './cache.js';
import { RegistryInstallError } from './errors.js';
import { type RemoteFetchOptions, checkRemoteSource, downloadManifest, isRemoteSource, readLocalManifest } from './fetch.js';
import { type RegistryManifest, manifestDigest, parseRegistryManifest } from './manifest.js';
import { verifyManifestSignatures } from './signatures.js';

export interface InstallOptions extends Omit<RemoteFetchOptions, 'allowHosts'> {
  /** A local path or an https URL. */
  readonly source: string;
  readonly cacheDir?: string;
  readonly home?: string;
  readonly allowHosts?: readonly string[];
  readonly publisherAllowlist?: readonly string[];
  /** `sha256:<hex>` (or bare hex): the manifest digest must equal it. */
  readonly pin?: string;
  readonly publicKey?: Uint8Array;
  readonly allowCachedFallback?: boolean;
}

export interface InstallResult {
  ok: true;
  source: string;
  pack_name: string;
  pack_version: string;
  digest: string;
  publisher?: string;
  pack_source?: string;
  metadata_path: string;
  pin_path: string;
  fallback_used?: boolean;
  fallback_path?: string;
}

export function checkPublisher(manifest: RegistryManifest, allowlist: readonly string[]): void {
  const allowed = allowlist.map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  if (allowed.length === 0) return;
  if (manifest.publisher === undefined) {
    throw new RegistryInstallError('publisher allowlist configured but manifest publisher is empty', { code: 'registry_publisher_missing' });
  }
  if (!allowed.includes(manifest.publisher)) {
    throw new RegistryInstallError(`manifest publisher ${manifest.publisher} is not in allowlist`, { code: 'registry_publisher_not_allowed' });
  }
}

async function fetchBytes(options: InstallOptions, cacheDir: string, pin: string | undefined): Promise<{ bytes: Uint8Array; fallbackPath?: string }> {
  if (!isRemoteSource(options.source)) return { bytes: await readLocalManifest(options.source) };
  const remote = { ...options, allowHosts: options.allowHosts ?? [] };
  // Scheme and host are policy, not transient failures: a refused host never falls back to the cache.
  checkRemoteSource(options.source, remote);
  try {
    return { bytes: await downloadManifest(options.source, remote) };
  } catch (error) {
    if (options.allowCachedFallback !== true) throw error;
    if (pin === undefined) throw new RegistryInstallError('cached fallback requires --pin sha256:<digest>', { code: 'registry_fallback_requires_pin' });
    const cached = findCachedByDigest(cacheDir, pin);
    if (cached === undefined) throw error;
    return { bytes: new Uint8Array(readFileSync(cached)), fallbackPath: cached };
  }
}

/**
 * `gait registry install`: fetch (local file, or https from an allowlisted host with bounded
 * retries and a 5 MiB cap; with a pin, fall back to the cached copy when the download fails),
 * then check the publisher allowlist, the pin and a signature, and only then write the cache
 * entry and the pin. Every failure is a RegistryInstallError (exit 2); nothing is written then.
 */
export async function installPack(options: InstallOptions): Promise<InstallResult> {
  const cacheDir = resolveCacheDir(options.cacheDir, options.home);
  const pin = options.pin === undefined || options.pin.trim() === '' ? undefined : parsePinDigest(options.pin);
  try {
    const { bytes, fallbackPath } = await fetchBytes(options, cacheDir, pin);
    const manifest = parseRegistryManifest(bytes);
    checkPublisher(manifest, options.publisherAllowlist ?? []);
    const digest = manifestDigest(manifest);
    if (pin !== undefined && pin !== digest) throw new RegistryInstallError('pin digest mismatch', { code: 'registry_pin_mismatch' });
    verifyManifestSignatures(manifest, options.publicKey);
    const stored = await storeManifest(cacheDir, manifest, digest);
    return {
      ok: true,
      source: options.source,
      pack_name: manifest.pack_name,
      pack_version: manifest.pack_version,
      digest,
      ...(manifest.publisher === undefined ? {} : { publisher: manifest.publisher }),
      ...(manifest.source === undefined ? {} : { pack_source: manifest.source }),
      metadata_path: stored.metadataPath,
      pin_path: stored.pinPath,
      ...(fallbackPath === undefined ? {} : { fallback_used: true, fallback_path: fallbackPath }),
    };
  } catch (error) {
    if (error instanceof RegistryInstallError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof GaitError ? error.code : 'registry_install_failed';
    throw new RegistryInstallError(message, { code, cause: error });
  }
}
