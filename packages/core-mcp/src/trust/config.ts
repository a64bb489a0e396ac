/** The policy's `mcp_trust` block (HEAD `core/mcp/trust.go`, surfaces.md §1.8). */
import { InvalidInputError } from '@gait/core-errors';
import { parseGoDuration } from '@gait/core-gate';

export interface TrustConfig {
  enabled: boolean;
  snapshot: string;
  action: 'block' | 'require_approval';
  required_risk_classes: string[];
  min_score: number | undefined;
  /** Nanoseconds; undefined when unset. */
  max_age_ns: bigint | undefined;
  publisher_allowlist: string[];
  require_registry: boolean;
}

const KEYS = new Set(['enabled', 'snapshot', 'action', 'required_risk_classes', 'min_score', 'max_age', 'publisher_allowlist', 'require_registry']);

function bad(message: string): InvalidInputError {
  return new InvalidInputError(`invalid mcp_trust: ${message}`, { code: 'policy_invalid' });
}

function strings(value: unknown, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw bad(`${key} must be a list of strings`);
  return [...new Set((value as string[]).map((v) => v.trim().toLowerCase()).filter((v) => v !== ''))].sort();
}

/**
 * Configuring any key enables trust checks; `enabled: false` alone turns them off. An enabled
 * block needs a snapshot path.
 */
export function parseTrustConfig(raw: unknown): TrustConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw bad('must be a mapping');
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!KEYS.has(key)) throw bad(`unknown field "${key}"`);
  const configured = Object.keys(r).some((k) => k !== 'enabled');
  const enabled = r.enabled === undefined ? configured : r.enabled === true;
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') throw bad('enabled must be a boolean');
  if (!enabled) return undefined;
  const snapshot = typeof r.snapshot === 'string' ? r.snapshot.trim() : '';
  if (snapshot === '') throw bad('snapshot is required when mcp_trust is enabled');
  const action = typeof r.action === 'string' && r.action.trim() !== '' ? r.action.trim().toLowerCase() : 'block';
  if (action !== 'block' && action !== 'require_approval') throw bad('action must be block or require_approval');
  let minScore: number | undefined;
  if (r.min_score !== undefined && r.min_score !== null) {
    if (typeof r.min_score !== 'number' || r.min_score < 0 || r.min_score > 1) throw bad('min_score must be a number between 0 and 1');
    minScore = r.min_score;
  }
  let maxAge: bigint | undefined;
  if (r.max_age !== undefined && r.max_age !== null && String(r.max_age).trim() !== '') {
    maxAge = parseGoDuration(String(r.max_age).trim());
    if (maxAge === undefined || maxAge < 0n) throw bad('max_age must be a duration such as 720h');
  }
  if (r.require_registry !== undefined && typeof r.require_registry !== 'boolean') throw bad('require_registry must be a boolean');
  const required = strings(r.required_risk_classes, 'required_risk_classes');
  return {
    enabled: true,
    snapshot,
    action,
    required_risk_classes: required.length > 0 ? required : ['critical', 'high'],
    min_score: minScore,
    max_age_ns: maxAge,
    publisher_allowlist: strings(r.publisher_allowlist, 'publisher_allowlist'),
    require_registry: r.require_registry === true,
  };
}
