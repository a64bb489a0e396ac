/**
 * Pieces shared by the evidence-pack commands (`pack`, `guard`, `incident`): signing-key flags,
 * atomic output writes, and the JSON shape of a verification result.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import type { Ed25519KeyPair } from '@gait/core-sign';
import { locate, omitEmpty } from '../runpack-support.js';

export const signingOption = {
  keyMode: (fallback: string) => Option.String('--key-mode', { description: `Signing key mode: none, dev (ephemeral key) or prod (default ${fallback})` }),
  privateKey: () => Option.String('--private-key', { description: 'Private key file to sign with' }),
  privateKeyEnv: () => Option.String('--private-key-env', { description: 'Environment variable holding the private key' }),
};

export interface SigningFlags {
  keyMode?: string | undefined;
  privateKey?: string | undefined;
  privateKeyEnv?: string | undefined;
}

/**
 * The signing key the flags ask for: `none` signs only when a private key is given (loaded as
 * prod, the reference's rule); `dev` makes a throwaway key; `prod` needs a key source.
 */
export async function signingKeyFromFlags(
  flags: SigningFlags,
  fallback: 'none' | 'dev',
  env: NodeJS.ProcessEnv,
  resolve: (path: string) => string,
  allowed: readonly string[] = ['none', 'dev', 'prod'],
): Promise<{ keyPair?: Ed25519KeyPair; warnings: string[] }> {
  const mode = (flags.keyMode ?? '').trim().toLowerCase() || fallback;
  if (!allowed.includes(mode)) throw new InvalidInputError(`--key-mode must be ${allowed.slice(0, -1).join(', ')}, or ${allowed.at(-1)}`, { code: 'invalid_key_mode' });
  const privatePath = flags.privateKey?.trim() || undefined;
  const privateEnv = flags.privateKeyEnv?.trim() || undefined;
  const hasKey = privatePath !== undefined || privateEnv !== undefined;
  if (mode === 'none' && !hasKey) return { warnings: [] };
  const { loadSigningKey } = await import('@gait/core-sign');
  const loaded = loadSigningKey({
    keyMode: mode === 'dev' && !hasKey ? 'dev' : 'prod',
    ...(privatePath ? { privateKeyPath: resolve(privatePath) } : {}),
    ...(privateEnv ? { privateKeyEnv: privateEnv } : {}),
    env,
  });
  return { keyPair: loaded.keyPair, warnings: loaded.warnings };
}

/** Writes a pack or report atomically (mode 0600), creating its folder; a failure leaves no partial file. */
export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  const { writeFileAtomic } = await import('@gait/core-fsx');
  await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  await writeFileAtomic(path, data, { mode: 0o600 });
}

/** The JSON form of a pack or guard verification: Go's omitempty on every list and count. */
export function verifyJson(result: Record<string, unknown>): Record<string, unknown> {
  const { ok: _ok, ...rest } = result;
  return omitEmpty(rest);
}

/** Reasons a verification failed, one line each, for text output. */
export function failureLines(result: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const list = (key: string) => (Array.isArray(result[key]) ? (result[key] as unknown[]) : []);
  if (list('missing_files').length) lines.push(`missing files: ${list('missing_files').join(', ')}`);
  if (list('hash_mismatches').length) lines.push(`hash mismatches: ${list('hash_mismatches').map((m) => (m as { path: string }).path).join(', ')}`);
  if (list('undeclared_files').length) lines.push(`undeclared files: ${list('undeclared_files').join(', ')}`);
  const idMismatch = result.pack_id_mismatch as { expected: string; actual: string } | undefined;
  if (idMismatch) lines.push(`pack_id mismatch: expected=${idMismatch.expected} actual=${idMismatch.actual}`);
  if (list('contract_errors').length) lines.push(`contract errors: ${list('contract_errors').join('; ')}`);
  if (list('proof_record_errors').length) lines.push(`proof record errors: ${list('proof_record_errors').join('; ')}`);
  lines.push(`signature status: ${String(result.signature_status)}`);
  if (list('signature_errors').length) lines.push(`signature errors: ${list('signature_errors').join('; ')}`);
  return lines;
}

/**
 * Writes a guard or incident pack to `--out`, or by default to `evidence_pack_<pack_id>.zip` beside
 * the runpack (the reference's default for both); returns the path as shown to the user.
 */
export async function writeGuardPack(cwd: string, out: string | undefined, runpackShown: string, built: { packId: string; zip: Uint8Array }): Promise<string> {
  const shown = (out ?? '').trim() || join(dirname(runpackShown), `evidence_pack_${built.packId}.zip`);
  await writeOutput(locate(cwd, shown).io, built.zip);
  return shown;
}
