/**
 * The digest payload of an intent (gate.md §1.4, HEAD §10.1): Go `omitempty` decides which
 * members appear, except that `time.Time` is never omitted.
 */
import { canonicalJson, sha256Hex } from '@gait/core-sign';
import { digestJcs } from '../digest.js';
import { isGoEmpty, putOmitEmpty as put } from '../go/json-encode.js';
import { contextExtraPayload } from './context-extra.js';
import { derivedOnce } from './context-memo.js';
import type { IntentArgProvenance, IntentContext, IntentDelegation, IntentTarget, NormalizedIntent, SkillProvenance } from './types.js';

type Json = Record<string, unknown>;

/** A target's payload members in struct order; `kind` and `value` always, the rest `omitempty`. */
const TARGET_MEMBERS = [
  'kind',
  'value',
  'operation',
  'sensitivity',
  'endpoint_class',
  'endpoint_domain',
  'destructive',
  'discovery_method',
  'read_only_hint',
  'destructive_hint',
  'idempotent_hint',
  'open_world_hint',
] as const;
/** The same members in JCS order (UTF-16 code-unit order, as `sort()` gives). */
const TARGET_MEMBERS_JCS = [...TARGET_MEMBERS].sort();
const isRequiredMember = (key: string) => key === 'kind' || key === 'value';

function targetPayload(t: IntentTarget): Json {
  const out: Json = {};
  for (const key of TARGET_MEMBERS) {
    if (isRequiredMember(key)) out[key] = t[key];
    else put(out, key, t[key]);
  }
  return out;
}

/**
 * `canonicalJson(targetPayload(t))`, written member by member in JCS order: a target's members
 * have fixed names, so no object is built and no keys are sorted per target.
 */
function targetPayloadText(t: IntentTarget): string {
  let out = '';
  for (const key of TARGET_MEMBERS_JCS) {
    const value = t[key];
    if (!isRequiredMember(key) && isGoEmpty(value)) continue;
    out += `${out === '' ? '{' : ','}"${key}":${canonicalJson(value)}`;
  }
  return `${out}}`;
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
  put(out, 'arg_provenance', intent.arg_provenance.map(provenancePayload));
  if (intent.skill_provenance) out.skill_provenance = skillPayload(intent.skill_provenance);
  if (intent.delegation) out.delegation = delegationPayload(intent.delegation);
  return out;
}

function provenancePayload(p: IntentArgProvenance): Json {
  const e: Json = { arg_path: p.arg_path, source: p.source };
  put(e, 'source_ref', p.source_ref);
  put(e, 'integrity_digest', p.integrity_digest);
  return e;
}

function skillPayload(s: SkillProvenance): Json {
  const e: Json = { skill_name: s.skill_name, source: s.source, publisher: s.publisher };
  put(e, 'skill_version', s.skill_version);
  put(e, 'digest', s.digest);
  put(e, 'signature_key_id', s.signature_key_id);
  return e;
}

/**
 * The canonical text of `intentPayload(intent)`, written member by member in JCS order
 * (`arg_provenance`, `args`, `context`, `delegation`, `skill_provenance`, `targets`, `tool_name`)
 * with the args' and the context's canonical text spliced in: the args (usually the largest
 * member) are canonicalized once for both digests, a memoized context once for all decisions,
 * and the usual empty members cost nothing.
 */
function intentPayloadText(intent: NormalizedIntent, argsText: string): string {
  let out = '{';
  if (intent.arg_provenance.length > 0) out += `"arg_provenance":${canonicalJson(intent.arg_provenance.map(provenancePayload))},`;
  out += `"args":${argsText},"context":${contextText(intent.context)}`;
  if (intent.delegation) out += `,"delegation":${canonicalJson(delegationPayload(intent.delegation))}`;
  if (intent.skill_provenance) out += `,"skill_provenance":${canonicalJson(skillPayload(intent.skill_provenance))}`;
  const targets = `[${intent.targets.map(targetPayloadText).join(',')}]`;
  return `${out},"targets":${targets},"tool_name":${canonicalJson(intent.tool_name)}}`;
}

/** What the two digests hash: canonicalizing is the part that can fail on an intent's input. */
export interface DigestTexts {
  argsText: string;
  intentText: string;
}

export function digestTexts(intent: NormalizedIntent): DigestTexts {
  const argsText = canonicalJson(intent.args);
  return { argsText, intentText: intentPayloadText(intent, argsText) };
}

export function hashDigestTexts(texts: DigestTexts): { argsDigest: string; intentDigest: string } {
  return { argsDigest: sha256Hex(texts.argsText), intentDigest: sha256Hex(texts.intentText) };
}

export function computeDigests(intent: NormalizedIntent): { argsDigest: string; intentDigest: string } {
  return hashDigestTexts(digestTexts(intent));
}

/** `DelegationBindingDigest`: digest of the normalized delegation block, "" without one. */
export function delegationBindingDigest(intent: NormalizedIntent): string {
  return intent.delegation ? digestJcs(delegationPayload(intent.delegation)) : '';
}
