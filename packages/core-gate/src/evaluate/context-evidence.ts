/**
 * HEAD (gate.md §10.2): an intent's own context-evidence claims are not trusted. Without a verified
 * envelope the digest, mode, refs and `auth_context.context_age_seconds` are removed before rules
 * see the intent, and the intent digest is recomputed without them (the reference reports the
 * digest of the stripped intent).
 */
import { computeDigests } from '../intent/digest.js';
import type { NormalizedIntent } from '../intent/types.js';

export function stripUnverifiedContextEvidence(intent: NormalizedIntent): NormalizedIntent {
  const c = intent.context;
  const hasAge = c.auth_context !== undefined && 'context_age_seconds' in c.auth_context;
  if (c.context_set_digest === '' && c.context_evidence_mode === '' && c.context_refs.length === 0 && !hasAge) return intent;
  let authContext = c.auth_context;
  if (hasAge) {
    const { context_age_seconds: _dropped, ...rest } = c.auth_context!;
    authContext = Object.keys(rest).length > 0 ? rest : undefined;
  }
  const stripped: NormalizedIntent = {
    ...intent,
    context: { ...c, context_set_digest: '', context_evidence_mode: '', context_refs: [], auth_context: authContext },
  };
  const digests = computeDigests(stripped);
  stripped.intent_digest = digests.intentDigest;
  return stripped;
}
