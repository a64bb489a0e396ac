/**
 * The policy's top-level `mcp_trust` block (HEAD, surfaces.md "MCP trust"): which MCP servers a
 * call may go through, judged against a local trust snapshot. The gate only parses and digests it;
 * `@gait/core-mcp` evaluates it, since only the MCP surfaces know which server a call goes to.
 */
import { parseGoDuration } from '../go/time.js';
import { lowerTrim, normalizeStringListLower, trim } from '../go/strings.js';
import { PolicyError } from './errors.js';
import type { McpTrustPolicy } from './types.js';
import type { Plain } from './yaml-read.js';

type Obj = { [key: string]: Plain };

const DEFAULT_REQUIRED_RISK_CLASSES = ['critical', 'high'];

/**
 * Configuring any key turns trust checks on; an explicit `enabled` wins. Values are checked even
 * on a disabled block (fail closed on typos), but only an enabled block needs a snapshot.
 * Returns undefined when the policy has no `mcp_trust` block.
 */
export function normalizeMcpTrust(raw: Obj | undefined): McpTrustPolicy | undefined {
  if (raw === undefined) return undefined;
  const configured = Object.keys(raw).some((key) => key !== 'enabled' && raw[key] !== null);
  const enabled = typeof raw.enabled === 'boolean' ? raw.enabled : configured;
  const snapshot = trim(typeof raw.snapshot === 'string' ? raw.snapshot : '');
  if (enabled && snapshot === '') {
    throw new PolicyError('mcp_trust.snapshot is required when mcp_trust is enabled (expected a trust snapshot file path)', 'mcp_trust.snapshot');
  }
  const action = lowerTrim(typeof raw.action === 'string' ? raw.action : '') || 'block';
  if (action !== 'block' && action !== 'require_approval') {
    throw new PolicyError(`unsupported mcp_trust.action "${action}" (expected block or require_approval)`, 'mcp_trust.action');
  }
  const minScore = typeof raw.min_score === 'number' ? raw.min_score : undefined;
  if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) {
    throw new PolicyError(`mcp_trust.min_score must be a number between 0 and 1, got ${minScore}`, 'mcp_trust.min_score');
  }
  const maxAge = trim(typeof raw.max_age === 'string' ? raw.max_age : '');
  if (maxAge !== '') {
    const ns = parseGoDuration(maxAge);
    if (ns === undefined || ns < 0n) {
      throw new PolicyError(`invalid mcp_trust.max_age "${maxAge}" (expected a duration such as 720h)`, 'mcp_trust.max_age');
    }
  }
  const required = normalizeStringListLower(Array.isArray(raw.required_risk_classes) ? (raw.required_risk_classes as string[]) : []);
  return {
    enabled,
    snapshot,
    action,
    required_risk_classes: required.length > 0 ? required : [...DEFAULT_REQUIRED_RISK_CLASSES],
    min_score: minScore,
    max_age: maxAge,
    publisher_allowlist: normalizeStringListLower(Array.isArray(raw.publisher_allowlist) ? (raw.publisher_allowlist as string[]) : []),
    require_registry: raw.require_registry === true,
  };
}

/**
 * The digest member for an enabled block, in the payload's Go-field-name style; a disabled or
 * absent block adds nothing, so policies without trust checks keep their pre-HEAD digest.
 */
export function mcpTrustDigestPayload(trust: McpTrustPolicy | undefined): Record<string, unknown> | undefined {
  if (!trust?.enabled) return undefined;
  return {
    Enabled: true,
    Snapshot: trust.snapshot,
    Action: trust.action,
    RequiredRiskClasses: trust.required_risk_classes,
    MinScore: trust.min_score ?? 0,
    MaxAge: trust.max_age,
    PublisherAllowlist: trust.publisher_allowlist,
    RequireRegistry: trust.require_registry,
  };
}
