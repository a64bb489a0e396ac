/** `gait mcp serve` start-up flags, checked with the reference's messages (surfaces.md §1.5). */
import { InvalidInputError } from '@gait/core-errors';
import { parseGoDuration } from '@gait/core-gate';
import { DEFAULT_JOB_ROOT } from '@gait/core-jobs';
import { type ListenAddress, isLoopbackHost, parseListen } from '../http/listen.js';
import { originCheck } from '../http/origin.js';
import { checkProfile, type Profile } from '../decide/evaluate-call.js';
import { normalizeAdapter } from '../tool-call/decode.js';
import type { AdapterName } from '../tool-call/types.js';
import type { RetentionRule } from './retention.js';

export interface ServeFlags {
  policyPath: string;
  listen?: string;
  adapter?: string;
  profile?: string;
  authMode?: string;
  authTokenEnv?: string;
  traceDir?: string;
  runpackDir?: string;
  sessionDir?: string;
  maxRequestBytes?: number;
  /** Requests evaluated at once; more get 503. Not in the reference (it has no limit). */
  maxConcurrent?: number;
  /** Browser origins allowed besides loopback ones, or `*`. Not in the reference (it checks no Origin). */
  allowOrigins?: readonly string[];
  httpVerdictStatus?: string;
  allowClientArtifactPaths?: boolean;
  traceMaxAge?: string;
  traceMaxCount?: number;
  runpackMaxAge?: string;
  runpackMaxCount?: number;
  sessionMaxAge?: string;
  sessionMaxCount?: number;
  exportLogOut?: string;
  exportOtelOut?: string;
  /** Durable jobs, read when a call names one in `context.job_id` (emergency-stop preemption). */
  jobRoot?: string;
  keyMode?: string;
  privateKeyPath?: string;
  privateKeyEnv?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ServeConfig {
  policyPath: string;
  listen: ListenAddress;
  listenText: string;
  adapter: AdapterName;
  profile: Profile;
  bearerToken: string | undefined;
  traceDir: string;
  runpackDir: string;
  sessionDir: string;
  maxRequestBytes: number;
  maxConcurrent: number;
  /** `--allow-origin` values, checked (see `../http/origin.ts`). */
  allowOrigins: readonly string[];
  strictStatus: boolean;
  allowClientArtifactPaths: boolean;
  retention: RetentionRule[];
  exportLogOut: string;
  exportOtelOut: string;
  /** Default `./gait-out/jobs`, relative to the service's cwd. */
  jobRoot: string;
  keyMode: string;
  privateKeyPath: string;
  privateKeyEnv: string;
}

function usage(message: string): InvalidInputError {
  return new InvalidInputError(message, { code: 'usage' });
}

/**
 * A size or count limit given on the command line must be > 0: the reference's check and message
 * for `mcp serve`, which `mcp proxy` applies to the same flags.
 */
export function positiveLimit(flag: string, value: number): number {
  if (!(value > 0)) throw usage(`--${flag} must be > 0`);
  return value;
}

function age(flag: string, text: string | undefined): number {
  const t = (text ?? '').trim();
  if (t === '' || t === '0') return 0;
  const ns = parseGoDuration(t);
  if (ns === undefined) throw usage(`parse --${flag}: time: invalid duration "${t}"`);
  if (ns < 0n) throw usage(`parse --${flag}: duration must be >= 0`);
  return Number(ns / 1_000_000n);
}

export function resolveServeConfig(flags: ServeFlags): ServeConfig {
  if ((flags.policyPath ?? '').trim() === '') throw usage('expected --policy <policy.yaml>');
  const profile = checkProfile(flags.profile, flags.keyMode);
  const adapter = normalizeAdapter(flags.adapter);
  const retention: RetentionRule[] = [];
  const ages = { trace: age('trace-max-age', flags.traceMaxAge), runpack: age('runpack-max-age', flags.runpackMaxAge), session: age('session-max-age', flags.sessionMaxAge) };
  const authMode = (flags.authMode ?? '').trim().toLowerCase() || 'off';
  if (authMode !== 'off' && authMode !== 'token') throw usage('unsupported --auth-mode value (expected off or token)');
  const listenText = (flags.listen ?? '').trim() || '127.0.0.1:8787';
  const listen = parseListen(listenText);
  if (!isLoopbackHost(listen.host) && authMode !== 'token') throw usage('non-loopback --listen requires --auth-mode token');
  let bearerToken: string | undefined;
  if (authMode === 'token') {
    const envName = (flags.authTokenEnv ?? '').trim();
    if (envName === '') throw usage('--auth-mode token requires --auth-token-env');
    bearerToken = (flags.env ?? process.env)[envName]?.trim();
    if (!bearerToken) throw usage('--auth-token-env did not resolve to a non-empty value');
  }
  const maxRequestBytes = positiveLimit('max-request-bytes', flags.maxRequestBytes ?? 1_048_576);
  const maxConcurrent = positiveLimit('max-concurrent', flags.maxConcurrent ?? 64);
  const allowOrigins = [...(flags.allowOrigins ?? [])];
  originCheck(allowOrigins);
  const status = (flags.httpVerdictStatus ?? '').trim().toLowerCase() || 'compat';
  if (status !== 'compat' && status !== 'strict') throw usage('unsupported --http-verdict-status value (expected compat or strict)');
  const counts = { trace: flags.traceMaxCount ?? 0, runpack: flags.runpackMaxCount ?? 0, session: flags.sessionMaxCount ?? 0 };
  if (Object.values(counts).some((c) => c < 0)) throw usage('retention max-count values must be >= 0');
  const traceDir = flags.traceDir ?? './gait-out/mcp-serve/traces';
  const runpackDir = flags.runpackDir ?? '';
  const sessionDir = flags.sessionDir ?? './gait-out/mcp-serve/sessions';
  retention.push(
    { cls: 'trace', dir: traceDir, maxAgeMs: ages.trace, maxCount: counts.trace },
    { cls: 'runpack', dir: runpackDir, maxAgeMs: ages.runpack, maxCount: counts.runpack },
    { cls: 'session', dir: sessionDir, maxAgeMs: ages.session, maxCount: counts.session },
  );
  return {
    policyPath: flags.policyPath.trim(),
    listen,
    listenText,
    adapter,
    profile,
    bearerToken,
    traceDir,
    runpackDir,
    sessionDir,
    maxRequestBytes,
    maxConcurrent,
    allowOrigins,
    strictStatus: status === 'strict',
    allowClientArtifactPaths: flags.allowClientArtifactPaths === true,
    retention,
    exportLogOut: flags.exportLogOut ?? '',
    exportOtelOut: flags.exportOtelOut ?? '',
    jobRoot: (flags.jobRoot ?? '').trim() || DEFAULT_JOB_ROOT,
    keyMode: flags.keyMode ?? 'dev',
    privateKeyPath: flags.privateKeyPath ?? '',
    privateKeyEnv: flags.privateKeyEnv ?? '',
  };
}
