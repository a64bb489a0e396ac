/** What the token commands share: signing-key flags, TTL parsing, CSV lists and the token file write. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option } from 'clipanion';
import type { Ed25519KeyPair } from '@gait/core-sign';
import { InvalidInputError } from '@gait/core-errors';

export interface SigningFlags {
  keyMode?: string | undefined;
  privateKey?: string | undefined;
  privateKeyEnv?: string | undefined;
}

export async function signingKeyFromFlags(
  flags: SigningFlags,
  env: NodeJS.ProcessEnv,
  resolvePath: (p: string) => string,
): Promise<{ keyPair: Ed25519KeyPair; keyId: string; warnings: string[] }> {
  const { loadSigningKey, keyId } = await import('@gait/core-sign');
  const mode = (flags.keyMode ?? 'dev').trim().toLowerCase() || 'dev';
  if (mode !== 'dev' && mode !== 'prod') throw new InvalidInputError(`unsupported key mode: ${JSON.stringify(flags.keyMode)}`, { code: 'usage' });
  const { keyPair, warnings } = loadSigningKey({
    keyMode: mode,
    privateKeyPath: flags.privateKey ? resolvePath(flags.privateKey) : undefined,
    privateKeyEnv: flags.privateKeyEnv,
    env,
  });
  return { keyPair, keyId: keyId(keyPair.publicKey), warnings };
}

/** A positive Go duration (`--ttl`), in nanoseconds. */
export async function parseTtl(text: string | undefined): Promise<bigint> {
  const { parseGoDuration } = await import('@gait/core-gate');
  const ttl = parseGoDuration(text ?? '');
  if (ttl === undefined || ttl <= 0n) throw new InvalidInputError('invalid --ttl, expected positive duration', { code: 'usage' });
  return ttl;
}

export const csvList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The signing-key flags of `approve` and `delegate mint`; declare each as a field, e.g. `keyMode = signingOption.keyMode();`. */
export const signingOption = {
  keyMode: () => Option.String('--key-mode', { description: 'dev (ephemeral key, default) or prod' }),
  privateKey: () => Option.String('--private-key', { description: 'Signing key file (prod mode)' }),
  privateKeyEnv: () => Option.String('--private-key-env', { description: 'Env var with the signing key' }),
};

/** Token file: Go-style indented JSON, atomic, mode 0600, parent folders created 0750. */
export async function writeTokenFile(cwd: string, path: string, json: Record<string, unknown>): Promise<void> {
  const { goJsonIndent } = await import('@gait/core-gate');
  const target = resolve(cwd, path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o750 });
  const { writeFileAtomic } = await import('@gait/core-fsx');
  await writeFileAtomic(target, goJsonIndent(json), { mode: 0o600 });
}
