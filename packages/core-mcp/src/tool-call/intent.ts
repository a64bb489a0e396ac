/** `ToolCall` → `gait.gate.intent_request` (surfaces.md §1.2 `ToIntentRequest`, HEAD additions). */
import { InvalidInputError } from '@gait/core-errors';
import { type JsonObject, isObject } from './json.js';
import type { ToolCall } from './types.js';

/** The risk class of a call that names none (the reference's default). */
export const DEFAULT_RISK_CLASS = 'high';

export interface IntentOptions {
  /** `oss-prod`: identity, workspace and session_id must be given, not defaulted. */
  requireExplicitContext?: boolean;
  /** Stamped as the intent's producer_version; default `0.0.0-dev` as in the reference. */
  producerVersion?: string;
}

const AUTH_MODES = new Set(['off', 'none', 'token', 'oauth', 'oauth_dcr']);
const OAUTH_FIELDS = ['issuer', 'audience', 'subject', 'client_id', 'token_type', 'scopes', 'redirect_uri', 'evidence_ref', 'auth_time'];
const DCR_FIELDS = ['dcr_client_id', 'token_binding'];
/** Context keys that only steer the proxy; never part of the intent (so never of its digest). */
const PROXY_ONLY_CONTEXT = new Set(['run_id', 'auth_mode', 'oauth_evidence', 'context_envelope_path']);

/** The context members the standard profile defaults and oss-prod requires. */
const EXPLICIT_CONTEXT = ['identity', 'workspace', 'session_id'] as const;

function text(obj: JsonObject, key: string): string {
  const v = obj[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** True when the raw call lacked identity, workspace or session_id (the standard-profile warning). */
export function usedFallbackContext(call: ToolCall): boolean {
  return EXPLICIT_CONTEXT.some((k) => text(call.context, k) === '');
}

export function toIntentRequest(call: ToolCall, options: IntentOptions = {}): JsonObject {
  if (call.name === '') throw new InvalidInputError('tool call name is required', { code: 'tool_call_invalid' });
  const ctx = call.context;
  if (options.requireExplicitContext) {
    for (const key of EXPLICIT_CONTEXT) {
      if (text(ctx, key) === '') throw new InvalidInputError(`context.${key} is required in strict profile`, { code: 'context_required' });
    }
  }
  const context: JsonObject = {};
  for (const key of Object.keys(ctx)) if (!PROXY_ONLY_CONTEXT.has(key)) context[key] = ctx[key];
  context.identity = text(ctx, 'identity') || 'mcp-proxy';
  context.workspace = text(ctx, 'workspace') || '.';
  context.risk_class = text(ctx, 'risk_class') || DEFAULT_RISK_CLASS;
  const auth = authContext(ctx, options.requireExplicitContext === true);
  if (auth) context.auth_context = auth;

  const intent: JsonObject = {
    schema_id: 'gait.gate.intent_request',
    schema_version: '1.0.0',
    created_at: call.created_at,
    producer_version: options.producerVersion ?? '0.0.0-dev',
    tool_name: call.name,
    args: call.args,
    targets: call.targets.map((t) => ({ ...t })),
    context,
  };
  if (call.arg_provenance.length > 0) intent.arg_provenance = call.arg_provenance;
  if (call.delegation) intent.delegation = call.delegation;
  return intent;
}

/** HEAD: `auth_mode` and `oauth_evidence` are checked, then copied into `auth_context`. */
function authContext(ctx: JsonObject, strict: boolean): JsonObject | undefined {
  const base = isObject(ctx.auth_context) ? { ...ctx.auth_context } : undefined;
  const evidence = isObject(ctx.oauth_evidence) ? ctx.oauth_evidence : undefined;
  const declared = text(ctx, 'auth_mode') || (typeof base?.oauth_mode === 'string' ? base.oauth_mode.trim() : '');
  const mode = (declared || (evidence ? 'oauth' : '')).toLowerCase();
  if (mode === '') return base;
  if (!AUTH_MODES.has(mode)) {
    throw new InvalidInputError(`unsupported context.auth_mode "${mode}" (expected off, none, token, oauth or oauth_dcr)`, { code: 'context_invalid' });
  }
  if (strict && (mode === 'oauth' || mode === 'oauth_dcr')) {
    const required = mode === 'oauth_dcr' ? [...OAUTH_FIELDS, ...DCR_FIELDS] : OAUTH_FIELDS;
    const missing = required.filter((f) => {
      const v = evidence?.[f];
      return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    });
    if (missing.length > 0) throw new InvalidInputError(`missing OAuth evidence fields: ${missing.join(', ')}`, { code: 'context_invalid' });
  }
  const out: JsonObject = { ...(base ?? {}), auth_mode: mode };
  if (evidence) out.oauth_evidence = evidence;
  return out;
}
