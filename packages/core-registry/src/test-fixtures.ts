import { generateKeyPair, type Ed25519KeyPair } from '@gait/core-sign';
import { parseRegistryManifest, type RegistryManifest } from './manifest.js';
import { signManifest } from './signatures.js';

/** A signed manifest and its key (test helper). */
export function signedPack(overrides: Record<string, unknown> = {}, keyPair: Ed25519KeyPair = generateKeyPair()): { manifest: RegistryManifest; text: string; keyPair: Ed25519KeyPair } {
  const manifest = signManifest(
    parseRegistryManifest(
      JSON.stringify({
        schema_id: 'gait.registry.pack',
        schema_version: '1.0.0',
        created_at: '2026-02-05T00:00:00Z',
        producer_version: '0.1.0',
        pack_name: 'baseline-highrisk',
        pack_version: '1.2.3',
        pack_type: 'policy',
        publisher: 'Acme',
        source: 'registry',
        artifacts: [{ path: 'policy.yaml', sha256: '2'.repeat(64), media_type: 'application/yaml' }],
        ...overrides,
      }),
    ),
    keyPair,
  );
  return { manifest, text: JSON.stringify(manifest), keyPair };
}
