import { type Signature, SignatureError, verifyDigestHex } from '@gait/core-sign';
import { compareBytes } from './go-strings.js';

export type SignatureStatus = 'verified' | 'failed' | 'missing' | 'skipped';

export interface SignatureCheck {
  status: SignatureStatus;
  /** Byte-sorted messages, the reference's wording. */
  errors: string[];
  total: number;
  valid: number;
  /** Whether the signatures pass: `verified` when one is required, else anything but `failed`. */
  ok: boolean;
}

export interface SignatureCheckOptions {
  /** Raw 32-byte Ed25519 key; without it signed artifacts report `skipped`. */
  readonly publicKey?: Uint8Array | undefined;
  readonly requireSignature?: boolean | undefined;
  /** The reference's message when a signature is required and there is none. */
  readonly noSignaturesMessage: string;
  /**
   * PackSpec adds `signature verification failed` once when no signature holds; the guard
   * verifier reports only each signature's own problem.
   */
  readonly summarizeFailure: boolean;
}

/**
 * Checks an artifact's signature list against the digest recomputed from its signable payload
 * (artifacts.md §2.4): `missing` with none, `skipped` without a key, else `verified` when at least
 * one holds and `failed` when none does.
 */
export function checkSignatures(signatures: readonly Signature[] | undefined, digestHex: string, options: SignatureCheckOptions): SignatureCheck {
  const list = signatures ?? [];
  if (list.length === 0) {
    return { status: 'missing', errors: options.requireSignature ? [options.noSignaturesMessage] : [], total: 0, valid: 0, ok: !options.requireSignature };
  }
  if (options.publicKey === undefined) {
    return { status: 'skipped', errors: ['public key not configured'], total: list.length, valid: 0, ok: !options.requireSignature };
  }
  const errors = new Set<string>();
  let valid = 0;
  for (const signature of list) {
    try {
      verifyDigestHex(options.publicKey, signature, digestHex);
      valid++;
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      errors.add(error.message);
    }
  }
  if (valid === 0 && options.summarizeFailure) errors.add('signature verification failed');
  return { status: valid > 0 ? 'verified' : 'failed', errors: [...errors].sort(compareBytes), total: list.length, valid, ok: valid > 0 };
}
