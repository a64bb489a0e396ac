/**
 * At-rest encryption of an artifact: AES-256-GCM, 12-byte random nonce, no associated data, the
 * ciphertext field holding ciphertext ‖ 16-byte tag, all in the `gait.guard.encrypted_artifact`
 * envelope (canonical JSON). Decryption checks the tag, then the plaintext's sha256.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { InvalidInputError } from '@gait/core-errors';
import { goTimeNow } from '@gait/core-runpack';
import { canonicalJson, parseJsonStrict, sha256Hex } from '@gait/core-sign';

export const ENCRYPTED_ARTIFACT_SCHEMA_ID = 'gait.guard.encrypted_artifact';

export type KeySource = { mode: 'env'; ref: string } | { mode: 'command'; command: string };

export interface EncryptedArtifact {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  algorithm: string;
  key_source: KeySource;
  nonce: string;
  ciphertext: string;
  plain_sha256: string;
  plain_size: number;
}

export interface KeySourceOptions {
  /** Name of an environment variable holding the base64 key. */
  readonly keyEnv?: string | undefined;
  /** A command printing the base64 key on stdout (run without a shell). */
  readonly keyCommand?: string | undefined;
  readonly keyCommandArgs?: readonly string[] | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

export interface ResolvedKey {
  readonly key: Uint8Array;
  readonly source: KeySource;
}

const keyError = (message: string, code: string, cause?: unknown) => new InvalidInputError(message, { code, ...(cause === undefined ? {} : { cause }) });

/** Go's base64.StdEncoding: padded, no whitespace or URL alphabet. */
function decodeStdBase64(text: string): Uint8Array | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

function keyFromText(raw: string, where: string): Uint8Array {
  const key = decodeStdBase64(raw.trim());
  if (key === undefined) throw keyError(`decode key from ${where}: invalid base64`, 'encryption_key_invalid');
  if (key.length !== 32) throw keyError(`key from ${where} must be 32 bytes (got ${key.length})`, 'encryption_key_invalid');
  return key;
}

/** `--key-env` first, else `--key-command` (its stdout, trimmed). Neither is an error. */
export function resolveEncryptionKey(options: KeySourceOptions): ResolvedKey {
  const envName = options.keyEnv?.trim() ?? '';
  if (envName !== '') {
    const value = (options.env ?? process.env)[envName];
    if (value === undefined || value.trim() === '') throw keyError(`key env ${envName} is empty`, 'encryption_key_missing');
    return { key: keyFromText(value, `env ${envName}`), source: { mode: 'env', ref: envName } };
  }
  const command = options.keyCommand?.trim() ?? '';
  if (command !== '') {
    let stdout: string;
    try {
      stdout = execFileSync(command, [...(options.keyCommandArgs ?? [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    } catch (error) {
      throw keyError(`run key command ${command}: ${(error as Error).message}`, 'encryption_key_command_failed', error);
    }
    return { key: keyFromText(stdout, `command ${command}`), source: { mode: 'command', command } };
  }
  throw keyError('missing key source: provide --key-env or --key-command', 'encryption_key_source_missing');
}

export interface EncryptOptions {
  readonly producerVersion?: string;
  /** Test seam for a fixed nonce; never set it in production (a repeated nonce breaks GCM). */
  readonly nonce?: Uint8Array;
  readonly createdAt?: string;
}

export function encryptArtifact(plain: Uint8Array, key: ResolvedKey, options: EncryptOptions = {}): EncryptedArtifact {
  const nonce = options.nonce ?? randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return {
    schema_id: ENCRYPTED_ARTIFACT_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: options.createdAt ?? goTimeNow(),
    producer_version: options.producerVersion ?? '0.0.0-dev',
    algorithm: 'aes-256-gcm',
    key_source: key.source,
    nonce: Buffer.from(nonce).toString('base64'),
    ciphertext: sealed.toString('base64'),
    plain_sha256: sha256Hex(plain),
    plain_size: plain.length,
  };
}

/** The envelope as written to disk: canonical JSON, no newline. */
export function encodeEncryptedArtifact(artifact: EncryptedArtifact): string {
  return canonicalJson(artifact);
}

const envelopeFields = new Set(['schema_id', 'schema_version', 'created_at', 'producer_version', 'algorithm', 'key_source', 'nonce', 'ciphertext', 'plain_sha256', 'plain_size']);

/** Strict parse of an envelope: unknown fields refused, as the reference's decoder does. */
export function parseEncryptedArtifact(text: string): EncryptedArtifact {
  let value: unknown;
  try {
    value = parseJsonStrict(text);
  } catch (error) {
    throw new InvalidInputError(`parse encrypted artifact: ${(error as Error).message}`, { code: 'encrypted_artifact_invalid', cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError('parse encrypted artifact: expected a JSON object', { code: 'encrypted_artifact_invalid' });
  }
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !envelopeFields.has(k));
  if (unknown.length > 0) throw new InvalidInputError(`parse encrypted artifact: unknown field "${unknown[0]}"`, { code: 'encrypted_artifact_invalid' });
  if (o.schema_id !== ENCRYPTED_ARTIFACT_SCHEMA_ID) {
    throw new InvalidInputError(`unsupported encrypted artifact schema_id: ${String(o.schema_id)} (expected ${ENCRYPTED_ARTIFACT_SCHEMA_ID})`, { code: 'encrypted_artifact_invalid' });
  }
  for (const k of ['nonce', 'ciphertext'] as const) {
    if (typeof o[k] !== 'string' || o[k] === '') throw new InvalidInputError(`parse encrypted artifact: ${k} must be a non-empty base64 string`, { code: 'encrypted_artifact_invalid' });
  }
  return o as unknown as EncryptedArtifact;
}

/**
 * Decrypts with the caller's key (`key_source` in the file is informational, as in the
 * reference). A wrong key or an edited ciphertext fails the GCM tag: exit 6, the reference's code.
 */
export function decryptArtifact(artifact: EncryptedArtifact, key: Uint8Array): Uint8Array {
  const nonce = decodeStdBase64(artifact.nonce);
  const sealed = decodeStdBase64(artifact.ciphertext);
  if (nonce === undefined || nonce.length !== 12) throw new InvalidInputError('decrypt artifact: nonce must be 12 bytes of base64', { code: 'decrypt_failed' });
  if (sealed === undefined || sealed.length < 16) throw new InvalidInputError('decrypt artifact: ciphertext is not valid base64 or is too short', { code: 'decrypt_failed' });
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch (error) {
    throw new InvalidInputError('decrypt artifact: cipher: message authentication failed', { code: 'decrypt_failed', cause: error });
  }
  const digest = sha256Hex(plain);
  if (artifact.plain_sha256 && artifact.plain_sha256.toLowerCase() !== digest) {
    throw new InvalidInputError(`decrypt artifact: plaintext digest mismatch: expected=${artifact.plain_sha256} actual=${digest}`, { code: 'decrypt_digest_mismatch' });
  }
  return plain;
}

/** `<in>.gaitenc` → `<in>`; anything else → `<in>.plain`. */
export function defaultDecryptOutput(input: string): string {
  return input.endsWith('.gaitenc') ? input.slice(0, -'.gaitenc'.length) : `${input}.plain`;
}
