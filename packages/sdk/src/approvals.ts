/**
 * Approval tokens for a runtime's own approval UI: check a token against a decision, mint one the
 * way `gait approve` does, and keep granted tokens so the next identical call is allowed.
 */
import { InvalidInputError } from '@gait/core-errors';
import {
  type ApprovalToken,
  GoTime,
  TokenError,
  approvalTokenJson,
  decodeApprovalToken,
  mintApprovalToken,
  validateApprovalToken,
} from '@gait/core-gate';
import { type Ed25519KeyPair, parseJsonStrict } from '@gait/core-sign';
import { readFileSync } from 'node:fs';
import type { GateDecision, TokenInput } from './types.js';

export interface ApprovalCheck {
  valid: boolean;
  /** `approval_token_valid`, or the gate's reason code (`approval_token_expired`, `approval_token_intent_mismatch`, …). */
  reasonCode: string;
  tokenId: string;
  approver: string;
  expiresAt: string;
  /** The token as its JSON file holds it. */
  token: Record<string, unknown>;
}

export interface ApprovalCheckOptions {
  /** Scopes the token must cover; default none (`gate eval` asks `tool:<name>` and more). */
  requiredScope?: readonly string[];
  delegationBindingDigest?: string;
  targetCount?: number;
}

/** A token given as parsed JSON, JSON text, or a file path. */
export function tokenDocument(token: TokenInput): unknown {
  if (typeof token !== 'string') return token;
  const text = token.trimStart().startsWith('{') ? token : readTokenFile(token);
  return parseJsonStrict(text);
}

function readTokenFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read approval token ${path}: ${(error as Error).message} (expected token JSON, JSON text or a file path)`, {
      code: 'approval_token_unreadable',
      cause: error,
    });
  }
}

export function checkApprovalToken(
  token: TokenInput,
  expected: { intentDigest: string; policyDigest: string; publicKey: Uint8Array | undefined; now: GoTime },
  options: ApprovalCheckOptions = {},
): ApprovalCheck {
  const decoded = decodeApprovalToken(tokenDocument(token));
  const summary = (t: ApprovalToken, valid: boolean, reasonCode: string): ApprovalCheck => ({
    valid,
    reasonCode,
    tokenId: t.token_id.trim(),
    approver: t.approver_identity.trim(),
    expiresAt: t.expires_at.toRFC3339Nano(),
    token: approvalTokenJson(t),
  });
  try {
    const valid = validateApprovalToken(decoded, {
      publicKey: expected.publicKey,
      intentDigest: expected.intentDigest,
      policyDigest: expected.policyDigest,
      delegationBindingDigest: options.delegationBindingDigest ?? '',
      requiredScope: [...(options.requiredScope ?? [])],
      targetCount: options.targetCount ?? 0,
      opCount: 1,
      now: expected.now,
    });
    return summary(valid, true, 'approval_token_valid');
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    return summary(decoded, false, error.code);
  }
}

export interface MintApprovalOptions {
  approver: string;
  reasonCode: string;
  /** Lifetime in milliseconds. */
  ttlMs: number;
  /** Default: the scope `gate eval` asks of this decision (`tool:<name>`, plus destructive apply scopes). */
  scope?: readonly string[];
  maxTargets?: number;
  maxOps?: number;
  now?: Date;
  producerVersion?: string;
}

/** The scope `gate eval` requires of an approval for this decision. */
export function requiredApprovalScope(decision: GateDecision): string[] {
  const destructiveApply = decision.output.phase !== 'plan' && (decision.intent.targets ?? []).some((t) => t.destructive === true);
  return [`tool:${decision.toolName}`, ...(destructiveApply ? ['destructive:apply', 'phase:apply'] : [])];
}

/** Mints the token `gait approve` would for this decision, signed with the approver's key. */
export function mintApproval(keyPair: Ed25519KeyPair, decision: GateDecision, options: MintApprovalOptions): Record<string, unknown> {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) {
    throw new InvalidInputError('ttlMs must be a positive number of milliseconds', { code: 'invalid_ttl', details: { field: 'ttlMs' } });
  }
  const token = mintApprovalToken(keyPair, {
    intentDigest: decision.intentDigest,
    policyDigest: decision.policyDigest,
    approver: options.approver,
    reasonCode: options.reasonCode,
    scope: options.scope ?? requiredApprovalScope(decision),
    ttlNanos: BigInt(Math.round(options.ttlMs)) * 1_000_000n,
    maxTargets: options.maxTargets,
    maxOps: options.maxOps,
    producerVersion: options.producerVersion,
    now: options.now ? GoTime.fromDate(options.now) : undefined,
  });
  return approvalTokenJson(token);
}

/** Tokens a runtime granted, by intent digest; `gate eval` re-checks them on every use. */
export class ApprovalStore {
  readonly #byIntent = new Map<string, Record<string, unknown>[]>();

  add(intentDigest: string, token: Record<string, unknown>): void {
    const list = this.#byIntent.get(intentDigest) ?? [];
    if (!list.some((t) => t.token_id === token.token_id)) list.push(token);
    this.#byIntent.set(intentDigest, list);
  }

  get(intentDigest: string): Record<string, unknown>[] {
    return this.#byIntent.get(intentDigest) ?? [];
  }

  clear(): void {
    this.#byIntent.clear();
  }
}
