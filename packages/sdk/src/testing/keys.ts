/** Deterministic keys for tests: the same seed gives the same key pair and key id on every run. */
import { createHash } from 'node:crypto';
import { type Ed25519KeyPair, keyPairFromSeed } from '@gait/core-sign';

/** An Ed25519 key pair derived from `label` (never use it outside tests). */
export function testKeyPair(label = 'gait-sdk-test'): Ed25519KeyPair {
  return keyPairFromSeed(createHash('sha256').update(`gait-sdk-test-key:${label}`).digest());
}
