export { canonicalJson, canonicalJsonBytes, canonicalizeJsonText } from './canonical-json.js';
export { parseJsonStrict } from './parse-json-strict.js';
export { sha256Hex, digestCanonical } from './digest.js';
export { SignatureError, KeyError } from './errors.js';
export {
  type Ed25519KeyPair,
  generateKeyPair,
  keyPairFromSeed,
  keyId,
  encodePrivateKey,
  encodePublicKey,
  decodePrivateKey,
  decodePublicKey,
} from './keys.js';
export { readPrivateKeyFile, readPublicKeyFile, writeKeyPairFiles, type WriteKeyPairOptions } from './key-files.js';
export { type KeyMode, type KeySourceOptions, devModeWarning, loadSigningKey, loadVerifyKey } from './key-sources.js';
export {
  type Signature,
  signatureAlgorithm,
  signDigestHex,
  signCanonical,
  verifyDigestHex,
  verifyCanonical,
  signBytes,
  verifyBytes,
} from './signature.js';
export { type Ed25519Backend } from './ed25519/types.js';
export { ed25519Backend } from './ed25519/backend.js';
