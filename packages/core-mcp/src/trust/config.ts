/** The policy's `mcp_trust` block (HEAD `core/mcp/trust.go`, surfaces.md §1.8), ready to evaluate. */
import { InvalidInputError } from '@gait/core-errors';
import { type McpTrustPolicy, parseGoDuration } from '@gait/core-gate';

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

/**
 * The evaluable form of the gate's parsed `mcp_trust` (which has already checked every value);
 * undefined when the policy has no block or turns it off.
 */
export function trustConfigFromPolicy(trust: McpTrustPolicy | undefined): TrustConfig | undefined {
  if (!trust?.enabled) return undefined;
  const { max_age, ...rest } = trust;
  let maxAge: bigint | undefined;
  if (max_age !== '') {
    maxAge = parseGoDuration(max_age);
    // Unreachable for a policy the gate parsed; kept so a hand-built value still fails closed.
    if (maxAge === undefined || maxAge < 0n) {
      throw new InvalidInputError(`invalid mcp_trust.max_age "${max_age}" (expected a duration such as 720h)`, { code: 'policy_invalid' });
    }
  }
  return { ...rest, enabled: true, max_age_ns: maxAge };
}
