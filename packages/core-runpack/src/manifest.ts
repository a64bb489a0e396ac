import { canonicalJson, digestCanonical, sha256Hex } from '@gait/core-sign';
import { DATA_FILES, SCHEMA_VERSION, SchemaIds, type ManifestFile, type ManifestRecord, type RunRecord } from './records.js';

/**
 * `manifest_digest`: the canonical digest of the manifest as Go marshals it with
 * `manifest_digest` present but empty and no `signatures`. Unknown fields are not covered
 * (the struct drops them), which is why verification also checks the raw manifest.
 */
export function computeManifestDigest(manifest: Omit<ManifestRecord, 'manifest_digest' | 'signatures'> & { manifest_digest?: string }): string {
  return digestCanonical({
    schema_id: manifest.schema_id,
    schema_version: manifest.schema_version,
    created_at: manifest.created_at,
    producer_version: manifest.producer_version,
    run_id: manifest.run_id,
    capture_mode: manifest.capture_mode,
    files: manifest.files.map((file) => ({ path: file.path, sha256: file.sha256 })),
    manifest_digest: '',
  });
}

/**
 * What a runpack signature covers: the raw manifest object without `signatures` (so any unknown
 * key is covered too), canonicalized. For a manifest we wrote this equals sha256(unsigned
 * manifest.json).
 */
export function computeSignableDigest(rawManifest: Record<string, unknown>): string {
  const { signatures: _ignored, ...signable } = rawManifest;
  return digestCanonical(signable);
}

export function buildManifest(run: RunRecord, captureMode: string, dataFiles: ReadonlyMap<string, Uint8Array>): ManifestRecord {
  const files: ManifestFile[] = DATA_FILES.map((path) => ({ path, sha256: sha256Hex(dataFiles.get(path) ?? new Uint8Array()) }));
  const unsigned = {
    schema_id: SchemaIds.manifest,
    schema_version: SCHEMA_VERSION,
    created_at: run.created_at,
    producer_version: run.producer_version,
    run_id: run.run_id,
    capture_mode: captureMode,
    files,
  };
  return { ...unsigned, manifest_digest: computeManifestDigest(unsigned) };
}

/** Canonical bytes of one JSON record (no trailing newline). */
export function encodeJson(record: unknown): Uint8Array {
  return Buffer.from(canonicalJson(record), 'utf8');
}

/** JSONL: one canonical record per line, each ending in `\n`; zero records give zero bytes. */
export function encodeJsonl(records: readonly unknown[]): Uint8Array {
  return Buffer.from(records.map((record) => `${canonicalJson(record)}\n`).join(''), 'utf8');
}
