import type { Verdict } from '../policy/types.js';

const RANK: Record<string, number> = { allow: 0, dry_run: 1, require_approval: 2, block: 3 };

/** The stricter of two verdicts (allow < dry_run < require_approval < block); ties keep `current`. */
export function mostRestrictive(current: Verdict, candidate: string): Verdict {
  return (RANK[candidate] ?? 0) > (RANK[current] ?? 0) ? (candidate as Verdict) : current;
}

export function verdictRank(verdict: string): number {
  return RANK[verdict] ?? 0;
}

/** Rule names repeat on every decision their rule makes. */
const sanitizedNames = new Map<string, string>();

/**
 * `matched_rule_<name>` fallback reason: Go-JSON-encode the name (HTML escaping included), strip
 * surrounding quotes, spaces and dashes to underscores, lower-case.
 */
export function sanitizeRuleName(name: string): string {
  let sanitized = sanitizedNames.get(name);
  if (sanitized === undefined) {
    sanitized = sanitize(name);
    // A policy has few rule names; the bound only guards against names made per call.
    if (sanitizedNames.size >= 1024) sanitizedNames.clear();
    sanitizedNames.set(name, sanitized);
  }
  return sanitized;
}

function sanitize(name: string): string {
  if (name === '') return 'rule';
  const encoded = JSON.stringify(name).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return encoded.replace(/^"+|"+$/g, '').replace(/[ -]/g, '_').toLowerCase();
}
