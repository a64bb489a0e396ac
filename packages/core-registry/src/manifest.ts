import { REGISTRY_PACK_ID } from '@gait/core-schema';
import { normalizeGoTime, GO_ZERO_TIME } from '@gait/core-runpack';
import { digestCanonical, type Signature } from '@gait/core-sign';
import { RegistryManifestError } from './errors.js';

export interface RegistryArtifact {
  path: string;
  sha256: string;
  media_type?: string;
}

/** A parsed `gait.registry.pack` manifest, holding exactly the fields of the reference's struct. */
export interface RegistryManifest {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  pack_name: string;
  pack_version: string;
  pack_type?: string;
  publisher?: string;
  source?: string;
  risk_class?: string;
  use_case?: string;
  compatibility?: string[];
  provenance?: Record<string, unknown>;
  /** `null` when absent, as Go marshals a nil slice without omitempty. */
  artifacts: RegistryArtifact[] | null;
  signatures?: Signature[];
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

function text(raw: Obj, key: string): string {
  const value = raw[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new RegistryManifestError(`registry manifest field ${key} must be a string`, { code: 'registry_manifest_invalid', details: { field: key } });
  return value;
}

/** Sets `key` only when non-empty: Go's omitempty. */
function optional<T>(value: T | undefined, empty: (v: T) => boolean): T | undefined {
  return value === undefined || empty(value) ? undefined : value;
}

/**
 * Path segments in the cache come from the manifest, so a name like `../x` must never reach the
 * file system. The reference does not check this; refusing it is our hardening.
 */
function assertSafeSegment(field: string, value: string): void {
  if (value === '.' || value === '..' || /[/\\\0]/.test(value)) {
    throw new RegistryManifestError(`registry manifest ${field} must not contain path separators or be . or ..: ${JSON.stringify(value)}`, {
      code: 'registry_manifest_invalid',
      details: { field },
    });
  }
}

function parseArtifacts(value: unknown): RegistryArtifact[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new RegistryManifestError('registry manifest artifacts must be an array', { code: 'registry_manifest_invalid' });
  return value.map((entry, i) => {
    if (!isObj(entry)) throw new RegistryManifestError(`registry manifest artifacts[${i}] must be an object`, { code: 'registry_manifest_invalid' });
    const mediaType = text(entry, 'media_type');
    return { path: text(entry, 'path'), sha256: text(entry, 'sha256'), ...(mediaType === '' ? {} : { media_type: mediaType }) };
  });
}

function parseSignatures(value: unknown): Signature[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new RegistryManifestError('registry manifest signatures must be an array', { code: 'registry_manifest_invalid' });
  const signatures = value.map((entry, i) => {
    if (!isObj(entry)) throw new RegistryManifestError(`registry manifest signatures[${i}] must be an object`, { code: 'registry_manifest_invalid' });
    const signedDigest = text(entry, 'signed_digest');
    return { alg: text(entry, 'alg'), key_id: text(entry, 'key_id'), sig: text(entry, 'sig'), ...(signedDigest === '' ? {} : { signed_digest: signedDigest }) };
  });
  return signatures.length === 0 ? undefined : signatures;
}

/**
 * Parses and normalizes a manifest: exact schema id and version, required name and version,
 * `pack_type`/`publisher`/`source` trimmed and lower-cased, a `skill` pack must name its publisher
 * and source. Unknown fields are dropped (the reference decodes into a struct), so they are not
 * covered by the digest.
 */
export function parseRegistryManifest(input: string | Uint8Array): RegistryManifest {
  const body = typeof input === 'string' ? input : new TextDecoder().decode(input);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    throw new RegistryManifestError(`parse registry manifest: ${error instanceof Error ? error.message : String(error)}`, { code: 'registry_manifest_invalid' });
  }
  if (!isObj(raw)) throw new RegistryManifestError('registry manifest must be a JSON object', { code: 'registry_manifest_invalid' });
  const schemaId = text(raw, 'schema_id');
  if (schemaId !== REGISTRY_PACK_ID) throw new RegistryManifestError(`unsupported registry manifest schema_id: ${schemaId}`, { code: 'registry_manifest_invalid' });
  const schemaVersion = text(raw, 'schema_version');
  if (schemaVersion !== '1.0.0') throw new RegistryManifestError(`unsupported registry manifest schema_version: ${schemaVersion}`, { code: 'registry_manifest_invalid' });
  const packName = text(raw, 'pack_name').trim();
  const packVersion = text(raw, 'pack_version').trim();
  if (packName === '') throw new RegistryManifestError('registry manifest pack_name is required', { code: 'registry_manifest_invalid' });
  if (packVersion === '') throw new RegistryManifestError('registry manifest pack_version is required', { code: 'registry_manifest_invalid' });
  assertSafeSegment('pack_name', packName);
  assertSafeSegment('pack_version', packVersion);
  const lowered = (key: string) => text(raw as Obj, key).trim().toLowerCase();
  const packType = lowered('pack_type');
  const publisher = lowered('publisher');
  const source = lowered('source');
  if (packType === 'skill' && (publisher === '' || source === '')) {
    throw new RegistryManifestError('skill registry manifest requires publisher and source', { code: 'registry_manifest_invalid' });
  }
  const createdAtRaw = text(raw, 'created_at');
  let createdAt = GO_ZERO_TIME;
  if (createdAtRaw !== '') {
    try {
      createdAt = normalizeGoTime(createdAtRaw, { field: 'created_at' });
    } catch {
      throw new RegistryManifestError(`registry manifest created_at must be RFC 3339: ${createdAtRaw}`, { code: 'registry_manifest_invalid' });
    }
  }
  const compatibility = raw.compatibility;
  if (compatibility !== undefined && compatibility !== null && !(Array.isArray(compatibility) && compatibility.every((c) => typeof c === 'string'))) {
    throw new RegistryManifestError('registry manifest compatibility must be an array of strings', { code: 'registry_manifest_invalid' });
  }
  const provenance = raw.provenance;
  if (provenance !== undefined && provenance !== null && !isObj(provenance)) {
    throw new RegistryManifestError('registry manifest provenance must be an object', { code: 'registry_manifest_invalid' });
  }
  const manifest: RegistryManifest = {
    schema_id: schemaId,
    schema_version: schemaVersion,
    created_at: createdAt,
    producer_version: text(raw, 'producer_version'),
    pack_name: packName,
    pack_version: packVersion,
    pack_type: optional(packType, (v) => v === ''),
    publisher: optional(publisher, (v) => v === ''),
    source: optional(source, (v) => v === ''),
    risk_class: optional(text(raw, 'risk_class'), (v) => v === ''),
    use_case: optional(text(raw, 'use_case'), (v) => v === ''),
    compatibility: optional((compatibility ?? undefined) as string[] | undefined, (v) => v.length === 0),
    provenance: optional((provenance ?? undefined) as Obj | undefined, (v) => Object.keys(v).length === 0),
    artifacts: parseArtifacts(raw.artifacts),
    signatures: parseSignatures(raw.signatures),
  };
  return JSON.parse(JSON.stringify(manifest)) as RegistryManifest;
}

/** What is signed: the normalized manifest without `signatures`. */
export function manifestSignable(manifest: RegistryManifest): Omit<RegistryManifest, 'signatures'> {
  const { signatures: _signatures, ...signable } = manifest;
  return signable;
}

/** The manifest digest: JCS SHA-256 of the signable manifest, lowercase hex. */
export function manifestDigest(manifest: RegistryManifest): string {
  return digestCanonical(manifestSignable(manifest));
}
