import { timingSafeEqual } from 'node:crypto';
import { KeyError } from './errors.js';
import { goTrimSpace } from './go-trim.js';
import { readPrivateKeyFile, readPublicKeyFile } from './key-files.js';
import { type Ed25519KeyPair, decodePrivateKey, decodePublicKey, generateKeyPair } from './keys.js';

export type KeyMode = 'dev' | 'prod';

/** Where keys come from: a file path or the name of an environment variable holding the base64. */
export interface KeySourceOptions {
  /** Defaults to `prod`, the reference library's default (its CLI commands mostly default to dev). */
  keyMode?: KeyMode;
  privateKeyPath?: string;
  privateKeyEnv?: string;
  publicKeyPath?: string;
  publicKeyEnv?: string;
  /** Environment to read `*Env` names from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export const devModeWarning = 'dev mode: ephemeral keypair generated; signatures will not verify across machines';

/**
 * The reference's `LoadSigningKey`. `dev` makes a throwaway key pair (and says so in a warning)
 * and refuses explicit key sources, so a real key is never mistaken for a dev one; `prod` requires
 * exactly one private source, and a public source given alongside must match it.
 */
export function loadSigningKey(options: KeySourceOptions): { keyPair: Ed25519KeyPair; warnings: string[] } {
  const mode = keyModeOf(options.keyMode);
  const sources = sourcesOf(options);
  if (mode === 'dev') {
    if (sources.privatePath || sources.privateEnv || sources.publicPath || sources.publicEnv) {
      throw new KeyError('dev mode does not accept explicit key sources', { code: 'key_source_conflict' });
    }
    return { keyPair: generateKeyPair(), warnings: [devModeWarning] };
  }
  const keyPair = loadPrivateSource(sources, options.env ?? process.env);
  if (keyPair === undefined) {
    throw new KeyError('prod mode requires a private key source', { code: 'key_source_missing' });
  }
  const publicKey = loadPublicSource(sources, options.env ?? process.env);
  if (publicKey !== undefined && !timingSafeEqual(publicKey, keyPair.publicKey)) {
    throw new KeyError('public key does not match private key', { code: 'key_pair_mismatch' });
  }
  return { keyPair, warnings: [] };
}

/**
 * The reference's `LoadVerifyKey`: a public source if given, else the public half of a private
 * source, else undefined (callers then report `public key not configured` or skip, as they need).
 */
export function loadVerifyKey(options: KeySourceOptions): Uint8Array | undefined {
  const sources = sourcesOf(options);
  const env = options.env ?? process.env;
  return loadPublicSource(sources, env) ?? loadPrivateSource(sources, env)?.publicKey;
}

interface Sources {
  readonly privatePath: string;
  readonly privateEnv: string;
  readonly publicPath: string;
  readonly publicEnv: string;
}

function sourcesOf(options: KeySourceOptions): Sources {
  return {
    privatePath: goTrimSpace(options.privateKeyPath ?? ''),
    privateEnv: goTrimSpace(options.privateKeyEnv ?? ''),
    publicPath: goTrimSpace(options.publicKeyPath ?? ''),
    publicEnv: goTrimSpace(options.publicKeyEnv ?? ''),
  };
}

function keyModeOf(mode: string | undefined): KeyMode {
  const normalized = goTrimSpace(mode ?? '').toLowerCase();
  if (normalized === '' || normalized === 'prod') return 'prod';
  if (normalized === 'dev') return 'dev';
  throw new KeyError(`unsupported key mode: ${JSON.stringify(mode)}`, { code: 'key_mode_unsupported' });
}

function loadPrivateSource(sources: Sources, env: NodeJS.ProcessEnv): Ed25519KeyPair | undefined {
  return loadSource('private', sources.privatePath, sources.privateEnv, env, readPrivateKeyFile, decodePrivateKey);
}

function loadPublicSource(sources: Sources, env: NodeJS.ProcessEnv): Uint8Array | undefined {
  return loadSource('public', sources.publicPath, sources.publicEnv, env, readPublicKeyFile, decodePublicKey);
}

/** One key from a file or an env var (never both); undefined when neither is set. */
function loadSource<T>(
  kind: 'private' | 'public',
  path: string,
  envName: string,
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => T,
  decode: (text: string) => T,
): T | undefined {
  if (path && envName) {
    throw new KeyError(`${kind} key source: set either path or env`, { code: 'key_source_conflict' });
  }
  if (path) return readFile(path);
  if (envName) return decode(envValue(env, envName, kind));
  return undefined;
}

function envValue(env: NodeJS.ProcessEnv, name: string, kind: 'private' | 'public'): string {
  const value = goTrimSpace(env[name] ?? '');
  if (value === '') throw new KeyError(`${kind} key env not set: ${name}`, { code: 'key_env_not_set' });
  return value;
}
