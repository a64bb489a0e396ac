import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digestCanonical } from '@gait/core-sign';
import { announceSkip, conformanceDir, hasConformance } from '../../../test-support/conformance.js';
import { manifestDigest, parseRegistryManifest } from './manifest.js';
import { verifyManifestSignatures } from './signatures.js';
import { signedPack } from './test-fixtures.js';

announceSkip('registry manifest samples of the reference', hasConformance, conformanceDir);

const base = { schema_id: 'gait.registry.pack', schema_version: '1.0.0', pack_name: 'p', pack_version: '1', artifacts: [] };

describe('parseRegistryManifest', () => {
  it('lower-cases pack_type, publisher and source and drops unknown fields', () => {
    const manifest = parseRegistryManifest(JSON.stringify({ ...base, pack_type: ' Skill ', publisher: 'ACME', source: 'Hub', extra: 1 }));
    expect(manifest).toMatchObject({ pack_type: 'skill', publisher: 'acme', source: 'hub' });
    expect(manifest).not.toHaveProperty('extra');
  });

  it('rejects wrong schema, missing name or version, a skill without publisher, and path-like names', () => {
    expect(() => parseRegistryManifest(JSON.stringify({ ...base, schema_id: 'x' }))).toThrow(/unsupported registry manifest schema_id: x/);
    expect(() => parseRegistryManifest(JSON.stringify({ ...base, pack_version: ' ' }))).toThrow(/pack_version is required/);
    expect(() => parseRegistryManifest(JSON.stringify({ ...base, pack_type: 'skill', source: 's' }))).toThrow(/requires publisher and source/);
    expect(() => parseRegistryManifest(JSON.stringify({ ...base, pack_name: '../evil' }))).toThrow(/path separators/);
    expect(() => parseRegistryManifest('{')).toThrow(/parse registry manifest/);
  });

  it('digests the normalized manifest without signatures', () => {
    const { manifest } = signedPack();
    const { signatures: _s, ...unsigned } = manifest;
    expect(manifestDigest(manifest)).toBe(digestCanonical(unsigned));
    expect(manifest.signatures?.[0]?.signed_digest).toBe(manifestDigest(manifest));
    // Re-ordered or re-cased input that normalizes the same has the same digest.
    const shuffled = parseRegistryManifest(JSON.stringify({ ...JSON.parse(canonicalJson(manifest)), publisher: 'ACME' }));
    expect(manifestDigest(shuffled)).toBe(manifestDigest(manifest));
  });

  it.runIf(hasConformance)('reads the reference sample and refuses its placeholder signature', () => {
    const text = readFileSync(join(conformanceDir, 'core/schema/testdata/registry_pack_valid.json'), 'utf8');
    const manifest = parseRegistryManifest(text);
    expect(manifest).toMatchObject({ pack_name: 'baseline-highrisk', pack_type: 'skill', publisher: 'acme' });
    expect(() => verifyManifestSignatures(manifest, new Uint8Array(32))).toThrow('no valid signature for manifest digest');
  });
});

describe('verifyManifestSignatures', () => {
  it('accepts a signature over the digest and refuses a tampered manifest or another key', () => {
    const { manifest, keyPair } = signedPack();
    expect(verifyManifestSignatures(manifest, keyPair.publicKey)).toBe(manifestDigest(manifest));
    expect(() => verifyManifestSignatures({ ...manifest, pack_version: '9.9.9' }, keyPair.publicKey)).toThrow('no valid signature for manifest digest');
    expect(() => verifyManifestSignatures(manifest, signedPack().keyPair.publicKey)).toThrow('no valid signature for manifest digest');
    expect(() => verifyManifestSignatures(manifest, undefined)).toThrow('public key is required for signature verification');
    const { signatures: _s, ...unsigned } = manifest;
    expect(() => verifyManifestSignatures(unsigned, keyPair.publicKey)).toThrow('registry manifest has no signatures');
  });

  it('matches signed_digest in any case', () => {
    const { manifest, keyPair } = signedPack();
    const upper = { ...manifest, signatures: manifest.signatures!.map((s) => ({ ...s, signed_digest: s.signed_digest!.toUpperCase() })) };
    expect(verifyManifestSignatures(upper, keyPair.publicKey)).toBe(manifestDigest(manifest));
  });
});
