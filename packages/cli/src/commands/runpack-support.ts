/**
 * Pieces shared by the runpack commands (`verify`, `demo`, `run …`): key flags, run-id/path
 * resolution against the command's working folder, and the reference's fixed sentences.
 */
import { isAbsolute, join } from 'node:path';
import { Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';

/** The verify-key flags; a command declares each as a field, e.g. `publicKey = keyOption.publicKey();`. */
export const keyOption = {
  publicKey: () => Option.String('--public-key', { description: 'Public key file (base64) to verify signatures with' }),
  publicKeyEnv: () => Option.String('--public-key-env', { description: 'Environment variable holding the public key' }),
  privateKey: () => Option.String('--private-key', { description: 'Private key file (base64)' }),
  privateKeyEnv: () => Option.String('--private-key-env', { description: 'Environment variable holding the private key' }),
};

export interface KeyFlagValues {
  publicKey?: string | undefined;
  publicKeyEnv?: string | undefined;
  privateKey?: string | undefined;
  privateKeyEnv?: string | undefined;
}

export function hasKeySource(flags: KeyFlagValues): boolean {
  return [flags.publicKey, flags.publicKeyEnv, flags.privateKey, flags.privateKeyEnv].some((v) => (v ?? '').trim() !== '');
}

/** `standard` or `strict` (trimmed, any case); strict demands a signature and a key. */
export function parseProfile(raw: string | undefined, flags: KeyFlagValues): { strict: boolean } {
  const profile = (raw ?? 'standard').trim().toLowerCase();
  if (profile !== 'standard' && profile !== 'strict') {
    throw new InvalidInputError(`unsupported --profile value "${raw}" (expected standard or strict)`, { code: 'invalid_profile' });
  }
  if (profile === 'strict' && !hasKeySource(flags)) {
    throw new InvalidInputError('strict verify profile requires --public-key/--public-key-env or private key source', { code: 'strict_requires_key' });
  }
  return { strict: profile === 'strict' };
}

export async function loadVerifyKeyFromFlags(flags: KeyFlagValues, env: NodeJS.ProcessEnv, resolve: (path: string) => string): Promise<Uint8Array | undefined> {
  if (!hasKeySource(flags)) return undefined;
  const { loadVerifyKey } = await import('@gait/core-sign');
  const path = (value: string | undefined) => (value && value.trim() !== '' ? resolve(value.trim()) : undefined);
  return loadVerifyKey({
    publicKeyPath: path(flags.publicKey),
    publicKeyEnv: flags.publicKeyEnv?.trim() || undefined,
    privateKeyPath: path(flags.privateKey),
    privateKeyEnv: flags.privateKeyEnv?.trim() || undefined,
    env,
  });
}

/** A path as the user wrote it (for output) and as this process must open it. */
export interface LocatedPath {
  shown: string;
  io: string;
}

export function locate(cwd: string, shown: string): LocatedPath {
  return { shown, io: isAbsolute(shown) ? shown : join(cwd, shown) };
}

/** `run_demo` → `gait-out/runpack_run_demo.zip`; paths must exist (exit 6 otherwise). */
export async function locateRunpack(cwd: string, reference: string): Promise<LocatedPath> {
  const { resolveRunpackPath } = await import('@gait/core-runpack');
  return locate(cwd, resolveRunpackPath(reference, { cwd }));
}

/** The reference's `bundle` form: relative paths get `./` unless they already start with `.`. */
export function bundlePath(path: string): string {
  return isAbsolute(path) || path.startsWith('.') ? path : `./${path}`;
}

export function signatureNote(status: string, required: boolean): string {
  switch (status) {
    case 'missing':
      return required
        ? 'signatures are required in this mode; provide signing keys and re-run verify'
        : 'unsigned local/dev artifacts are expected by default; use --require-signature for strict verification';
    case 'skipped':
      return required
        ? 'signature checks were expected but skipped; provide a public key or private key source'
        : 'signature checks were skipped because no verify key was provided';
    case 'verified':
      return 'signatures verified';
    default:
      return 'signature verification failed; inspect signature_errors and re-run with the correct key';
  }
}

export function verifyNextCommands(runId: string): string[] {
  return [`gait regress bootstrap --from ${runId} --json --junit ./gait-out/junit.xml`, 'gait demo --durable', 'gait demo --policy'];
}

/** Go's `omitempty` for the JSON output: drop empty strings, zeros, false and empty lists. */
export function omitEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === '' || value === 0 || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

/** `a,b , c` → `['a', 'b', 'c']` (empty parts dropped). */
export function parseCsv(value: string | undefined): string[] {
  return (value ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/**
 * A value given by flag or as the single positional (`--from X` or `X`), with the reference's
 * messages: both at once or several positionals are unexpected, neither is `missing`.
 */
export function flagOrArgument(flag: string | undefined, rest: readonly string[], missing: string): string {
  const fromFlag = (flag ?? '').trim();
  if (rest.length > 1 || (rest.length === 1 && fromFlag !== '')) {
    throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
  }
  const value = fromFlag || (rest[0] ?? '').trim();
  if (value === '') throw new InvalidInputError(missing, { code: 'usage' });
  return value;
}
