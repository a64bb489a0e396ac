import { InvalidInputError } from '@gait/core-errors';
import { compareBytes, goTrim } from './go-strings.js';
import { isGoZeroTime } from './go-time.js';
import { definedOnly, nonEmptyString, type RefReceipt, type RefsRecord } from './records.js';

/** Zip epoch: what the reference writes for a receipt without a retrieval time. */
export const RECEIPT_ZERO_TIME = '1980-01-01T00:00:00Z';

const EVIDENCE_MODES = new Set(['', 'best_effort', 'required']);
const DIGEST = /^[a-f0-9]{64}$/;

/**
 * The reference's refs normalization, applied on write and on read: canonical casing of digests
 * and modes, `immutability` defaulting to `unknown`, receipts ordered by `ref_id`, and the
 * receipt count filled in when the producer left it at zero.
 */
export function normalizeRefs(refs: RefsRecord): RefsRecord {
  const mode = goTrim(refs.context_evidence_mode ?? '').toLowerCase();
  if (!EVIDENCE_MODES.has(mode)) {
    throw new InvalidInputError(`refs.context_evidence_mode: unsupported value ${JSON.stringify(refs.context_evidence_mode)} (expected best_effort or required)`, {
      code: 'invalid_context_evidence_mode',
    });
  }
  const setDigest = goTrim(refs.context_set_digest ?? '').toLowerCase();
  if (setDigest !== '' && !DIGEST.test(setDigest)) {
    throw new InvalidInputError('refs.context_set_digest: expected 64 lowercase hex characters', { code: 'invalid_context_set_digest' });
  }
  const count = refs.context_ref_count ?? 0;
  if (count < 0) {
    throw new InvalidInputError('refs.context_ref_count: must be >= 0', { code: 'invalid_context_ref_count' });
  }
  const receipts = refs.receipts.map(normalizeReceipt).sort((a, b) => compareBytes(a.ref_id, b.ref_id));
  const effectiveCount = count === 0 && receipts.length > 0 ? receipts.length : count;
  return definedOnly({
    ...refs,
    context_set_digest: nonEmptyString(setDigest),
    context_evidence_mode: nonEmptyString(mode),
    context_ref_count: effectiveCount === 0 ? undefined : effectiveCount,
    receipts,
  });
}

function normalizeReceipt(receipt: RefReceipt): RefReceipt {
  return definedOnly({
    ...receipt,
    query_digest: goTrim(receipt.query_digest).toLowerCase(),
    content_digest: goTrim(receipt.content_digest).toLowerCase(),
    retrieved_at: isGoZeroTime(receipt.retrieved_at) ? RECEIPT_ZERO_TIME : receipt.retrieved_at,
    immutability: goTrim(receipt.immutability ?? '').toLowerCase() || 'unknown',
  });
}
