import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { readZipSafe } from '@gait/core-fsx';
import { readRunpack, readSessionChain, resolveRunpackPath, verifyRunpack, type Runpack } from '@gait/core-runpack';

/** What `regress init --from` resolved to. */
export interface RegressSource {
  /** Bytes of the source runpack, copied verbatim into the fixture. */
  bytes: Uint8Array;
  runpack: Runpack;
  /** The path the runpack was read from, as resolved (relative to the work dir when relative). */
  path: string;
  sessionChain?: string;
  checkpointIndex?: number;
}

export interface ResolveSourceOptions {
  workDir: string;
  /** `latest` (default) or a checkpoint index, for session-chain sources. */
  checkpoint?: string;
  home?: string;
}

/**
 * Resolves `--from` like every runpack argument (a path, or a run id looked up in ./gait-out and
 * ~/.gait/runpacks). A `.json` that reads as a session chain stands for one of its checkpoint
 * runpacks; a PackSpec run pack stands for the runpack it embeds. The runpack must pass its
 * integrity checks before it becomes a fixture.
 */
export async function resolveRegressSource(from: string, options: ResolveSourceOptions): Promise<RegressSource> {
  const reference = from.trim();
  if (reference === '') throw new InvalidInputError('missing required --from <run_id|path>', { code: 'from_required' });
  const resolveOptions = options.home === undefined ? { cwd: options.workDir } : { cwd: options.workDir, home: options.home };
  let path = resolveRunpackPath(reference, resolveOptions);
  let chainInfo: { sessionChain: string; checkpointIndex: number } | undefined;
  if (path.toLowerCase().endsWith('.json')) {
    const chosen = await checkpointOf(resolve(options.workDir, path), options.checkpoint ?? 'latest');
    if (chosen !== undefined) {
      chainInfo = { sessionChain: path, checkpointIndex: chosen.index };
      // Checkpoint runpack paths are relative to the writer's working directory (reference quirk).
      path = chosen.runpackPath;
    }
  }
  const bytes = unwrapPackSpec(await readSource(resolve(options.workDir, path), path));
  const verified = await verifyRunpack(bytes);
  if (verified.missing_files.length > 0 || verified.hash_mismatches.length > 0) {
    throw new InvalidInputError('source runpack failed integrity checks', {
      code: 'source_integrity_failed',
      details: { missing_files: verified.missing_files, hash_mismatches: verified.hash_mismatches.map((m) => m.path) },
    });
  }
  const runpack = await readRunpack(bytes);
  return { bytes, runpack, path, ...chainInfo };
}

async function checkpointOf(file: string, checkpoint: string): Promise<{ index: number; runpackPath: string } | undefined> {
  let chain;
  try {
    chain = await readSessionChain(file);
  } catch {
    return undefined; // not a chain: treated as a runpack path, as the reference does
  }
  const wanted = checkpoint.trim() === '' ? 'latest' : checkpoint.trim().toLowerCase();
  if (wanted === 'latest') {
    const last = chain.checkpoints[chain.checkpoints.length - 1]!;
    return { index: last.checkpoint_index, runpackPath: last.runpack_path };
  }
  if (!/^\d+$/.test(wanted)) {
    throw new InvalidInputError(`invalid --checkpoint ${JSON.stringify(checkpoint)}: expected latest or a checkpoint index`, { code: 'checkpoint_invalid' });
  }
  const found = chain.checkpoints.find((cp) => cp.checkpoint_index === Number(wanted));
  if (found === undefined) {
    throw new InvalidInputError(`checkpoint ${wanted} not found in session chain`, { code: 'checkpoint_not_found' });
  }
  return { index: found.checkpoint_index, runpackPath: found.runpack_path };
}

async function readSource(file: string, shownAs: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new InvalidInputError(`runpack not found: ${shownAs}`, { code: 'runpack_not_found', cause: error });
  }
}

/** A PackSpec run pack carries the original runpack bytes as `source/runpack.zip`. */
function unwrapPackSpec(bytes: Uint8Array): Uint8Array {
  let entries;
  try {
    entries = readZipSafe(bytes);
  } catch {
    return bytes; // let the runpack reader report what is wrong with it
  }
  if (entries.some((entry) => entry.name === 'manifest.json')) return bytes;
  const embedded = entries.find((entry) => entry.name === 'source/runpack.zip');
  return embedded && entries.some((entry) => entry.name === 'pack_manifest.json') ? embedded.data : bytes;
}
