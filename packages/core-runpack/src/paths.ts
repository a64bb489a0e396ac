import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';

/** Default folder for runpacks and packs, relative to the working directory. */
export const DEFAULT_OUT_DIR = './gait-out';

/**
 * The reference's output-path rule for runpacks, journals, chains and state files: trimmed and
 * cleaned; empty, `.` and `/` are refused; a relative path must not climb out with `..`.
 */
export function normalizeOutputPath(path: string): string {
  const trimmed = path.trim();
  const cleaned = trimmed === '' ? '' : normalize(trimmed).replace(/(.)\/+$/, '$1');
  if (cleaned === '' || cleaned === '.' || cleaned === './' || cleaned === '/') {
    throw new InvalidInputError('runpack output path is required', { code: 'output_path_required' });
  }
  if (!isAbsolute(cleaned) && cleaned.split(/[\\/]/).includes('..')) {
    throw new InvalidInputError('relative runpack output path must not traverse parent directories', { code: 'output_path_traversal' });
  }
  return cleaned;
}

/**
 * `gait verify run_demo` vs `gait verify ./x.zip`: an argument with a slash or ending in `.zip`
 * is a path and must exist; anything else is a run id looked up in `./gait-out` and then
 * `~/.gait/runpacks`.
 */
export function resolveRunpackPath(reference: string, options: { cwd?: string; home?: string } = {}): string {
  const value = reference.trim();
  if (value === '') throw new InvalidInputError('missing run_id or path', { code: 'runpack_reference_required' });
  const cwd = options.cwd ?? process.cwd();
  if (looksLikePath(value)) {
    if (!isFile(isAbsolute(value) ? value : join(cwd, value))) {
      throw new InvalidInputError(`runpack not found: ${value}`, { code: 'runpack_not_found' });
    }
    return value;
  }
  const local = join('gait-out', `runpack_${value}.zip`);
  if (isFile(join(cwd, local))) return local;
  const home = join(options.home ?? homedir(), '.gait', 'runpacks', `runpack_${value}.zip`);
  if (isFile(home)) return home;
  throw new InvalidInputError(`runpack not found for run_id: ${value}`, { code: 'runpack_not_found' });
}

export function looksLikePath(value: string): boolean {
  return value.includes('/') || value.includes('\\') || value.toLowerCase().endsWith('.zip');
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
