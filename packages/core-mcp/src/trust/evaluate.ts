/**
 * The trust decision for one server (HEAD `core/mcp/trust.go`). Checks run in the reference's
 * listed order and the first failure decides the status; a clean entry is `trusted`.
 */
import type { TrustConfig } from './config.js';
import { type SnapshotLoad, type TrustEntry, identityKey, loadTrustSnapshot } from './snapshot.js';

export interface TrustServer {
  server_id?: string;
  server_name?: string;
  publisher?: string;
  source?: string;
}

export type TrustStatus = 'trusted' | 'missing' | 'unknown' | 'untrusted' | 'invalid' | 'stale' | 'below_threshold';

/** The `mcp_trust` object of outputs and traces (schema `McpTrustDecision`). */
export interface TrustDecision {
  server_id?: string;
  server_name?: string;
  publisher?: string;
  source?: string;
  status: TrustStatus;
  decision_source: 'local_snapshot';
  score?: number;
  threshold?: number;
  updated_at?: string;
  max_age_seconds?: number;
  required: boolean;
  enforced: boolean;
  registry_verified?: boolean;
  publisher_allowed?: boolean;
  reason_codes: string[];
}

const TRUSTED_STATUSES = new Set(['trusted', 'allow', 'pass']);

export interface EvaluateTrustOptions {
  /** The call's own risk class, not the defaulted one: a call without one is never enforced (HEAD trap, kept). */
  riskClass: string;
  now?: Date;
  cwd?: string;
  /** A snapshot already loaded (the proxy loads it once); default: read `config.snapshot`. */
  snapshot?: SnapshotLoad;
}

export function evaluateTrust(config: TrustConfig, server: TrustServer, options: EvaluateTrustOptions): TrustDecision {
  const required = config.required_risk_classes.includes(options.riskClass.trim().toLowerCase());
  const base: Omit<TrustDecision, 'status' | 'reason_codes' | 'enforced'> = {
    ...(server.server_id ? { server_id: server.server_id } : {}),
    ...(server.server_name ? { server_name: server.server_name } : {}),
    ...(server.publisher ? { publisher: server.publisher } : {}),
    ...(server.source ? { source: server.source } : {}),
    decision_source: 'local_snapshot',
    ...(config.min_score !== undefined ? { threshold: config.min_score } : {}),
    ...(config.max_age_ns !== undefined ? { max_age_seconds: Number(config.max_age_ns / 1_000_000_000n) } : {}),
    required,
  };
  const decide = (status: TrustStatus, reason: string, extra: Partial<TrustDecision> = {}): TrustDecision => ({
    ...base,
    ...extra,
    status,
    enforced: required && status !== 'trusted',
    reason_codes: [reason],
  });

  const key = identityKey(server.server_id ?? '', server.server_name ?? '');
  if (key === '') return decide('missing', 'mcp_trust_identifier_missing');
  const snapshot = options.snapshot ?? loadTrustSnapshot(config.snapshot, options.cwd);
  if (snapshot.kind === 'unavailable') return decide('missing', 'mcp_trust_snapshot_unavailable');
  if (snapshot.kind === 'invalid') return decide('invalid', 'mcp_trust_snapshot_invalid');
  const entry = snapshot.entries.get(key);
  if (!entry) return decide('unknown', 'mcp_trust_server_unknown');
  return decideEntry(config, entry, options.now ?? new Date(), decide);
}

function decideEntry(
  config: TrustConfig,
  entry: TrustEntry,
  now: Date,
  decide: (status: TrustStatus, reason: string, extra?: Partial<TrustDecision>) => TrustDecision,
): TrustDecision {
  const publisher = entry.publisher.toLowerCase();
  const publisherAllowed = config.publisher_allowlist.length === 0 || config.publisher_allowlist.includes(publisher);
  const rv = entry.registry_verification;
  const registryVerified = !!rv && rv.signature_verified && rv.publisher_allowed && rv.pin_verified !== false;
  const extra: Partial<TrustDecision> = {
    ...(entry.publisher ? { publisher: entry.publisher } : {}),
    ...(entry.source ? { source: entry.source } : {}),
    ...(entry.score !== undefined ? { score: entry.score } : {}),
    updated_at: entry.updated_at,
    registry_verified: registryVerified,
    publisher_allowed: publisherAllowed,
  };
  if (!TRUSTED_STATUSES.has(entry.status)) return decide('untrusted', 'mcp_trust_status_untrusted', extra);
  if (!publisherAllowed) return decide('untrusted', 'mcp_trust_publisher_untrusted', extra);
  if (config.require_registry && !registryVerified) return decide('untrusted', 'mcp_trust_registry_unverified', extra);
  if (config.max_age_ns !== undefined) {
    const ageMs = now.getTime() - Date.parse(entry.updated_at);
    if (ageMs > Number(config.max_age_ns / 1_000_000n)) return decide('stale', 'mcp_trust_stale', extra);
  }
  if (config.min_score !== undefined && (entry.score ?? 0) < config.min_score) {
    return decide('below_threshold', 'mcp_trust_below_threshold', extra);
  }
  return decide('trusted', 'mcp_trust_verified', extra);
}

/** The verdict after trust: tightened to the configured action only when the decision is enforced. */
export function tightenVerdict(verdict: string, decision: TrustDecision, action: TrustConfig['action']): string {
  if (!decision.enforced) return verdict;
  if (verdict === 'block' || verdict === 'dry_run') return verdict;
  if (action === 'block') return 'block';
  return 'require_approval';
}
