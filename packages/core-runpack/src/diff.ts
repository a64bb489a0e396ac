import { digestCanonical } from '@gait/core-sign';
import type { RunpackSource } from './archive.js';
import { sortBytes } from './go-strings.js';
import { GO_ZERO_TIME } from './go-time.js';
import { readRunpack } from './read.js';
import type { IntentRecord, ManifestRecord, RefsRecord, ResultRecord, Runpack } from './records.js';
import { RECEIPT_ZERO_TIME } from './refs.js';

export type DiffPrivacy = 'full' | 'metadata';
export type ContextDrift = 'none' | 'runtime_only' | 'semantic';

export interface RunpackDiffSummary {
  run_id_left: string;
  run_id_right: string;
  manifest_changed: boolean;
  files_changed?: string[];
  intents_changed: boolean;
  results_changed: boolean;
  refs_changed: boolean;
  left_only_intents?: string[];
  right_only_intents?: string[];
  left_only_results?: string[];
  right_only_results?: string[];
  context_drift_classification?: ContextDrift;
  context_runtime_only_changes?: boolean;
}

export interface RunpackDiff {
  privacy: DiffPrivacy;
  summary: RunpackDiffSummary;
}

/** True when nothing but run identity, producer, times or signatures differs. */
export function isDiffUnchanged(diff: RunpackDiff): boolean {
  const s = diff.summary;
  return !s.manifest_changed && !s.intents_changed && !s.results_changed && !s.refs_changed;
}

export async function diffRunpacks(left: RunpackSource, right: RunpackSource, privacy: DiffPrivacy = 'full'): Promise<RunpackDiff> {
  return diffRunpackContents(await readRunpack(left), await readRunpack(right), privacy);
}

/**
 * The reference's run diff: records are compared by intent id after clearing what legitimately
 * differs between two recordings (run id, producer, times; payloads too under `metadata`).
 */
export function diffRunpackContents(left: Runpack, right: Runpack, privacy: DiffPrivacy = 'full'): RunpackDiff {
  const leftFiles = new Set(left.manifest.files.map((f) => f.path));
  const rightFiles = new Set(right.manifest.files.map((f) => f.path));
  const filesChanged = sortBytes([...leftFiles].filter((p) => !rightFiles.has(p)).concat([...rightFiles].filter((p) => !leftFiles.has(p))));
  const intents = compareKeyed(left.intents, right.intents, (r) => recordDigest(r, privacy, 'args'));
  const results = compareKeyed(left.results, right.results, (r) => recordDigest(r, privacy, 'result'));

  let refsChanged: boolean;
  let drift: ContextDrift;
  if (privacy === 'metadata') {
    refsChanged = left.refs.receipts.length !== right.refs.receipts.length;
    drift = 'none';
  } else {
    drift = classifyRefsDrift(left.refs, right.refs);
    refsChanged = digestCanonical(clearRefs(left.refs)) !== digestCanonical(clearRefs(right.refs)) || drift !== 'none';
  }
  const summary: RunpackDiffSummary = {
    run_id_left: left.run.run_id || left.manifest.run_id,
    run_id_right: right.run.run_id || right.manifest.run_id,
    manifest_changed: digestCanonical(clearManifest(left.manifest)) !== digestCanonical(clearManifest(right.manifest)),
    intents_changed: intents.changed,
    results_changed: results.changed,
    refs_changed: refsChanged,
    context_drift_classification: drift,
  };
  if (filesChanged.length > 0) summary.files_changed = filesChanged;
  if (intents.leftOnly.length > 0) summary.left_only_intents = intents.leftOnly;
  if (intents.rightOnly.length > 0) summary.right_only_intents = intents.rightOnly;
  if (results.leftOnly.length > 0) summary.left_only_results = results.leftOnly;
  if (results.rightOnly.length > 0) summary.right_only_results = results.rightOnly;
  if (drift === 'runtime_only') summary.context_runtime_only_changes = true;
  return { privacy, summary };
}

/**
 * `none` when the refs are identical; `runtime_only` when only retrieval times or the set digest
 * moved; `semantic` otherwise. Like the reference, the refs' run id and creation time count, so
 * runpacks of different runs are always `semantic`.
 */
export function classifyRefsDrift(left: RefsRecord, right: RefsRecord): ContextDrift {
  const same = (a: RefsRecord, b: RefsRecord) => digestCanonical(a) === digestCanonical(b);
  if (same(left, right)) return 'none';
  const runtimeBlind = (refs: RefsRecord): RefsRecord => {
    const { context_set_digest: _digest, ...rest } = refs;
    return { ...rest, receipts: refs.receipts.map((r) => ({ ...r, retrieved_at: RECEIPT_ZERO_TIME })) };
  };
  return same(runtimeBlind(left), runtimeBlind(right)) ? 'runtime_only' : 'semantic';
}

function compareKeyed<T extends { intent_id: string }>(left: T[], right: T[], digest: (record: T) => string) {
  // Keyed by intent id; a duplicate id keeps the last record, as the reference's map does.
  const l = new Map(left.map((r) => [r.intent_id, digest(r)]));
  const r = new Map(right.map((rec) => [rec.intent_id, digest(rec)]));
  const leftOnly = sortBytes([...l.keys()].filter((k) => !r.has(k)));
  const rightOnly = sortBytes([...r.keys()].filter((k) => !l.has(k)));
  const changed = leftOnly.length > 0 || rightOnly.length > 0 || [...l].some(([k, d]) => r.has(k) && r.get(k) !== d);
  return { leftOnly, rightOnly, changed };
}

function recordDigest(record: IntentRecord | ResultRecord, privacy: DiffPrivacy, payloadKey: 'args' | 'result'): string {
  const cleared: Record<string, unknown> = { ...record, run_id: '', producer_version: '', created_at: GO_ZERO_TIME };
  if (privacy === 'metadata') delete cleared[payloadKey];
  return digestCanonical(cleared);
}

function clearRefs(refs: RefsRecord): RefsRecord {
  return { ...refs, run_id: '', producer_version: '', created_at: GO_ZERO_TIME };
}

function clearManifest(manifest: ManifestRecord): ManifestRecord {
  const { signatures: _signatures, ...rest } = manifest;
  return {
    ...rest,
    run_id: '',
    producer_version: '',
    created_at: GO_ZERO_TIME,
    manifest_digest: '',
    files: manifest.files.map((file) => ({ path: file.path, sha256: '' })),
  };
}
