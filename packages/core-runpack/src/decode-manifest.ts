import { InvalidInputError } from '@gait/core-errors';
import type { Signature } from '@gait/core-sign';
import { GO_ZERO_TIME } from './go-time.js';
import { LenientObject } from './lenient.js';
import { SCHEMA_VERSION, SchemaIds, definedOnly, nonEmptyString, type ManifestRecord } from './records.js';

/** Decodes a manifest and checks its identity fields (schema id, version, run id). */
export function decodeManifest(value: unknown): ManifestRecord {
  const o = LenientObject.from(value, 'manifest');
  const schemaId = o.string('schema_id');
  if (schemaId !== SchemaIds.manifest) {
    throw new InvalidInputError(`manifest.schema_id: expected ${SchemaIds.manifest}, got ${JSON.stringify(schemaId)}`, { code: 'invalid_manifest' });
  }
  const version = o.string('schema_version');
  if (version !== SCHEMA_VERSION) {
    throw new InvalidInputError(`manifest.schema_version: expected ${SCHEMA_VERSION}, got ${JSON.stringify(version)}`, { code: 'invalid_manifest' });
  }
  const runId = o.string('run_id');
  if (runId === '') throw new InvalidInputError('manifest.run_id: required', { code: 'invalid_manifest' });
  const signatures = o.array('signatures');
  return definedOnly({
    schema_id: schemaId,
    schema_version: version,
    created_at: o.time('created_at') ?? GO_ZERO_TIME,
    producer_version: o.string('producer_version'),
    run_id: runId,
    capture_mode: o.string('capture_mode'),
    files: (o.array('files') ?? []).map((file, i) => {
      const f = LenientObject.from(file, `manifest.files[${i}]`);
      return { path: f.string('path'), sha256: f.string('sha256') };
    }),
    manifest_digest: o.string('manifest_digest'),
    signatures: signatures && signatures.length > 0 ? signatures.map((s, i) => decodeSignature(s, `manifest.signatures[${i}]`)) : undefined,
  });
}

export function decodeSignature(value: unknown, where: string): Signature {
  const o = LenientObject.from(value, where);
  return definedOnly({
    alg: o.string('alg'),
    key_id: o.string('key_id'),
    sig: o.string('sig'),
    signed_digest: nonEmptyString(o.string('signed_digest')),
  });
}
