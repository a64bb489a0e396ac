import { InvalidInputError } from '@gait/core-errors';
import { compareBytes, openArchive } from '@gait/core-guard';
import { classifyRefsDrift, readRunpack } from '@gait/core-runpack';
import { digestCanonical } from '@gait/core-sign';
import { readPackFile } from './inspect.js';
import { PACK_CREATED_AT, PACK_MANIFEST_FILE, decodePackManifest } from './manifest.js';
import { type Obj, parseObject } from './strict-json.js';

export const PACK_DIFF_SCHEMA_ID = 'gait.pack.diff';

export interface PackDiffSummary {
  changed: boolean;
  added_files?: string[];
  removed_files?: string[];
  changed_files?: string[];
  manifest_delta: boolean;
  context_changed?: boolean;
  context_runtime_only_changes?: boolean;
  context_drift_classification?: 'none' | 'runtime_only' | 'semantic';
}

export interface PackDiff {
  schema_id: string;
  schema_version: string;
  created_at: string;
  left_pack_id: string;
  right_pack_id: string;
  left_pack_type: string;
  right_pack_type: string;
  summary: PackDiffSummary;
}

interface Side {
  packId: string;
  packType: string;
  /** Declared digest per member path. */
  files: Map<string, string>;
  manifestDigest: string;
  members: (name: string) => Uint8Array | undefined;
  runPayload?: Obj;
}

async function load(source: string | Uint8Array): Promise<Side> {
  const bytes = typeof source === 'string' ? await readPackFile(source) : source;
  const archive = openArchive(bytes);
  const raw = archive.get(PACK_MANIFEST_FILE);
  if (raw === undefined) {
    if (archive.get('manifest.json') === undefined) throw new InvalidInputError(`missing ${PACK_MANIFEST_FILE}`, { code: 'pack_manifest_missing' });
    // A legacy runpack: its data files, and its manifest digest as the manifest's identity.
    const runpack = await readRunpack(bytes);
    return {
      packId: runpack.manifest.manifest_digest,
      packType: 'run',
      files: new Map(runpack.manifest.files.map((f) => [f.path, f.sha256.toLowerCase()])),
      manifestDigest: runpack.manifest.manifest_digest,
      members: (name) => (name === 'source/runpack.zip' ? bytes : undefined),
    };
  }
  const document = parseObject(raw, 'parse pack manifest');
  const manifest = decodePackManifest(document);
  const payload = archive.get('run_payload.json');
  return {
    packId: manifest.pack_id,
    packType: manifest.pack_type,
    files: new Map(manifest.contents.map((c) => [c.path, c.sha256.toLowerCase()])),
    manifestDigest: digestCanonical(document),
    members: (name) => archive.get(name),
    ...(payload ? { runPayload: parseObject(payload, 'parse run_payload.json') } : {}),
  };
}

async function contextDrift(left: Side, right: Side): Promise<PackDiffSummary['context_drift_classification']> {
  const l = left.members('source/runpack.zip');
  const r = right.members('source/runpack.zip');
  if (l && r) {
    try {
      return classifyRefsDrift((await readRunpack(l)).refs, (await readRunpack(r)).refs);
    } catch {
      // An unreadable embedded runpack falls back to the payload comparison below.
    }
  }
  const key = (p?: Obj) => JSON.stringify([p?.context_set_digest ?? '', p?.context_evidence_mode ?? '', p?.context_ref_count ?? 0]);
  return key(left.runPayload) === key(right.runPayload) ? 'none' : 'semantic';
}

/** `gait pack diff`: files compared by declared digest, the manifest, and for two run packs the context drift. */
export async function diffPacks(leftSource: string | Uint8Array, rightSource: string | Uint8Array): Promise<PackDiff> {
  const [left, right] = await Promise.all([load(leftSource), load(rightSource)]);
  const added = [...right.files.keys()].filter((p) => !left.files.has(p)).sort(compareBytes);
  const removed = [...left.files.keys()].filter((p) => !right.files.has(p)).sort(compareBytes);
  const changedFiles = [...left.files.keys()].filter((p) => right.files.has(p) && right.files.get(p) !== left.files.get(p)).sort(compareBytes);
  const summary: PackDiffSummary = {
    changed: false,
    ...(added.length ? { added_files: added } : {}),
    ...(removed.length ? { removed_files: removed } : {}),
    ...(changedFiles.length ? { changed_files: changedFiles } : {}),
    manifest_delta: left.manifestDigest !== right.manifestDigest || left.packType !== right.packType,
  };
  if (left.packType === 'run' && right.packType === 'run') {
    const drift = await contextDrift(left, right);
    if (drift !== 'none') summary.context_changed = true;
    if (drift === 'runtime_only') summary.context_runtime_only_changes = true;
    summary.context_drift_classification = drift;
  } else {
    summary.context_drift_classification = 'none';
  }
  summary.changed = added.length > 0 || removed.length > 0 || changedFiles.length > 0 || summary.manifest_delta || summary.context_changed === true;
  return {
    schema_id: PACK_DIFF_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: PACK_CREATED_AT,
    left_pack_id: left.packId,
    right_pack_id: right.packId,
    left_pack_type: left.packType,
    right_pack_type: right.packType,
    summary,
  };
}
