/**
 * Credential brokers (gate.md §3.11): after a rule that requires a broker credential is allowed,
 * the gate asks a broker for a credential reference and records evidence. Failures never expose
 * the broker's error text (it may contain secrets).
 */
import { spawnSync } from 'node:child_process';
import { basename, normalize } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { sha256HexOf } from '../digest.js';
import { isObject } from '../go/json-decode.js';
import { lowerTrim, normalizeStringListLower, trim } from '../go/strings.js';
import { GoTime } from '../go/time.js';

export type BrokerName = 'off' | 'stub' | 'env' | 'command';

export interface BrokerConfig {
  broker: BrokerName;
  envPrefix?: string;
  command?: string;
  commandArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export interface CredentialRequest {
  toolName: string;
  identity: string;
  workspace: string;
  sessionId: string;
  requestId: string;
  reference: string;
  scope: string[];
}

export interface IssuedCredential {
  issued_by: string;
  credential_ref: string;
  issued_at: GoTime;
  expires_at: GoTime;
  ttl_seconds: number;
}

/** Resolve the `--credential-broker` flag; unknown names and a command broker without a command are errors. */
export function resolveBroker(name: string, options: Omit<BrokerConfig, 'broker'>): BrokerConfig {
  const n = lowerTrim(name);
  const broker: BrokerName = n === '' || n === 'none' || n === 'off' ? 'off' : (n as BrokerName);
  if (!['off', 'stub', 'env', 'command'].includes(broker)) {
    throw new InvalidInputError(`unsupported credential broker "${name}" (expected off, stub, env or command)`, { code: 'broker_unsupported' });
  }
  if (broker === 'command') {
    const command = trim(options.command ?? '');
    if (command === '') throw new InvalidInputError('--credential-command is required for the command broker', { code: 'broker_command_missing' });
    if (/\s/.test(command)) throw new InvalidInputError('--credential-command must not contain whitespace', { code: 'broker_command_invalid' });
  }
  return { broker, ...options };
}

export function credentialRequest(input: CredentialRequest): CredentialRequest {
  return { ...input, toolName: lowerTrim(input.toolName), scope: normalizeStringListLower(input.scope) };
}

class BrokerUnavailable extends Error {}

function envKey(reference: string, toolName: string): string {
  const key = (reference || toolName)
    .toUpperCase()
    .replace(/[.-]/g, '_')
    .replace(/[^A-Z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return key === '' ? 'DEFAULT' : key;
}

function fromTimes(issuedBy: string, ref: string, issuedAt: GoTime | undefined, expiresAt: GoTime | undefined, ttl: number, now: GoTime): IssuedCredential {
  let issued = issuedAt;
  if (!issued && expiresAt) issued = now;
  issued ??= now;
  let ttlSeconds = ttl;
  if (expiresAt && ttlSeconds <= 0) ttlSeconds = Math.max(0, Math.floor((expiresAt.seconds - issued.seconds)));
  const expires = expiresAt ?? (ttlSeconds > 0 ? issued.addNanos(BigInt(ttlSeconds) * 1_000_000_000n) : GoTime.zero);
  return { issued_by: issuedBy, credential_ref: ref, issued_at: issued, expires_at: expires, ttl_seconds: ttlSeconds };
}

function optionalTime(value: unknown): GoTime | undefined {
  if (typeof value !== 'string' || trim(value) === '') return undefined;
  try {
    return GoTime.parse(trim(value));
  } catch {
    throw new BrokerUnavailable('bad time');
  }
}

function issueEnv(config: BrokerConfig, req: CredentialRequest, now: GoTime): IssuedCredential {
  const env = config.env ?? process.env;
  const name = `${config.envPrefix ?? 'GAIT_BROKER_TOKEN_'}${envKey(req.reference, req.toolName)}`;
  const value = trim(env[name] ?? '');
  if (value === '') throw new BrokerUnavailable('credential unavailable');
  const ttl = Number.parseInt(trim(env[`${name}_TTL_SECONDS`] ?? ''), 10);
  return fromTimes(
    'env',
    `env:${name}:${sha256HexOf(value).slice(0, 16)}`,
    optionalTime(env[`${name}_ISSUED_AT`]),
    optionalTime(env[`${name}_EXPIRES_AT`]),
    Number.isFinite(ttl) ? ttl : 0,
    now,
  );
}

function issueCommand(config: BrokerConfig, req: CredentialRequest, now: GoTime): IssuedCredential {
  const command = trim(config.command ?? '');
  const env = config.env ?? process.env;
  const allowlist = trim(env.GAIT_CREDENTIAL_COMMAND_ALLOWLIST ?? '');
  if (allowlist !== '') {
    const allowed = allowlist.split(',').map((s) => trim(s)).filter((s) => s !== '');
    if (!allowed.includes(normalize(command)) && !allowed.includes(basename(command))) throw new BrokerUnavailable('command not allowlisted');
  }
  const input = JSON.stringify({
    ToolName: req.toolName,
    Identity: req.identity,
    Workspace: req.workspace,
    SessionID: req.sessionId,
    RequestID: req.requestId,
    Reference: req.reference,
    Scope: req.scope,
  });
  const run = spawnSync(command, [...(config.commandArgs ?? [])], { input, timeout: 5000, maxBuffer: 16 * 1024, env, stdio: ['pipe', 'pipe', 'pipe'] });
  if (run.error || run.status !== 0) throw new BrokerUnavailable('credential unavailable');
  const output = Buffer.concat([run.stdout ?? Buffer.alloc(0), run.stderr ?? Buffer.alloc(0)]);
  if (output.length > 16 * 1024) throw new BrokerUnavailable('credential unavailable');
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.toString('utf8'));
  } catch {
    throw new BrokerUnavailable('credential unavailable');
  }
  if (!isObject(parsed)) throw new BrokerUnavailable('credential unavailable');
  const ref = typeof parsed.credential_ref === 'string' ? trim(parsed.credential_ref) : '';
  if (ref === '' || ref.length > 256 || /[\r\n\t]/.test(ref)) throw new BrokerUnavailable('credential unavailable');
  const issuedBy = typeof parsed.issued_by === 'string' && trim(parsed.issued_by) !== '' ? trim(parsed.issued_by) : 'command';
  const ttl = typeof parsed.ttl_seconds === 'number' ? Math.trunc(parsed.ttl_seconds) : 0;
  return fromTimes(issuedBy, ref, optionalTime(parsed.issued_at), optionalTime(parsed.expires_at), ttl, now);
}

/**
 * Ask the configured broker for a credential. Returns undefined when the broker could not issue
 * one (the gate then blocks with `broker_credential_missing`); the reason is deliberately dropped.
 */
export function issueCredential(config: BrokerConfig, request: CredentialRequest, now: GoTime = GoTime.now()): IssuedCredential | undefined {
  const req = credentialRequest(request);
  if (req.identity === '') return undefined;
  try {
    switch (config.broker) {
      case 'stub': {
        const material = [req.toolName, req.identity, req.workspace, req.sessionId, req.requestId, req.reference, req.scope.join(',')].join('|');
        return fromTimes('stub', `stub:${sha256HexOf(material).slice(0, 24)}`, now.utc(), undefined, 300, now.utc());
      }
      case 'env':
        return issueEnv(config, req, now.utc());
      case 'command':
        return issueCommand(config, req, now.utc());
      default:
        return undefined;
    }
  } catch (error) {
    if (error instanceof BrokerUnavailable) return undefined;
    throw error;
  }
}
