/** HEAD's additional context fields (gate.md §10.1): decoded, trimmed, and digested when set. */
import { type JsonObject, readInt, readString } from '../go/json-decode.js';
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

export function decodeContextExtra(ctx: JsonObject, path: string): ContextExtra {
  const extra = {} as Record<string, string | number>;
  for (const name of TEXT_FIELDS) extra[name] = trim(readString(ctx, name, path));
  extra.credential_source = lowerTrim(readString(ctx, 'credential_source', path));
  extra.credential_access_type = lowerTrim(readString(ctx, 'credential_access_type', path));
  extra.credential_ttl_seconds = readInt(ctx, 'credential_ttl_seconds', path);
  return extra as unknown as ContextExtra;
}

/** Members for the digest payload, Go `omitempty` style. */
export function contextExtraPayload(extra: ContextExtra): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) {
    if (value !== '' && value !== 0) out[key] = value;
  }
  return out;
}
