import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { parse } from 'yaml';

/** `gate` section: defaults for `gait gate eval` (flags always win). */
export interface GateDefaults {
  readonly policy?: string;
  readonly profile?: string;
  readonly key_mode?: string;
  readonly private_key?: string;
  readonly private_key_env?: string;
  readonly approval_public_key?: string;
  readonly approval_public_key_env?: string;
  readonly approval_private_key?: string;
  readonly approval_private_key_env?: string;
  readonly rate_limit_state?: string;
  readonly credential_broker?: string;
  readonly credential_env_prefix?: string;
  readonly credential_ref?: string;
  readonly credential_scopes?: readonly string[];
  readonly credential_command?: string;
  readonly credential_command_args?: readonly string[];
  readonly credential_evidence_path?: string;
  readonly trace_path?: string;
  readonly kill_switch_state?: string;
  readonly wrkr_inventory_path?: string;
}

/** `mcp_serve` section: defaults for `gait mcp serve` and doctor's service-boundary check. */
export interface McpServeDefaults {
  readonly enabled?: boolean;
  readonly listen?: string;
  readonly auth_mode?: string;
  readonly auth_token_env?: string;
  readonly max_request_bytes?: number;
  readonly http_verdict_status?: string;
  readonly allow_client_artifact_paths?: boolean;
}

/** `retention` section: Go durations (`168h`), checked by doctor's production readiness. */
export interface RetentionDefaults {
  readonly trace_ttl?: string;
  readonly session_ttl?: string;
  readonly export_ttl?: string;
}

export interface ProjectConfig {
  readonly gate: GateDefaults;
  readonly mcp_serve: McpServeDefaults;
  readonly retention: RetentionDefaults;
}

export interface LoadedProjectConfig {
  readonly config: ProjectConfig;
  /** The file read, or where the default file would be. */
  readonly path: string;
  readonly found: boolean;
}

export const DEFAULT_CONFIG_PATH = '.gait/config.yaml';

type Kind = 'string' | 'lower' | 'bool' | 'int' | 'list';

const GATE_KEYS: Record<keyof GateDefaults, Kind> = {
  policy: 'string',
  profile: 'string',
  key_mode: 'string',
  private_key: 'string',
  private_key_env: 'string',
  approval_public_key: 'string',
  approval_public_key_env: 'string',
  approval_private_key: 'string',
  approval_private_key_env: 'string',
  rate_limit_state: 'string',
  credential_broker: 'string',
  credential_env_prefix: 'string',
  credential_ref: 'string',
  credential_scopes: 'list',
  credential_command: 'string',
  credential_command_args: 'list',
  credential_evidence_path: 'string',
  trace_path: 'string',
  kill_switch_state: 'string',
  wrkr_inventory_path: 'string',
};

const MCP_KEYS: Record<keyof McpServeDefaults, Kind> = {
  enabled: 'bool',
  listen: 'string',
  auth_mode: 'lower',
  auth_token_env: 'string',
  max_request_bytes: 'int',
  http_verdict_status: 'lower',
  allow_client_artifact_paths: 'bool',
};

const RETENTION_KEYS: Record<keyof RetentionDefaults, Kind> = { trace_ttl: 'string', session_ttl: 'string', export_ttl: 'string' };

const SECTIONS = { gate: GATE_KEYS, mcp_serve: MCP_KEYS, retention: RETENTION_KEYS } as const;

function configError(path: string, message: string, key?: string, verb = 'parse'): InvalidInputError {
  return new InvalidInputError(`${verb} project config: ${path}: ${message}`, { code: 'invalid_project_config', details: { path, ...(key === undefined ? {} : { key }) } });
}

function coerce(value: unknown, kind: Kind, key: string, path: string): unknown {
  const expect = (form: string) => configError(path, `${key} must be ${form}, got ${JSON.stringify(value)}`, key);
  switch (kind) {
    case 'string':
    case 'lower': {
      if (typeof value !== 'string' && typeof value !== 'number') throw expect('a string');
      const text = String(value).trim();
      return kind === 'lower' ? text.toLowerCase() : text;
    }
    case 'bool':
      if (typeof value !== 'boolean') throw expect('true or false');
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw expect('an integer');
      return value;
    case 'list': {
      const items = typeof value === 'string' ? value.split(',') : value;
      if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) throw expect('a list of strings or a comma-separated string');
      return (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
    }
  }
}

function section(raw: unknown, name: keyof typeof SECTIONS, path: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw configError(path, `${name} must be a mapping`, name);
  const keys: Record<string, Kind> = SECTIONS[name];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const kind = keys[key];
    if (kind === undefined) {
      throw configError(path, `unknown key ${name}.${key} (allowed: ${Object.keys(keys).join(', ')})`, `${name}.${key}`);
    }
    if (value === null || value === undefined) continue;
    out[key] = coerce(value, kind, `${name}.${key}`, path);
  }
  return out;
}

/**
 * Parses `.gait/config.yaml` text strictly: unknown sections or keys, duplicate keys and wrong
 * types are errors that name the key. Strings are trimmed; `mcp_serve.auth_mode` and
 * `http_verdict_status` are lower-cased. An empty file is an empty config.
 */
export function parseProjectConfig(text: string, path = DEFAULT_CONFIG_PATH): ProjectConfig {
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true, strict: true, prettyErrors: false });
  } catch (error) {
    throw configError(path, `invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (raw === undefined || raw === null) raw = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw configError(path, 'expected a mapping with gate, mcp_serve and retention sections');
  for (const key of Object.keys(raw)) {
    if (!(key in SECTIONS)) throw configError(path, `unknown section ${key} (allowed: gate, mcp_serve, retention)`, key);
  }
  const r = raw as Record<string, unknown>;
  return {
    gate: section(r.gate, 'gate', path) as GateDefaults,
    mcp_serve: section(r.mcp_serve, 'mcp_serve', path) as McpServeDefaults,
    retention: section(r.retention, 'retention', path) as RetentionDefaults,
  };
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = { gate: {}, mcp_serve: {}, retention: {} };

export interface LoadProjectConfigOptions {
  /** Folder the default path is relative to (default: the process cwd). */
  readonly workdir?: string;
  /** An explicit `--config` path: then a missing file is an error. */
  readonly path?: string;
}

/**
 * Loads the project defaults. The default file missing is no error (an empty config); an
 * explicit path missing is. Flags always override what this returns: callers merge it under them.
 */
export function loadProjectConfig(options: LoadProjectConfigOptions = {}): LoadedProjectConfig {
  const workdir = options.workdir ?? process.cwd();
  const explicit = options.path !== undefined && options.path.trim() !== '';
  const given = explicit ? options.path!.trim() : DEFAULT_CONFIG_PATH;
  const path = isAbsolute(given) ? given : join(workdir, given);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    if (missing && !explicit) return { config: EMPTY_PROJECT_CONFIG, path, found: false };
    throw configError(path, missing ? 'no such file' : (error as Error).message, undefined, 'read');
  }
  return { config: parseProjectConfig(text, path), path, found: true };
}

/** Flags over config: every flag the user set replaces the config's value. */
export function withDefaults<T extends object>(defaults: Partial<T>, flags: Partial<T>): Partial<T> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  return merged as Partial<T>;
}
