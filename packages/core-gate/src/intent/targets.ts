/** Target normalization and endpoint inference (gate.md §1.3, HEAD discovery_method §10.1). */
import { compareBytes, goLower, lowerTrim, trim } from '../go/strings.js';
import { goUrlHostname } from '../go/url-host.js';
import { IntentError } from './errors.js';
import type { IntentTarget } from './types.js';

export const TARGET_KINDS = new Set(['path', 'url', 'host', 'repo', 'bucket', 'table', 'queue', 'topic', 'other']);
export const ENDPOINT_CLASSES = new Set([
  'fs.read', 'fs.write', 'fs.delete', 'proc.exec', 'net.http', 'net.dns', 'ui.click', 'ui.type', 'ui.navigate', 'other',
]);
export const DISCOVERY_METHODS = new Set(['webmcp', 'dynamic_mcp', 'a2a', 'mcp', 'static_mcp', 'manual', 'unknown']);

const READ_OPS = new Set(['read', 'get', 'list', 'open', 'cat', 'head', 'download', 'stat']);
const WRITE_OPS = new Set(['write', 'append', 'put', 'create', 'update', 'save', 'copy', 'move', 'rename']);
const DELETE_OPS = new Set(['delete', 'remove', 'rm', 'unlink', 'rmdir', 'drop', 'truncate']);
const EXEC_OPS = new Set(['exec', 'spawn', 'run', 'shell', 'command']);
const DNS_OPS = new Set(['dns', 'resolve', 'lookup']);
const DESTRUCTIVE_OPS = new Set([...DELETE_OPS, 'exec', 'spawn']);

/** A target as decoded, before normalization: the same fields, not yet trimmed or inferred. */
export type RawTarget = IntentTarget;

/** Go `path.Base` of the lowered tool name: hints look only at the last segment. */
function toolBase(toolName: string): string {
  const trimmed = toolName.replace(/\/+$/, '');
  if (trimmed === '') return toolName === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function hasAny(text: string, hints: readonly string[]): boolean {
  return hints.some((hint) => text.includes(hint));
}

const READ_HINTS = ['read', 'list', 'fetch', 'search'];
const WRITE_HINTS = ['write', 'update', 'save', 'create'];
const DELETE_HINTS = ['delete', 'remove', 'rm', 'drop'];
const EXEC_HINTS = ['exec', 'shell', 'command', 'spawn', 'run'];

export function inferEndpointClass(kind: string, operation: string, toolName: string): string {
  const base = toolBase(goLower(trim(toolName)));
  switch (kind) {
    case 'path':
      if (READ_OPS.has(operation)) return 'fs.read';
      if (WRITE_OPS.has(operation)) return 'fs.write';
      if (DELETE_OPS.has(operation)) return 'fs.delete';
      if (hasAny(base, READ_HINTS)) return 'fs.read';
      if (hasAny(base, WRITE_HINTS)) return 'fs.write';
      if (hasAny(base, DELETE_HINTS)) return 'fs.delete';
      return 'other';
    case 'host':
    case 'url':
      return DNS_OPS.has(operation) ? 'net.dns' : 'net.http';
    case 'other':
      if (EXEC_OPS.has(operation)) return 'proc.exec';
      if (hasAny(base, EXEC_HINTS)) return 'proc.exec';
      return 'other';
    default:
      return 'other';
  }
}

export function inferEndpointDomain(kind: string, value: string): string {
  if (kind === 'host') {
    let host = trim(value);
    if (host.startsWith('http://')) host = host.slice('http://'.length);
    if (host.startsWith('https://')) host = host.slice('https://'.length);
    const slash = host.indexOf('/');
    if (slash >= 0) host = host.slice(0, slash);
    const colon = host.indexOf(':');
    if (colon >= 0) host = host.slice(0, colon);
    return goLower(host);
  }
  if (kind === 'url') return goLower(goUrlHostname(value));
  return '';
}

function normalizeDiscoveryMethod(raw: string): string {
  const value = lowerTrim(raw).replace(/[- ]/g, '_');
  if (value === '') return 'unknown';
  if (!DISCOVERY_METHODS.has(value)) throw new IntentError(`unsupported discovery_method: ${value}`, 'targets.discovery_method');
  return value;
}

function normalizeTarget(raw: RawTarget, toolName: string): IntentTarget {
  const kind = lowerTrim(raw.kind);
  const value = trim(raw.value);
  const operation = lowerTrim(raw.operation);
  if (kind === '' || value === '') throw new IntentError('targets require kind and value', 'targets');
  if (!TARGET_KINDS.has(kind)) throw new IntentError(`unsupported target kind: ${kind}`, 'targets.kind');
  let endpointClass = lowerTrim(raw.endpoint_class);
  if (endpointClass === '') endpointClass = inferEndpointClass(kind, operation, toolName);
  if (!ENDPOINT_CLASSES.has(endpointClass)) {
    throw new IntentError(`unsupported endpoint class: ${endpointClass}`, 'targets.endpoint_class');
  }
  let endpointDomain = lowerTrim(raw.endpoint_domain);
  if (endpointDomain === '') endpointDomain = inferEndpointDomain(kind, value);
  const destructive =
    raw.destructive ||
    raw.destructive_hint ||
    endpointClass === 'fs.delete' ||
    endpointClass === 'proc.exec' ||
    DESTRUCTIVE_OPS.has(operation);
  return {
    kind,
    value,
    operation,
    sensitivity: lowerTrim(raw.sensitivity),
    endpoint_class: endpointClass,
    endpoint_domain: endpointDomain,
    destructive,
    discovery_method: normalizeDiscoveryMethod(raw.discovery_method),
    read_only_hint: raw.read_only_hint,
    destructive_hint: raw.destructive_hint,
    idempotent_hint: raw.idempotent_hint,
    open_world_hint: raw.open_world_hint,
  };
}

function targetKey(t: IntentTarget): string[] {
  return [t.kind, t.value, t.operation, t.sensitivity, t.endpoint_class, t.endpoint_domain, t.discovery_method];
}

function compareTargets(a: IntentTarget, b: IntentTarget): number {
  const ka = targetKey(a);
  const kb = targetKey(b);
  for (let i = 0; i < ka.length; i++) {
    const c = compareBytes(ka[i]!, kb[i]!);
    if (c !== 0) return c;
  }
  if (a.destructive !== b.destructive) return a.destructive ? 1 : -1;
  const ha = hintBits(a);
  const hb = hintBits(b);
  return ha === hb ? 0 : ha < hb ? -1 : 1;
}

function hintBits(t: IntentTarget): number {
  return (t.read_only_hint ? 8 : 0) | (t.destructive_hint ? 4 : 0) | (t.idempotent_hint ? 2 : 0) | (t.open_world_hint ? 1 : 0);
}

export function normalizeTargets(raw: readonly RawTarget[], toolName: string): IntentTarget[] {
  // One target (a proxied tool's annotations) has nothing to de-duplicate or sort.
  if (raw.length <= 1) return raw.length === 0 ? [] : [normalizeTarget(raw[0]!, toolName)];
  const seen = new Map<string, IntentTarget>();
  for (const item of raw) {
    const target = normalizeTarget(item, toolName);
    const key = JSON.stringify([...targetKey(target), target.destructive, hintBits(target)]);
    if (!seen.has(key)) seen.set(key, target);
  }
  return [...seen.values()].sort(compareTargets);
}
