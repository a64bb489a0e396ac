import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { InvalidInputError, VerificationError } from '@gait/core-errors';

export interface MigrateInput {
  readonly input: string;
  readonly out?: string;
  readonly target: string;
  readonly cwd: string;
}

export interface MigrateOutcome {
  readonly input: string;
  readonly output: string;
  readonly run_id: string;
  readonly status: 'migrated' | 'no_change';
}

/**
 * `gait migrate`: read a runpack, write its records again through the current writer (unsigned,
 * same capture mode), verify it, write it. `no_change` when the bytes come out identical.
 */
export async function migrateRunpack(request: MigrateInput): Promise<MigrateOutcome> {
  if (request.target.trim().toLowerCase() !== 'v1') {
    throw new InvalidInputError('unsupported --target (only v1 is currently available)', { code: 'usage' });
  }
  const { resolveRunpackPath, readRunpack, assembleRunpack, verifyRunpack, writeRunpackBytes } = await import('@gait/core-runpack');
  const input = resolveRunpackPath(request.input, { cwd: request.cwd });
  if (!input.toLowerCase().endsWith('.zip')) {
    throw new InvalidInputError('unsupported artifact type (only runpack zip is currently migratable)', { code: 'usage' });
  }
  const inputIo = isAbsolute(input) ? input : join(request.cwd, input);
  const original = await readFile(inputIo);
  const { run, intents, results, refs, manifest } = await readRunpack(original);
  const runId = run.run_id;
  const fallback = runId === '' ? `${basename(input, '.zip')}_migrated.zip` : `runpack_${runId}_migrated.zip`;
  const output = request.out?.trim() || join(dirname(input), fallback);
  const outputIo = isAbsolute(output) ? output : join(request.cwd, output);
  if (resolve(outputIo) === resolve(inputIo)) throw new InvalidInputError('--out must differ from input path', { code: 'usage' });
  const rewritten = assembleRunpack({ run, intents, results, refs }, manifest.capture_mode);
  // Verified before it is written, so a failure leaves no file behind.
  const verified = await verifyRunpack(rewritten.zip);
  if (!verified.ok) throw new VerificationError('migrated runpack failed verification', { code: 'migrate_verification_failed' });
  await writeRunpackBytes(outputIo, rewritten.zip);
  return { input, output, run_id: runId, status: Buffer.from(rewritten.zip).equals(original) ? 'no_change' : 'migrated' };
}
