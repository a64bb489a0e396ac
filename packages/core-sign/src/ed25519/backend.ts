import { DependencyMissingError, InvalidInputError } from '@gait/core-errors';
import { nodeCryptoEd25519, nodeCryptoEd25519Available } from './node-crypto.js';
import { loadTweetnaclEd25519 } from './tweetnacl.js';
import type { Ed25519Backend, Ed25519Primitives } from './types.js';

/** Set to `tweetnacl` or `node-crypto` to pin the implementation (e.g. to compare them). */
export const backendEnvVar = 'GAIT_ED25519_BACKEND';

let forced: Ed25519Backend | undefined;
let active: Ed25519Primitives | undefined;

/** The implementation in use: node:crypto when it works, tweetnacl otherwise. Resolved once. */
export function ed25519(): Ed25519Primitives {
  active ??= resolve(forced ?? requestedByEnv());
  return active;
}

export function ed25519Backend(): Ed25519Backend {
  return ed25519().name;
}

/**
 * Test hook (not exported from the package): pins a backend, or with no argument returns to
 * automatic selection. Keys and signatures are interchangeable between backends.
 */
export function setEd25519BackendForTesting(backend?: Ed25519Backend): void {
  forced = backend;
  active = undefined;
}

function requestedByEnv(): Ed25519Backend | undefined {
  const value = process.env[backendEnvVar]?.trim() ?? '';
  if (value === '') return undefined;
  if (value === 'node-crypto' || value === 'tweetnacl') return value;
  throw new InvalidInputError(`${backendEnvVar} must be "node-crypto" or "tweetnacl", got ${JSON.stringify(value)}`, {
    code: 'ed25519_backend_invalid',
  });
}

function resolve(requested: Ed25519Backend | undefined): Ed25519Primitives {
  if (requested === 'tweetnacl') return loadTweetnaclEd25519();
  if (nodeCryptoEd25519Available()) return nodeCryptoEd25519;
  if (requested === 'node-crypto') {
    throw new DependencyMissingError('node:crypto has no Ed25519 support in this Node build', {
      code: 'ed25519_unavailable',
    });
  }
  return loadTweetnaclEd25519();
}
