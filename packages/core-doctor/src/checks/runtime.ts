import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pass, shellQuote, warn, type DoctorCheck } from '../check.js';
import type { OnboardingMode } from './mode.js';

export interface BinaryInfo {
  /** The CLI running doctor (argv[1] of `gait`), when doctor runs from the CLI. */
  readonly invokedPath?: string;
  readonly invokedVersion?: string;
}

export interface BinaryResolution {
  readonly path?: string;
  readonly source?: 'invoked_executable' | 'path' | 'workdir';
  readonly pathBinaryPath?: string;
  readonly version?: string;
}

const NAMES = process.platform === 'win32' ? ['gait.cmd', 'gait.exe', 'gait.bat', 'gait'] : ['gait'];

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** `gait version` of another binary, bounded so a hung binary cannot hang doctor. */
function versionOf(bin: string): string | undefined {
  const result = spawnSync(bin, ['version'], { encoding: 'utf8', timeout: 5_000 });
  const out = (result.stdout ?? '').trim();
  return out.startsWith('gait ') ? out.slice(5).trim() : undefined;
}

/** v1.4.0's resolution order: the invoked CLI, then PATH, then the workdir. */
export function resolveBinary(info: BinaryInfo, workdir: string, env: NodeJS.ProcessEnv): BinaryResolution {
  const onPath = findOnPath(env);
  if (info.invokedPath !== undefined) {
    const invoked = resolve(info.invokedPath);
    return {
      path: invoked,
      source: 'invoked_executable',
      ...(info.invokedVersion === undefined ? {} : { version: info.invokedVersion }),
      ...(onPath !== undefined && resolve(onPath) !== invoked ? { pathBinaryPath: onPath } : {}),
    };
  }
  if (onPath !== undefined) {
    const version = versionOf(onPath);
    return { path: onPath, source: 'path', ...(version === undefined ? {} : { version }) };
  }
  for (const name of NAMES) {
    const candidate = join(workdir, name);
    if (existsSync(candidate)) {
      const version = executable(candidate) ? versionOf(candidate) : undefined;
      return { path: candidate, source: 'workdir', ...(version === undefined ? {} : { version }) };
    }
  }
  return {};
}

const installFix = (mode: OnboardingMode): string =>
  mode === 'repo_checkout' ? 'pnpm install && pnpm turbo run build --filter=@gait/cli...' : 'npm install -g @gait/cli';

export function binaryCheck(resolved: BinaryResolution, mode: OnboardingMode): DoctorCheck {
  if (resolved.path === undefined) return warn('onboarding_binary', 'universal', 'gait binary not found on PATH or in the workdir', installFix(mode));
  if (resolved.source !== 'invoked_executable' && !executable(resolved.path)) {
    return warn('onboarding_binary', 'universal', `gait binary at ${resolved.path} is not executable`, `chmod +x ${shellQuote(resolved.path)}`);
  }
  if (resolved.version === undefined) {
    return warn('onboarding_binary', 'universal', `gait binary at ${resolved.path} did not report a version`, installFix(mode));
  }
  const where = resolved.source === 'invoked_executable' ? 'invoked_path' : resolved.source === 'path' ? 'path' : 'workdir_path';
  const extra = resolved.pathBinaryPath === undefined ? '' : ` path_binary=${resolved.pathBinaryPath}`;
  return pass('onboarding_binary', 'universal', `gait binary ready (${where}=${resolved.path} version=${resolved.version}${extra})`);
}

/** `>=20`, `>=20.11.0`, `^20 || >=22`: enough of semver ranges for an `engines.node` field. */
export function satisfiesEngines(version: string, range: string): boolean {
  const parse = (v: string) => v.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const have = parse(version);
  return range.split('||').some((alt) =>
    alt.trim().split(/\s+/).filter(Boolean).every((term) => {
      const m = /^(>=|<=|>|<|\^|~|=)?\s*v?(\d+(?:\.\d+){0,2})/.exec(term);
      if (m === null) return true;
      const want = parse(m[2]!);
      const c = cmp(have, want);
      switch (m[1]) {
        case '>=': return c >= 0;
        case '>': return c > 0;
        case '<=': return c <= 0;
        case '<': return c < 0;
        case '^': return have[0] === want[0] && c >= 0;
        case '~': return have[0] === want[0] && have[1] === want[1] && c >= 0;
        default: return c === 0 || (m[2]!.split('.').length < 3 && have.slice(0, m[2]!.split('.').length).join('.') === m[2]);
      }
    }),
  );
}

/** Node itself must satisfy the CLI's `engines.node`. */
export function nodeRuntimeCheck(nodeVersion: string, enginesNode: string): DoctorCheck {
  if (satisfiesEngines(nodeVersion, enginesNode)) return pass('node_runtime', 'universal', `node ${nodeVersion} satisfies engines ${enginesNode}`);
  const major = /\d+/.exec(enginesNode)?.[0] ?? '20';
  return warn('node_runtime', 'universal', `node ${nodeVersion} does not satisfy engines ${enginesNode}`, `nvm install ${major} && nvm use ${major}`);
}
