import { join } from 'node:path';
import { EMPTY_PROJECT_CONFIG, loadProjectConfig, type ProjectConfig } from '@gait/core-config';
import { parseGoDuration } from '@gait/core-runpack';
import { fail, pass, shellQuote, type DoctorCheck } from '../check.js';
import { OSS_PROD_TEMPLATE_PATH } from '../template.js';

const SCOPE = 'production_readiness';
const TEMPLATE_FIX = `mkdir -p .gait && cp ${shellQuote(OSS_PROD_TEMPLATE_PATH)} '.gait/config.yaml'`;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

function isLoopback(listen: string): boolean {
  const host = listen.startsWith('[') ? listen.slice(1, listen.indexOf(']')) : listen.slice(0, listen.lastIndexOf(':'));
  // As in the reference: an empty host (":8787") binds every interface, so it is not loopback.
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function serviceBoundary(config: ProjectConfig): string | undefined {
  const serve = config.mcp_serve;
  if (serve.enabled !== true && (serve.listen ?? '') === '') return undefined;
  const listen = serve.listen || '127.0.0.1:8787';
  if (!/^(\[[^\]]*\]|[^:]*):\d{1,5}$/.test(listen)) return `mcp_serve.listen ${listen} must be host:port`;
  const auth = serve.auth_mode ?? '';
  if (!isLoopback(listen) && auth !== 'token') return 'mcp_serve.auth_mode must be token for a non-loopback listen address';
  if (auth === 'token' && (serve.auth_token_env ?? '') === '') return 'mcp_serve.auth_token_env is required when auth_mode is token';
  if (serve.allow_client_artifact_paths === true) return 'mcp_serve.allow_client_artifact_paths must be false in production';
  const bytes = serve.max_request_bytes ?? 0;
  if (bytes <= 0 || bytes > MAX_REQUEST_BYTES) return `mcp_serve.max_request_bytes must be between 1 and ${MAX_REQUEST_BYTES}`;
  if (serve.http_verdict_status !== 'strict') return 'mcp_serve.http_verdict_status must be strict in production';
  return undefined;
}

function retention(config: ProjectConfig): string | undefined {
  const r = config.retention;
  if (!r.trace_ttl || !r.session_ttl || !r.export_ttl) return 'retention.trace_ttl, retention.session_ttl, and retention.export_ttl are required';
  for (const key of ['trace_ttl', 'session_ttl', 'export_ttl'] as const) {
    try {
      parseGoDuration(r[key]!, `retention.${key}`);
    } catch (error) {
      return `invalid retention.${key}: ${(error as Error).message}`;
    }
  }
  return undefined;
}

const check = (name: string, problem: string | undefined, ok: string, fix: string): DoctorCheck =>
  problem === undefined ? pass(name, SCOPE, ok) : fail(name, SCOPE, problem, fix);

/**
 * `--production-readiness`: the hardened-template checks over `<workdir>/.gait/config.yaml`. A
 * file that does not parse gives that single failure; a missing file is checked as empty.
 */
export function productionChecks(workdir: string): DoctorCheck[] {
  const configFix = `edit ${join('.gait', 'config.yaml')}`;
  let config: ProjectConfig = EMPTY_PROJECT_CONFIG;
  let first: DoctorCheck;
  try {
    const loaded = loadProjectConfig({ workdir });
    config = loaded.config;
    first = loaded.found
      ? pass('production_readiness_config', SCOPE, `loaded ${loaded.path}`)
      : fail('production_readiness_config', SCOPE, 'missing .gait/config.yaml', TEMPLATE_FIX);
  } catch (error) {
    return [fail('production_readiness_config', SCOPE, `failed to parse .gait/config.yaml: ${(error as Error).message}`, configFix)];
  }
  const gate = config.gate;
  const profile = (gate.profile ?? '').toLowerCase();
  return [
    first,
    check('production_profile', profile === 'oss-prod' ? undefined : 'gate.profile must be oss-prod for production readiness', 'gate.profile is oss-prod', configFix),
    check('production_key_mode', (gate.key_mode ?? '').toLowerCase() === 'prod' ? undefined : 'gate.key_mode must be prod for production readiness', 'gate.key_mode is prod', configFix),
    check('production_retention', retention(config), 'retention TTLs set', configFix),
    check('production_service_boundary', serviceBoundary(config), 'mcp_serve boundary hardened (or serve disabled)', configFix),
    check(
      'production_context_strictness',
      profile !== 'oss-prod' ? 'strict context enforcement requires gate.profile=oss-prod' : (gate.policy ?? '') === '' ? 'gate.policy must be set for strict context enforcement' : undefined,
      'strict context enforcement configured',
      configFix,
    ),
  ];
}
