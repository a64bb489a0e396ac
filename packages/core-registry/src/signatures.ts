import { type Ed25519KeyPair, signDigestHex, verifyDigestHex } from '@gait/core-sign';
import { RegistryInstallError } from './errors.js';
import { type RegistryManifest, manifestDigest } from './manifest.js';

/**
 * At least one signature whose `signed_digest` equals the manifest digest (any case) must verify
 * with the key. Throws with the reference's messages; returns the digest on success.
 */
export function verifyManifestSignatures(manifest: RegistryManifest, publicKey: Uint8Array | undefined): string {
  const digest = manifestDigest(manifest);
  const signatures = manifest.signatures ?? [];
  if (signatures.length === 0) throw new RegistryInstallError('registry manifest has no signatures', { code: 'registry_unsigned' });
  if (publicKey === undefined) throw new RegistryInstallError('public key is required for signature verification', { code: 'registry_key_required' });
  for (const signature of signatures) {
    if ((signature.signed_digest ?? '').toLowerCase() !== digest) continue;
    try {
      verifyDigestHex(publicKey, { ...signature, signed_digest: digest }, digest);
      return digest;
    } catch {
      // Another signature may still verify.
    }
  }
  throw new RegistryInstallError('no valid signature for manifest digest', { code: 'registry_signature_invalid' });
}

/** Signs a manifest for publishing (replaces any signatures it had). */
export function signManifest(manifest: RegistryManifest, keyPair: Ed25519KeyPair): RegistryManifest {
  const { signatures: _old, ...unsigned } = manifest;
  return { ...unsigned, signatures: [signDigestHex(keyPair, manifestDigest(manifest))] };
}
