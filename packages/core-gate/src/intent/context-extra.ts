/** HEAD's additional context fields (gate.md §10.1): decoded, trimmed, and digested when set. */
import type { GoFields } from '../go/json-decode.js';
import { lowerTrim, trim } from '../go/strings.js';
import type { ContextExtra } from './types.js';

const TEXT_FIELDS = [
  'agent_id',
  'run_id',
  'workflow_id',
  'job_id',
  'repo',
  'environment',
  'approval_ref',
  'credential_ref',
  'credential_issuer',
  'credential_subject',
  'credential_owner',
  'credential_target_binding',
  'credential_run_binding',
  'credential_job_binding',
] as const;

export function decodeContextExtra(ctx: GoFields): ContextExtra {
  const extra = {} as Record<string, string | number>;
  for (const name of TEXT_FIELDS) extra[name] = trim(ctx.string(name));
  extra.credential_source = lowerTrim(ctx.string('credential_source'));
  extra.credential_access_type = lowerTrim(ctx.string('credential_access_type'));
  extra.credential_ttl_seconds = ctx.int('credential_ttl_seconds');
  return extra as unknown as ContextExtra;
}

/** Members for the digest payload, Go `omitempty` style. */
export function contextExtraPayload(extra: ContextExtra): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in extra) {
    const value = extra[key as keyof ContextExtra];
    if (value !== '' && value !== 0) out[key] = value;
  }
  return out;
}
