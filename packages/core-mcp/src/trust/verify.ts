/** `gait mcp verify`: the trust preflight for one server description, without a tool call (HEAD). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { loadMcpPolicy } from '../decide/policy-source.js';
import { DEFAULT_RISK_CLASS } from '../tool-call/intent.js';
import type { ToolCallServer } from '../tool-call/types.js';
import { type TrustDecision, evaluateTrust } from './evaluate.js';

export interface VerifyServerTrustOptions {
  policyPath: string;
  serverPath: string;
  riskClass?: string;
  cwd?: string;
  now?: Date;
}

export interface VerifyServerTrustResult {
  exitCode: 0 | 3 | 4;
  output: {
    ok: boolean;
    server_id?: string;
    server_name?: string;
    trust_model?: string;
    snapshot_path?: string;
    verdict: string;
    reason_codes?: string[];
    violations?: string[];
    mcp_trust?: TrustDecision;
  };
}

const RISK_ORDER = ['critical', 'high', 'medium', 'low'];

export function verifyServerTrust(options: VerifyServerTrustOptions): VerifyServerTrustResult {
  const cwd = options.cwd ?? process.cwd();
  if (options.policyPath.trim() === '' || options.serverPath.trim() === '') {
    throw new InvalidInputError('expected --policy <policy.yaml> and --server <server.json>', { code: 'usage' });
  }
  const { trust } = loadMcpPolicy(options.policyPath, cwd);
  const server = loadServerDescription(options.serverPath, cwd);
  const ids = { ...(server.server_id ? { server_id: server.server_id } : {}), ...(server.server_name ? { server_name: server.server_name } : {}) };
  if (!trust) return { exitCode: 0, output: { ok: true, ...ids, verdict: 'allow' } };

  // The risk class a call would need to be enforced: the flag, else the highest required class.
  const riskClass =
    options.riskClass?.trim().toLowerCase() || RISK_ORDER.find((c) => trust.required_risk_classes.includes(c)) || DEFAULT_RISK_CLASS;
  const decision = evaluateTrust(trust, server, { riskClass, cwd, ...(options.now ? { now: options.now } : {}) });
  const common = { ...ids, trust_model: 'local_snapshot', snapshot_path: trust.snapshot, reason_codes: decision.reason_codes, mcp_trust: decision };
  if (!decision.enforced) return { exitCode: 0, output: { ok: true, ...common, verdict: 'allow' } };
  return {
    exitCode: trust.action === 'block' ? 3 : 4,
    output: { ok: false, ...common, verdict: trust.action, violations: ['mcp_trust_policy'] },
  };
}

/**
 * A server description file (`server_id` or `server_name`, optional `publisher`, `source`,
 * `endpoint`), as `gait mcp verify --server` and the forwarding proxy's `--server` read it.
 */
export function loadServerDescription(path: string, cwd = process.cwd()): ToolCallServer {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(cwd, path), 'utf8'));
  } catch (error) {
    throw new InvalidInputError(`read server description: ${(error as Error).message}`, { code: 'input_unreadable', cause: error });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidInputError('server description must be a JSON object', { code: 'server_invalid' });
  }
  const r = raw as Record<string, unknown>;
  const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string).trim() : '');
  if (s('server_id') === '' && s('server_name') === '') {
    throw new InvalidInputError('server description requires server_id or server_name', { code: 'server_invalid' });
  }
  return { server_id: s('server_id'), server_name: s('server_name'), publisher: s('publisher'), source: s('source'), endpoint: s('endpoint') };
}
