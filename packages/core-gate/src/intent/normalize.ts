/** Intent decoding and normalization (gate.md §1.1–§1.3 with HEAD §10.1). */
import { canonicalJson } from '@gait/core-sign';
import { compareBytes, goLower, isHex64, lowerTrim, normalizeStringList, trim } from '../go/strings.js';
import { GoFields, type JsonObject, decodeError, isObject } from '../go/json-decode.js';
import { GoTime } from '../go/time.js';
import { decodeContextExtra } from './context-extra.js';
import { ContentMemo, freezeShallowMembers, stringMembers } from './context-memo.js';
import { type DigestTexts, digestTexts, hashDigestTexts } from './digest.js';
import { IntentError } from './errors.js';
import { type RawTarget, normalizeTargets } from './targets.js';
import type {
  DelegationLink,
  IntentArgProvenance,
  IntentContext,
  IntentDelegation,
  NormalizedIntent,
  SkillProvenance,
} from './types.js';

const PROVENANCE_SOURCES = new Set(['user', 'tool_output', 'external', 'system']);
const DEFAULT_CREATED_AT = GoTime.parse('1980-01-01T00:00:00Z');

/** The intent as Go's `json.Unmarshal` leaves it: typed, not yet normalized. */
export interface RawIntent {
  schema_id: string;
  schema_version: string;
  created_at: GoTime;
  producer_version: string;
  tool_name: string;
  args: unknown;
  targets: RawTarget[];
  arg_provenance: { arg_path: string; source: string; source_ref: string; integrity_digest: string }[];
  skill_provenance: Omit<SkillProvenance, never> | undefined;
  delegation: RawDelegation | undefined;
  context: RawContext;
}

interface RawDelegation {
  requester_identity: string;
  scope_class: string;
  token_refs: string[];
  chain: DelegationLink[];
  issued_at: GoTime;
  expires_at: GoTime;
}

type RawContext = Omit<IntentContext, 'auth_context'> & { auth_context: JsonObject | undefined };


export function decodeIntent(value: unknown): RawIntent {
  if (!isObject(value)) throw decodeError('intent', 'object', value);
  const p = 'intent';
  const f = new GoFields(value, p);
  const args = f.get('args');
  if (args !== undefined && args !== null && !isObject(args)) throw decodeError(`${p}.args`, 'object', args);
  const ctx = f.object('context') ?? {};
  const skill = f.object('skill_provenance');
  const delegation = f.object('delegation');
  return {
    schema_id: f.string('schema_id'),
    schema_version: f.string('schema_version'),
    created_at: f.time('created_at'),
    producer_version: f.string('producer_version'),
    tool_name: f.string('tool_name'),
    args: args ?? {},
    targets: f.objectList('targets').map((t, i) => decodeTarget(new GoFields(t, `${p}.targets[${i}]`))),
    arg_provenance: f.objectList('arg_provenance').map((a, i) => {
      const q = new GoFields(a, `${p}.arg_provenance[${i}]`);
      return {
        arg_path: q.string('arg_path'),
        source: q.string('source'),
        source_ref: q.string('source_ref'),
        integrity_digest: q.string('integrity_digest'),
      };
    }),
    skill_provenance: skill && decodeSkill(new GoFields(skill, `${p}.skill_provenance`)),
    delegation: delegation && decodeDelegation(new GoFields(delegation, `${p}.delegation`)),
    context: decodeContext(ctx, `${p}.context`),
  };
}

const decodedContexts = new ContentMemo<RawContext>();

function decodeContext(obj: JsonObject, path: string): RawContext {
  const key = stringMembers(obj);
  const known = key === undefined ? undefined : decodedContexts.get(key);
  if (known) return known;
  const ctx = new GoFields(obj, path);
  const raw: RawContext = {
    identity: ctx.string('identity'),
    workspace: ctx.string('workspace'),
    risk_class: ctx.string('risk_class'),
    phase: ctx.string('phase'),
    session_id: ctx.string('session_id'),
    request_id: ctx.string('request_id'),
    auth_context: ctx.object('auth_context'),
    credential_scopes: ctx.stringList('credential_scopes'),
    environment_fingerprint: ctx.string('environment_fingerprint'),
    context_set_digest: ctx.string('context_set_digest'),
    context_evidence_mode: ctx.string('context_evidence_mode'),
    context_refs: ctx.stringList('context_refs'),
    extra: decodeContextExtra(ctx),
  };
  // Memoized only once it has normalized without error (see normalizeRawIntent).
  if (key !== undefined) pendingContexts.set(raw, key);
  return raw;
}

/** Decoded all-string contexts waiting for their first normalization to succeed. */
const pendingContexts = new WeakMap<RawContext, readonly string[]>();

function decodeSkill(s: GoFields): SkillProvenance {
  return {
    skill_name: s.string('skill_name'),
    skill_version: s.string('skill_version'),
    source: s.string('source'),
    publisher: s.string('publisher'),
    digest: s.string('digest'),
    signature_key_id: s.string('signature_key_id'),
  };
}

function decodeTarget(t: GoFields): RawTarget {
  return {
    kind: t.string('kind'),
    value: t.string('value'),
    operation: t.string('operation'),
    sensitivity: t.string('sensitivity'),
    endpoint_class: t.string('endpoint_class'),
    endpoint_domain: t.string('endpoint_domain'),
    destructive: t.bool('destructive'),
    discovery_method: t.string('discovery_method'),
    read_only_hint: t.bool('read_only_hint'),
    destructive_hint: t.bool('destructive_hint'),
    idempotent_hint: t.bool('idempotent_hint'),
    open_world_hint: t.bool('open_world_hint'),
  };
}

function decodeDelegation(d: GoFields): RawDelegation {
  return {
    requester_identity: d.string('requester_identity'),
    scope_class: d.string('scope_class'),
    token_refs: d.stringList('token_refs'),
    chain: d.objectList('chain').map((link, i) => {
      const l = new GoFields(link, `${d.path}.chain[${i}]`);
      return {
        delegator_identity: l.string('delegator_identity'),
        delegate_identity: l.string('delegate_identity'),
        scope_class: l.string('scope_class'),
        token_ref: l.string('token_ref'),
        issued_at: l.time('issued_at'),
        expires_at: l.time('expires_at'),
      };
    }),
    issued_at: d.time('issued_at'),
    expires_at: d.time('expires_at'),
  };
}

/**
 * Deepest nesting of args accepted. Canonical JSON recurses a few frames per level, so without a
 * bound the stack decides (a `RangeError` at about 2,500 levels, wherever the caller's stack
 * stands); a bound well below that makes args that normalize always digest.
 */
export const MAX_ARGS_DEPTH = 1000;

/** Every string trimmed, every key trimmed (the later duplicate wins), recursively. */
export function normalizeJsonValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return trim(value);
  // JSON has no such numbers (Go refuses to decode them; `JSON.parse` reads 1e400 as Infinity),
  // and the intent digest could not be computed: refused here, with the other bad arguments.
  if (typeof value === 'number' && !Number.isFinite(value)) throw new IntentError('normalize args: args contains a number that is not finite', 'args');
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_ARGS_DEPTH) throw new IntentError(`normalize args: args nest deeper than ${MAX_ARGS_DEPTH} levels`, 'args');
  if (Array.isArray(value)) return value.map((item) => normalizeJsonValue(item, depth + 1));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const k = trim(key);
    if (k === '') throw new IntentError('normalize args: args contains empty key', 'args');
    const member = normalizeJsonValue(value[key], depth + 1);
    // A `__proto__` key (JSON.parse makes it an own member) is a member like any other, as in Go.
    if (k === '__proto__') Object.defineProperty(out, k, { value: member, enumerable: true, writable: true, configurable: true });
    else out[k] = member;
  }
  return out;
}

/**
 * An intent's `args` as normalization leaves them (strings trimmed, keys trimmed); throws the
 * `IntentError` that normalizing an intent with these args would throw. The only part of an
 * intent's normalization that depends on its args.
 */
export function normalizeArgs(args: unknown): JsonObject {
  const normalized = normalizeJsonValue(args ?? {});
  if (!isObject(normalized)) throw new IntentError('args must be a JSON object', 'args');
  return normalized;
}

/**
 * Normalizes `args` and canonicalizes them as the args digest would: throws whatever normalizing
 * or digesting an intent with these args would throw (an `IntentError`, or the canonical-JSON
 * error, e.g. keys that clash once lone surrogates are repaired).
 */
export function checkIntentArgs(args: unknown): void {
  canonicalJson(normalizeArgs(args));
}

function normalizeProvenance(raw: RawIntent['arg_provenance']): IntentArgProvenance[] {
  if (raw.length === 0) return [];
  const seen = new Map<string, IntentArgProvenance>();
  for (const item of raw) {
    const entry = {
      arg_path: trim(item.arg_path),
      source: lowerTrim(item.source),
      source_ref: trim(item.source_ref),
      integrity_digest: lowerTrim(item.integrity_digest),
    };
    if (entry.arg_path === '' || entry.source === '') {
      throw new IntentError('arg provenance requires arg_path and source', 'arg_provenance');
    }
    if (!PROVENANCE_SOURCES.has(entry.source)) throw new IntentError(`unsupported provenance source: ${entry.source}`, 'arg_provenance.source');
    if (entry.integrity_digest !== '' && !isHex64(entry.integrity_digest)) {
      throw new IntentError(`invalid provenance integrity_digest: ${entry.integrity_digest}`, 'arg_provenance.integrity_digest');
    }
    const key = JSON.stringify([entry.arg_path, entry.source, entry.source_ref, entry.integrity_digest]);
    if (!seen.has(key)) seen.set(key, entry);
  }
  return [...seen.values()].sort(
    (a, b) =>
      compareBytes(a.arg_path, b.arg_path) ||
      compareBytes(a.source, b.source) ||
      compareBytes(a.source_ref, b.source_ref) ||
      compareBytes(a.integrity_digest, b.integrity_digest),
  );
}

function normalizeSkill(raw: SkillProvenance): SkillProvenance {
  const skill = {
    skill_name: trim(raw.skill_name),
    skill_version: trim(raw.skill_version),
    source: lowerTrim(raw.source),
    publisher: trim(raw.publisher),
    digest: lowerTrim(raw.digest),
    signature_key_id: trim(raw.signature_key_id),
  };
  if (skill.skill_name === '' || skill.source === '' || skill.publisher === '') {
    throw new IntentError('skill provenance requires skill_name, source, and publisher', 'skill_provenance');
  }
  if (skill.digest !== '' && !isHex64(skill.digest)) throw new IntentError('skill provenance digest must be sha256 hex', 'skill_provenance.digest');
  return skill;
}


function normalizeContext(raw: RawContext): IntentContext {
  const identity = trim(raw.identity);
  const workspace = trim(raw.workspace).replace(/\\/g, '/');
  const riskClass = lowerTrim(raw.risk_class);
  if (identity === '') throw new IntentError('context.identity is required', 'context.identity');
  if (workspace === '') throw new IntentError('context.workspace is required', 'context.workspace');
  if (riskClass === '') throw new IntentError('context.risk_class is required', 'context.risk_class');
  let authContext: Record<string, unknown> | undefined;
  if (raw.auth_context && Object.keys(raw.auth_context).length > 0) {
    const normalized = normalizeJsonValue(raw.auth_context) as Record<string, unknown>;
    authContext = Object.keys(normalized).length > 0 ? normalized : undefined;
  }
  const contextSetDigest = lowerTrim(raw.context_set_digest);
  if (contextSetDigest !== '' && !isHex64(contextSetDigest)) {
    throw new IntentError('context.context_set_digest must be sha256 hex', 'context.context_set_digest');
  }
  const mode = lowerTrim(raw.context_evidence_mode);
  if (mode !== '' && mode !== 'best_effort' && mode !== 'required') {
    throw new IntentError('context.context_evidence_mode must be best_effort or required', 'context.context_evidence_mode');
  }
  const phase = lowerTrim(raw.phase) || 'apply';
  if (phase !== 'plan' && phase !== 'apply') throw new IntentError('context.phase must be plan or apply', 'context.phase');
  return {
    identity,
    workspace,
    risk_class: riskClass,
    phase,
    session_id: trim(raw.session_id),
    request_id: trim(raw.request_id),
    auth_context: authContext,
    credential_scopes: normalizeStringList(raw.credential_scopes),
    environment_fingerprint: trim(raw.environment_fingerprint),
    context_set_digest: contextSetDigest,
    context_evidence_mode: mode,
    context_refs: normalizeStringList(raw.context_refs),
    extra: raw.extra,
  };
}

const normalizedContexts = new WeakMap<RawContext, IntentContext>();

/** A memoized decoded context normalizes once; a fresh one that normalizes is memoized, frozen. */
function normalizedContext(raw: RawContext): IntentContext {
  const known = normalizedContexts.get(raw);
  if (known) return known;
  const context = normalizeContext(raw);
  const key = pendingContexts.get(raw);
  if (key !== undefined) {
    pendingContexts.delete(raw);
    freezeShallowMembers(raw);
    normalizedContexts.set(raw, freezeShallowMembers(context));
    decodedContexts.set(key, raw);
  }
  return context;
}

function checkWindow(issued: GoTime, expires: GoTime, label: string): void {
  if (!issued.isZero() && !expires.isZero() && expires.compare(issued) <= 0) {
    throw new IntentError(`${label} expires_at must be after issued_at`, label);
  }
}

function normalizeDelegation(raw: RawDelegation): IntentDelegation {
  const requester = trim(raw.requester_identity);
  if (requester === '') throw new IntentError('delegation.requester_identity is required', 'delegation.requester_identity');
  const chain = raw.chain.map((link, i) => {
    const delegator = trim(link.delegator_identity);
    const delegate = trim(link.delegate_identity);
    if (delegator === '' || delegate === '') {
      throw new IntentError(`delegation.chain[${i}] requires delegator_identity and delegate_identity`, `delegation.chain[${i}]`);
    }
    const out: DelegationLink = {
      delegator_identity: delegator,
      delegate_identity: delegate,
      scope_class: lowerTrim(link.scope_class),
      token_ref: trim(link.token_ref),
      issued_at: link.issued_at.utc(),
      expires_at: link.expires_at.utc(),
    };
    checkWindow(out.issued_at, out.expires_at, `delegation.chain[${i}]`);
    return out;
  });
  const delegation: IntentDelegation = {
    requester_identity: requester,
    scope_class: lowerTrim(raw.scope_class),
    token_refs: normalizeStringList(raw.token_refs),
    chain,
    issued_at: raw.issued_at.utc(),
    expires_at: raw.expires_at.utc(),
  };
  checkWindow(delegation.issued_at, delegation.expires_at, 'delegation');
  return delegation;
}

/** Options of `normalizeRawIntent` and `normalizeIntent`. */
export interface NormalizeOptions {
  /**
   * Leave `args_digest` and `intent_digest` empty, for `fillIntentDigests` to set later. Evaluation
   * does not read them, so a caller that must decide fast (the forwarding proxy) can take the
   * verdict first and digest the intent once the call is on its way.
   */
  deferDigests?: boolean;
}

/**
 * Normalize a decoded intent. Throws `IntentError` (exit 6) with the reference's message on the
 * first problem, in the reference's order.
 */
export function normalizeRawIntent(raw: RawIntent, options: NormalizeOptions = {}): NormalizedIntent {
  const toolName = goLower(trim(raw.tool_name));
  if (toolName === '') throw new IntentError('tool_name is required', 'tool_name');
  const args = normalizeArgs(raw.args);
  const targets = normalizeTargets(raw.targets, toolName);
  const argProvenance = normalizeProvenance(raw.arg_provenance);
  const skill = raw.skill_provenance && normalizeSkill(raw.skill_provenance);
  const context = normalizedContext(raw.context);
  const delegation = raw.delegation && normalizeDelegation(raw.delegation);
  const intent: NormalizedIntent = {
    schema_id: raw.schema_id || 'gait.gate.intent_request',
    schema_version: raw.schema_version || '1.0.0',
    created_at: raw.created_at,
    producer_version: raw.producer_version,
    tool_name: toolName,
    args,
    targets,
    arg_provenance: argProvenance,
    skill_provenance: skill,
    delegation,
    context,
    args_digest: '',
    intent_digest: '',
  };
  // Canonicalized now, hashed now or later: whatever can fail on the input fails here.
  const texts = digestTexts(intent);
  if (!options.deferDigests) return setDigests(intent, texts);
  deferredDigests.set(intent, texts);
  return intent;
}

/** Canonical texts of intents normalized with `deferDigests`, waiting to be hashed. */
const deferredDigests = new WeakMap<NormalizedIntent, DigestTexts>();

function setDigests(intent: NormalizedIntent, texts: DigestTexts): NormalizedIntent {
  const digests = hashDigestTexts(texts);
  intent.args_digest = digests.argsDigest;
  intent.intent_digest = digests.intentDigest;
  return intent;
}

/**
 * Sets `args_digest` and `intent_digest` of a normalized intent (in place) and returns it. For an
 * intent normalized with `deferDigests` this only hashes the canonical texts normalization made,
 * so it cannot fail on the intent's content.
 */
export function fillIntentDigests(intent: NormalizedIntent): NormalizedIntent {
  const texts = deferredDigests.get(intent);
  deferredDigests.delete(intent);
  return setDigests(intent, texts ?? digestTexts(intent));
}

/** Decode and normalize a parsed JSON intent in one step. */
export function normalizeIntent(value: unknown, options: NormalizeOptions = {}): NormalizedIntent {
  return normalizeRawIntent(decodeIntent(value), options);
}

/** `created_at` of a gate result: the intent's time in UTC, or 1980-01-01 when it is unset. */
export function resultCreatedAt(createdAt: GoTime): GoTime {
  return createdAt.isZero() ? DEFAULT_CREATED_AT : createdAt.utc();
}
