/** Key resolution for a gate: one signing key for its traces and the verify keys for tokens. */
import { existsSync } from 'node:fs';
import { InvalidInputError } from '@gait/core-errors';
import {
  type Ed25519KeyPair,
  decodePublicKey,
  devModeWarning,
  generateKeyPair,
  readPrivateKeyFile,
  readPublicKeyFile,
} from '@gait/core-sign';
import type { GateKeys, KeyMode } from './types.js';

export interface ResolvedKeys {
  keyMode: KeyMode;
  /** The trace signing key; undefined in dev mode until traces ask for an ephemeral one. */
  signing: Ed25519KeyPair | undefined;
  approvalPublicKey: Uint8Array | undefined;
  delegationPublicKey: Uint8Array | undefined;
  warnings: string[];
}

function keyPairOf(value: Ed25519KeyPair | string): Ed25519KeyPair {
  if (typeof value === 'string') return readPrivateKeyFile(value);
  if (value && value.privateKey instanceof Uint8Array && value.publicKey instanceof Uint8Array) return value;
  throw new InvalidInputError('keys.privateKey must be an Ed25519 key pair or a private key file path', { code: 'key_invalid', details: { field: 'keys.privateKey' } });
}

/** Raw bytes, a public key file path, or base64 text. */
function publicKeyOf(value: Uint8Array | string, field: string): Uint8Array {
  if (value instanceof Uint8Array) {
    if (value.length !== 32) throw new InvalidInputError(`${field} must be 32 raw Ed25519 public key bytes`, { code: 'key_invalid', details: { field } });
    return value;
  }
  return existsSync(value) ? readPublicKeyFile(value) : decodePublicKey(value);
}

export function resolveKeys(keys: GateKeys = {}, wantTraces: boolean | undefined): ResolvedKeys {
  const keyMode: KeyMode = keys.keyMode ?? (keys.privateKey ? 'prod' : 'dev');
  if (keyMode !== 'dev' && keyMode !== 'prod') {
    throw new InvalidInputError(`keys.keyMode must be dev or prod, got ${String(keyMode)}`, { code: 'key_mode_invalid' });
  }
  // As the CLI: dev mode refuses a real key so one is never mistaken for a throwaway.
  if (keyMode === 'dev' && keys.privateKey) {
    throw new InvalidInputError('dev key mode does not accept keys.privateKey; use keyMode "prod" (the default when a key is given)', { code: 'key_source_conflict' });
  }
  if (keyMode === 'prod' && !keys.privateKey) {
    throw new InvalidInputError('prod key mode requires keys.privateKey (a key pair or a private key file path)', { code: 'key_source_missing' });
  }
  const warnings: string[] = [];
  let signing = keys.privateKey ? keyPairOf(keys.privateKey) : undefined;
  if (!signing && wantTraces) {
    signing = generateKeyPair();
    warnings.push(devModeWarning);
  }
  const approvalPublicKey = keys.approvalPublicKey ? publicKeyOf(keys.approvalPublicKey, 'keys.approvalPublicKey') : undefined;
  const delegationPublicKey = keys.delegationPublicKey ? publicKeyOf(keys.delegationPublicKey, 'keys.delegationPublicKey') : undefined;
  return { keyMode, signing, approvalPublicKey, delegationPublicKey, warnings };
}
