/** Which Ed25519 implementation signs and verifies. */
export type Ed25519Backend = 'node-crypto' | 'tweetnacl';

/**
 * The raw primitives a backend provides. Keys are the reference's raw forms: a 32-byte seed, a
 * 32-byte public key, 64-byte signatures. Inputs are already length-checked by the callers.
 */
export interface Ed25519Primitives {
  readonly name: Ed25519Backend;
  publicKeyFromSeed(seed: Uint8Array): Uint8Array;
  /** `privateKey` is the 64-byte seed ‖ public form. */
  sign(privateKey: Uint8Array, message: Uint8Array): Uint8Array;
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}
