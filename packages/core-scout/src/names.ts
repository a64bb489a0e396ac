import { createHash } from 'node:crypto';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

const RISK_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/**
 * The reference's id-safe form of a tool name: lower case, every character outside [a-z0-9]
 * becomes `_`, outer `_` trimmed. A name with nothing left (e.g. all punctuation) still needs a
 * stable id, so it falls back to the first 8 bytes of its sha256 as hex.
 */
export function normalizeToolName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9]/g, '_').replace(/^_+|_+$/g, '');
  if (cleaned !== '') return cleaned;
  return createHash('sha256').update(name).digest('hex').slice(0, 16);
}

const CRITICAL_WORDS = ['delete', 'drop', 'destroy', 'wire', 'payment', 'transfer'];
const HIGH_WORDS = ['write', 'update', 'export', 'send', 'email', 'remove', 'overwrite'];

/** Risk from the words in a tool's name (substring match, as in the reference). */
export function riskLevelForName(name: string): RiskLevel {
  const lower = name.toLowerCase();
  if (CRITICAL_WORDS.some((word) => lower.includes(word))) return 'critical';
  if (HIGH_WORDS.some((word) => lower.includes(word))) return 'high';
  return 'low';
}

export function higherRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_RANK[a] >= RISK_RANK[b] ? a : b;
}

export function isHighRisk(level: string | undefined): boolean {
  return level === 'high' || level === 'critical';
}
