/**
 * The guard pack manifest (`gait.guard.pack_manifest` 1.0.0), shaped as the reference's struct
 * marshals it: omitempty on the optional parts, `evidence_paths` always a list. Every file in a
 * guard pack is canonical JSON, so only the field set matters, never the order.
 */
import { InvalidInputError } from '@gait/core-errors';
import { normalizeGoTime } from '@gait/core-runpack';
import { type Signature, digestCanonical } from '@gait/core-sign';

export const GUARD_MANIFEST_SCHEMA_ID = 'gait.guard.pack_manifest';
export const GUARD_MANIFEST_FILE = 'pack_manifest.json';

export type GuardContentType = 'runpack' | 'trace' | 'report' | 'evidence';

export interface GuardContent {
  path: string;
  sha256: string;
  type: string;
}

export interface GuardControl {
  control_id: string;
  title: string;
  evidence_paths: string[];
}

export interface EvidencePointer {
  pointer_id: string;
  path: string;
  type: string;
  sha256: string;
}

export interface IncidentWindow {
  from: string;
  to: string;
  window_seconds: number;
  selection_anchor?: string;
}

export interface RenderedArtifact {
  format: string;
  path: string;
  sha256: string;
}

export interface GuardPackManifest {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  pack_id: string;
  run_id: string;
  case_id?: string;
  template_id?: string;
  generated_at: string;
  control_index?: GuardControl[];
  evidence_pointers?: EvidencePointer[];
  incident_window?: IncidentWindow;
  rendered_artifacts?: RenderedArtifact[];
  contents: GuardContent[];
  signatures?: Signature[];
}

/** `pack_` + the first 16 hex of the digest of `{run_id, contents}` (artifacts.md §1.3). */
export function computeGuardPackId(runId: string, contents: readonly GuardContent[]): string {
  return `pack_${digestCanonical({ run_id: runId, contents }).slice(0, 16)}`;
}

/** The signed payload: the struct with its signatures cleared (§2.3). */
export function guardSignableDigest(manifest: GuardPackManifest): string {
  const { signatures: _signatures, ...rest } = manifest;
  return digestCanonical(encodeGuardManifest(rest));
}

/** Drops the empty optional parts exactly where the reference's omitempty does. */
export function encodeGuardManifest(manifest: GuardPackManifest): GuardPackManifest {
  const out: GuardPackManifest = {
    schema_id: manifest.schema_id,
    schema_version: manifest.schema_version,
    created_at: manifest.created_at,
    producer_version: manifest.producer_version,
    pack_id: manifest.pack_id,
    run_id: manifest.run_id,
    generated_at: manifest.generated_at,
    contents: manifest.contents,
  };
  if (manifest.case_id) out.case_id = manifest.case_id;
  if (manifest.template_id) out.template_id = manifest.template_id;
  if (manifest.control_index?.length) out.control_index = manifest.control_index;
  if (manifest.evidence_pointers?.length) out.evidence_pointers = manifest.evidence_pointers;
  if (manifest.incident_window) out.incident_window = manifest.incident_window;
  if (manifest.rendered_artifacts?.length) out.rendered_artifacts = manifest.rendered_artifacts;
  if (manifest.signatures?.length) out.signatures = manifest.signatures;
  return out;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Lenient decode, as the reference reads guard manifests: unknown fields are dropped (so they are
 * covered by no digest), known ones must have their JSON type. Times are re-printed the Go way.
 */
export function decodeGuardManifest(value: unknown): GuardPackManifest {
  const m = asObj(value, 'pack_manifest.json');
  const manifest: GuardPackManifest = {
    schema_id: str(m, 'schema_id'),
    schema_version: str(m, 'schema_version'),
    created_at: time(m, 'created_at'),
    producer_version: str(m, 'producer_version'),
    pack_id: str(m, 'pack_id'),
    run_id: str(m, 'run_id'),
    generated_at: time(m, 'generated_at'),
    contents: list(m, 'contents', (e, at) => ({ path: str(e, 'path', at), sha256: str(e, 'sha256', at), type: str(e, 'type', at) })) ?? [],
  };
  const caseId = str(m, 'case_id');
  if (caseId) manifest.case_id = caseId;
  const templateId = str(m, 'template_id');
  if (templateId) manifest.template_id = templateId;
  const controls = list(m, 'control_index', (e, at) => ({
    control_id: str(e, 'control_id', at),
    title: str(e, 'title', at),
    evidence_paths: strings(e, 'evidence_paths', at),
  }));
  if (controls?.length) manifest.control_index = controls;
  const pointers = list(m, 'evidence_pointers', (e, at) => ({
    pointer_id: str(e, 'pointer_id', at),
    path: str(e, 'path', at),
    type: str(e, 'type', at),
    sha256: str(e, 'sha256', at),
  }));
  if (pointers?.length) manifest.evidence_pointers = pointers;
  if (m.incident_window !== undefined && m.incident_window !== null) {
    const w = asObj(m.incident_window, 'incident_window');
    const window: IncidentWindow = {
      from: time(w, 'from', 'incident_window'),
      to: time(w, 'to', 'incident_window'),
      window_seconds: int(w, 'window_seconds', 'incident_window'),
    };
    const anchor = str(w, 'selection_anchor', 'incident_window');
    if (anchor) window.selection_anchor = anchor;
    manifest.incident_window = window;
  }
  const rendered = list(m, 'rendered_artifacts', (e, at) => ({ format: str(e, 'format', at), path: str(e, 'path', at), sha256: str(e, 'sha256', at) }));
  if (rendered?.length) manifest.rendered_artifacts = rendered;
  const signatures = list(m, 'signatures', (e, at) => {
    const signature: Signature = { alg: str(e, 'alg', at), key_id: str(e, 'key_id', at), sig: str(e, 'sig', at) };
    const signed = str(e, 'signed_digest', at);
    if (signed) signature.signed_digest = signed;
    return signature;
  });
  if (signatures?.length) manifest.signatures = signatures;
  return manifest;
}

function bad(field: string, expected: string): never {
  throw new InvalidInputError(`parse pack manifest: ${field} must be ${expected}`, { code: 'invalid_guard_manifest', details: { field } });
}

function asObj(value: unknown, field: string): Obj {
  if (!isObj(value)) bad(field, 'a JSON object');
  return value;
}

function str(o: Obj, key: string, at?: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') bad(at ? `${at}.${key}` : key, 'a string');
  return v;
}

function int(o: Obj, key: string, at: string): number {
  const v = o[key];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) bad(`${at}.${key}`, 'an integer');
  return v;
}

function time(o: Obj, key: string, at?: string): string {
  const v = str(o, key, at);
  return v === '' ? '0001-01-01T00:00:00Z' : normalizeGoTime(v, { field: at ? `${at}.${key}` : key });
}

function strings(o: Obj, key: string, at: string): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) bad(`${at}.${key}`, 'a list of strings');
  return v as string[];
}

function list<T>(o: Obj, key: string, item: (e: Obj, at: string) => T): T[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) bad(key, 'a list');
  return v.map((e, i) => item(asObj(e, `${key}[${i}]`), `${key}[${i}]`));
}
