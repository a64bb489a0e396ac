import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '@gait/core-fsx';
import { canonicalJson } from '@gait/core-sign';
import { type RegistryManifest, manifestDigest, parseRegistryManifest } from './manifest.js';

export const METADATA_FILE = 'registry_pack.json';
export const PINS_DIR = 'pins';

/** `~/.gait/registry` unless a cache folder is given. */
export function resolveCacheDir(cacheDir: string | undefined, home: string = homedir()): string {
  const given = (cacheDir ?? '').trim();
  return given === '' ? join(home, '.gait', 'registry') : given;
}

export function metadataPath(cacheDir: string, manifest: RegistryManifest, digest: string): string {
  return join(cacheDir, manifest.pack_name, manifest.pack_version, digest, METADATA_FILE);
}

export function pinPath(cacheDir: string, packName: string): string {
  return join(cacheDir, PINS_DIR, `${packName}.pin`);
}

/** `sha256:<hex>` → lowercase hex; the prefix is optional and matched in any case. */
export function parsePinDigest(text: string): string {
  const trimmed = text.trim();
  return (trimmed.toLowerCase().startsWith('sha256:') ? trimmed.slice(7) : trimmed).toLowerCase();
}

export function formatPin(digest: string): string {
  return `sha256:${digest}\n`;
}

async function writePrivate(path: string, data: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
  await writeFileAtomic(path, data, { mode: 0o600 });
}

/** Stores the canonical manifest bytes and replaces the pack's pin (one pin per pack name). */
export async function storeManifest(cacheDir: string, manifest: RegistryManifest, digest: string): Promise<{ metadataPath: string; pinPath: string }> {
  const meta = metadataPath(cacheDir, manifest, digest);
  const pin = pinPath(cacheDir, manifest.pack_name);
  await writePrivate(meta, canonicalJson(manifest));
  await writePrivate(pin, formatPin(digest));
  return { metadataPath: meta, pinPath: pin };
}

function listDirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** The first (sorted) cached manifest with this digest, for offline fallback. */
export function findCachedByDigest(cacheDir: string, digest: string): string | undefined {
  const hits: string[] = [];
  for (const name of listDirs(cacheDir)) {
    if (name === PINS_DIR) continue;
    for (const version of listDirs(join(cacheDir, name))) {
      const candidate = join(cacheDir, name, version, digest, METADATA_FILE);
      if (isFile(candidate)) hits.push(candidate);
    }
  }
  return hits.sort()[0];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function readPin(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A cached manifest and what its pack's pin says about it. */
export interface InstalledPack {
  pack_name: string;
  pack_version: string;
  digest: string;
  metadata_path: string;
  pin_path?: string;
  pin_digest?: string;
  pin_verified: boolean;
}

export interface PinState {
  path: string;
  /** `sha256:<hex>` as read, lower-cased; absent when there is no pin file. */
  digest?: string;
  present: boolean;
  verified: boolean;
}

/** Reads `<cache>/pins/<name>.pin` and compares it with `digest`. */
export function readPinState(cacheDir: string, packName: string, digest: string): PinState {
  const path = pinPath(cacheDir, packName);
  const text = readPin(path);
  if (text === undefined) return { path, present: false, verified: false };
  const pinned = parsePinDigest(text);
  return { path, digest: `sha256:${pinned}`, present: true, verified: pinned === digest };
}

/**
 * Every cached manifest, its recomputed digest and its pack's pin. Entries that cannot be read or
 * parsed are skipped; a missing cache is an empty list.
 */
export function listInstalled(cacheDir: string): InstalledPack[] {
  const out: InstalledPack[] = [];
  for (const name of listDirs(cacheDir)) {
    if (name === PINS_DIR) continue;
    for (const version of listDirs(join(cacheDir, name))) {
      for (const digestDir of listDirs(join(cacheDir, name, version))) {
        const path = join(cacheDir, name, version, digestDir, METADATA_FILE);
        let manifest: RegistryManifest;
        try {
          manifest = parseRegistryManifest(readFileSync(path));
        } catch {
          continue;
        }
        const digest = manifestDigest(manifest);
        const pin = readPinState(cacheDir, manifest.pack_name, digest);
        out.push({
          pack_name: manifest.pack_name,
          pack_version: manifest.pack_version,
          digest,
          metadata_path: path,
          ...(pin.present ? { pin_path: pin.path, pin_digest: pin.digest } : {}),
          pin_verified: pin.verified,
        });
      }
    }
  }
  return out.sort((a, b) => cmp(a.pack_name, b.pack_name) || cmp(a.pack_version, b.pack_version) || cmp(a.digest, b.digest));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The cache root implied by `<root>/<name>/<version>/<digest>/registry_pack.json`, if the path has that shape. */
export function inferCacheRoot(path: string, manifest: RegistryManifest, digest: string): string | undefined {
  const digestDir = dirname(path);
  const versionDir = dirname(digestDir);
  const nameDir = dirname(versionDir);
  if (basename(path) !== METADATA_FILE || basename(digestDir).toLowerCase() !== digest) return undefined;
  if (basename(versionDir) !== manifest.pack_version || basename(nameDir) !== manifest.pack_name) return undefined;
  return dirname(nameDir);
}
