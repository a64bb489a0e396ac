import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { goTimeNow } from '@gait/core-runpack';
import packageJson from '../package.json' with { type: 'json' };
import type { DoctorCheck } from './check.js';
import { outputDirCheck, tempDirCheck, workdirCheck } from './checks/folders.js';
import { jobDurabilityCheck } from './checks/jobs.js';
import { keyConfigCheck, keyPermissionsCheck, keySourceAmbiguityCheck, type KeyInputs } from './checks/keys.js';
import { rateLimitLockCheck } from './checks/locks.js';
import { onboardingMode, type OnboardingMode } from './checks/mode.js';
import { productionChecks } from './checks/production.js';
import { registryCacheCheck } from './checks/registry.js';
import { schemaFilesCheck, workspaceInstallCheck } from './checks/repo.js';
import { binaryCheck, nodeRuntimeCheck, resolveBinary, type BinaryInfo } from './checks/runtime.js';

export const DOCTOR_SCHEMA_ID = 'gait.doctor.result';

export interface DoctorOptions {
  readonly workdir?: string;
  /** Relative paths are joined to the workdir; default `./gait-out`. */
  readonly outputDir?: string;
  readonly keyMode?: string;
  readonly privateKey?: string;
  readonly privateKeyEnv?: string;
  readonly publicKey?: string;
  readonly publicKeyEnv?: string;
  readonly productionReadiness?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly producerVersion?: string;
  readonly binary?: BinaryInfo;
  /** The `engines.node` range Node must satisfy; default this package's (the Gait packages share one). */
  readonly enginesNode?: string;
  /** Default `~/.gait/registry`. */
  readonly registryCacheDir?: string;
  readonly tempDir?: string;
}

export interface DoctorResult {
  readonly schema_id: typeof DOCTOR_SCHEMA_ID;
  readonly schema_version: '1.0.0';
  readonly created_at: string;
  readonly producer_version: string;
  readonly onboarding_mode: OnboardingMode;
  readonly binary_path?: string;
  readonly binary_path_source?: string;
  readonly path_binary_path?: string;
  readonly binary_version?: string;
  readonly status: 'pass' | 'warn' | 'fail';
  readonly non_fixable: boolean;
  readonly summary: string;
  readonly fix_commands: readonly string[];
  readonly checks: readonly DoctorCheck[];
}

/**
 * Runs every check that applies (v1.4.0's order and scopes, adapted to a Node install) and folds
 * them into the reference's result. Offline, read-only apart from write probes it removes.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorResult> {
  const workdir = resolve(options.workdir ?? '.');
  const out = options.outputDir ?? './gait-out';
  const outputDir = isAbsolute(out) ? out : join(workdir, out);
  const env = options.env ?? process.env;
  const mode = onboardingMode(workdir);
  const keys: KeyInputs = {
    keyMode: options.keyMode ?? 'dev',
    privateKey: absolute(options.privateKey, workdir),
    privateKeyEnv: (options.privateKeyEnv ?? '').trim(),
    publicKey: absolute(options.publicKey, workdir),
    publicKeyEnv: (options.publicKeyEnv ?? '').trim(),
    env,
  };
  const checks: DoctorCheck[] = [workdirCheck(workdir), outputDirCheck(outputDir), await jobDurabilityCheck(outputDir), tempDirCheck(options.tempDir)];
  const binary = resolveBinary(options.binary ?? {}, workdir, env);
  if (options.productionReadiness !== true) {
    checks.push(
      registryCacheCheck(options.registryCacheDir ?? join(homedir(), '.gait', 'registry')),
      rateLimitLockCheck(outputDir, workdir),
      binaryCheck(binary, mode),
      nodeRuntimeCheck(process.version, options.enginesNode ?? packageJson.engines.node),
    );
  }
  checks.push(keySourceAmbiguityCheck(keys), keyPermissionsCheck(keys), keyConfigCheck(keys));
  if (options.productionReadiness === true) checks.push(...productionChecks(workdir));
  else if (mode === 'repo_checkout') checks.push(schemaFilesCheck(workdir), workspaceInstallCheck(workdir));
  return summarize(checks, mode, binary, options.producerVersion ?? '0.0.0-dev');
}

function absolute(path: string | undefined, workdir: string): string {
  const p = (path ?? '').trim();
  return p === '' || isAbsolute(p) ? p : join(workdir, p);
}

function summarize(checks: DoctorCheck[], mode: OnboardingMode, binary: ReturnType<typeof resolveBinary>, producerVersion: string): DoctorResult {
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  const status = failed > 0 ? 'fail' : warned > 0 ? 'warn' : 'pass';
  const nonFixable = checks.some((c) => c.non_fixable === true);
  // Only non-pass checks carry a fix; the list is distinct and sorted so output is stable.
  const fixCommands = [...new Set(checks.flatMap((c) => (c.fix_command ? [c.fix_command] : [])))].sort();
  return {
    schema_id: DOCTOR_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: goTimeNow(),
    producer_version: producerVersion,
    onboarding_mode: mode,
    ...(binary.path === undefined ? {} : { binary_path: binary.path }),
    ...(binary.source === undefined ? {} : { binary_path_source: binary.source }),
    ...(binary.pathBinaryPath === undefined ? {} : { path_binary_path: binary.pathBinaryPath }),
    ...(binary.version === undefined ? {} : { binary_version: binary.version }),
    status,
    non_fixable: nonFixable,
    summary: `doctor: onboarding_mode=${mode} status=${status} failed=${failed} warned=${warned} non_fixable=${nonFixable}`,
    fix_commands: fixCommands,
    checks,
  };
}
