import { InvalidInputError, VerificationError } from '@gait/core-errors';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

// Other packages code against these names (the agreed public API); renaming one must fail here.
const agreedFunctions = [
  'canonicalJson',
  'canonicalJsonBytes',
  'parseJsonStrict',
  'canonicalizeJsonText',
  'sha256Hex',
  'digestCanonical',
  'generateKeyPair',
  'keyPairFromSeed',
  'keyId',
  'encodePrivateKey',
  'encodePublicKey',
  'decodePrivateKey',
  'decodePublicKey',
  'readPrivateKeyFile',
  'readPublicKeyFile',
  'writeKeyPairFiles',
  'loadSigningKey',
  'loadVerifyKey',
  'signDigestHex',
  'signCanonical',
  'verifyDigestHex',
  'verifyCanonical',
  'signBytes',
  'verifyBytes',
  'ed25519Backend',
] as const;

describe('public API', () => {
  it.each(agreedFunctions)('exports %s', (name) => {
    expect(typeof api[name]).toBe('function');
  });

  it('exports the error classes in the core-errors hierarchy', () => {
    expect(new api.SignatureError('x')).toBeInstanceOf(VerificationError);
    expect(new api.KeyError('x')).toBeInstanceOf(InvalidInputError);
    expect(new api.SignatureError('x', { code: 'key_id_mismatch' })).toMatchObject({ code: 'key_id_mismatch', exitCode: 2 });
    expect(new api.KeyError('x').exitCode).toBe(6);
  });

  it('does not export internals such as the backend test hook', () => {
    expect(Object.keys(api)).not.toContain('setEd25519BackendForTesting');
  });
});
