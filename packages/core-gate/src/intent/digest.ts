/**
 * The digest payload of an intent (gate.md §1.4, HEAD §10.1): Go `omitempty` decides which
 * members appear, except that `time.Time` is never omitted.
 */
import { canonicalJson, sha256Hex } from '@gait/core-sign';
import { digestJcs } from '../digest.js';
import { putOmitEmpty as put } from '../go/json-encode.js';
import { contextExtraPayload } from './context-extra.js';
import { derivedOnce } from './context-memo.js';
import type { IntentContext, IntentDelegation, IntentTarget, NormalizedIntent } from './types.js';

type Json = Record<string, unknown>;

function targetPayload(t: IntentTarget): Json {
  const out: Json = { kind: t.kind, value: t.value };
  put(out, 'operation', t.operation);
  put(out, 'sensitivity', t.sensitivity);
  put(out, 'endpoint_class', t.endpoint_class);
  put(out, 'endpoint_domain', t.endpoint_domain);
  put(out, 'destructive', t.destructive);
  put(out, 'discovery_method', t.discovery_method);
  put(out, 'read_only_hint', t.read_only_hint);
  put(out, 'destructive_hint', t.destructive_hint);
  put(out, 'idempotent_hint', t.idempotent_hint);
  put(out, 'open_world_hint', t.open_world_hint);
  return out;
}

export function delegationPayload(d: IntentDelegation): Json {
  const out: Json = { requester_identity: d.requester_identity };
  put(out, 'scope_class', d.scope_class);
  put(out, 'token_refs', d.token_refs);
  put(
    out,
    'chain',
    d.chain.map((link) => {
      const l: Json = { delegator_identity: link.delegator_identity, delegate_identity: link.delegate_identity };
      put(l, 'scope_class', link.scope_class);
      put(l, 'token_ref', link.token_ref);
      l.issued_at = link.issued_at.toRFC3339Nano();
      l.expires_at = link.expires_at.toRFC3339Nano();
      return l;
    }),
  );
  out.issued_at = d.issued_at.toRFC3339Nano();
  out.expires_at = d.expires_at.toRFC3339Nano();
  return out;
}

function contextPayload(c: IntentContext): Json {
  const context: Json = { identity: c.identity, workspace: c.workspace, risk_class: c.risk_class };
  put(context, 'phase', c.phase);
  put(context, 'session_id', c.session_id);
  put(context, 'request_id', c.request_id);
  if (c.auth_context !== undefined) context.auth_context = c.auth_context;
  put(context, 'credential_scopes', c.credential_scopes);
  put(context, 'environment_fingerprint', c.environment_fingerprint);
  put(context, 'context_set_digest', c.context_set_digest);
  put(context, 'context_evidence_mode', c.context_evidence_mode);
  put(context, 'context_refs', c.context_refs);
  Object.assign(context, contextExtraPayload(c.extra));
  return context;
}

/** A memoized (frozen) context is canonicalized once. */
const contextText = derivedOnce((c: IntentContext) => canonicalJson(contextPayload(c)));

export function intentPayload(intent: NormalizedIntent): Json {
  return payloadWith(intent, contextPayload(intent.context));
}

function payloadWith(intent: NormalizedIntent, context: unknown): Json {
  const out: Json = {
    tool_name: intent.tool_name,
    args: intent.args,
    targets: intent.targets.map(targetPayload),
    context,
  };
  put(out, 'arg_provenance', intent.arg_provenance.map((p) => {
    const e: Json = { arg_path: p.arg_path, source: p.source };
    put(e, 'source_ref', p.source_ref);
    put(e, 'integrity_digest', p.integrity_digest);
    return e;
  }));
  if (intent.skill_provenance) {
    const s = intent.skill_provenance;
    const e: Json = { skill_name: s.skill_name, source: s.source, publisher: s.publisher };
    put(e, 'skill_version', s.skill_version);
    put(e, 'digest', s.digest);
    put(e, 'signature_key_id', s.signature_key_id);
    out.skill_provenance = e;
  }
  if (intent.delegation) out.delegation = delegationPayload(intent.delegation);
  return out;
}

/** The payload's members in JCS order (UTF-16 code-unit order of these ASCII names). */
const PAYLOAD_ORDER = ['arg_provenance', 'args', 'context', 'delegation', 'skill_provenance', 'targets', 'tool_name'] as const;

/**
 * The canonical text of `intentPayload(intent)`, with the args' and the context's canonical text
 * spliced in: the args (usually the largest member) are canonicalized once for both digests, and
 * a memoized context once for all decisions.
 */
function intentPayloadText(intent: NormalizedIntent, argsText: string): string {
  const payload = payloadWith(intent, undefined);
  let out = '';
  for (const key of PAYLOAD_ORDER) {
    const value = payload[key];
    if (key !== 'context' && value === undefined) continue;
    const text = key === 'args' ? argsText : key === 'context' ? contextText(intent.context) : canonicalJson(value);
    out += `${out === '' ? '{' : ','}"${key}":${text}`;
  }
  return `${out}}`;
}

export function computeDigests(intent: NormalizedIntent): { argsDigest: string; intentDigest: string } {
  const argsText = canonicalJson(intent.args);
  return { argsDigest: sha256Hex(argsText), intentDigest: sha256Hex(intentPayloadText(intent, argsText)) };
}

/** `DelegationBindingDigest`: digest of the normalized delegation block, "" without one. */
export function delegationBindingDigest(intent: NormalizedIntent): string {
  return intent.delegation ? digestJcs(delegationPayload(intent.delegation)) : '';
}
