/**
 * The five records of a runpack, shaped exactly as the reference's Go structs marshal them (field
 * set, omitempty, `null` for a nil slice) so that canonical JSON and digests match byte for byte.
 */
import type { Signature } from '@gait/core-sign';

export const SCHEMA_VERSION = '1.0.0';
export const DEFAULT_PRODUCER_VERSION = '0.0.0-dev';

export const SchemaIds = {
  run: 'gait.runpack.run',
  intent: 'gait.runpack.intent',
  result: 'gait.runpack.result',
  refs: 'gait.runpack.refs',
  manifest: 'gait.runpack.manifest',
} as const;

export type CaptureMode = 'reference' | 'raw';

export interface RunEnv {
  os: string;
  arch: string;
  runtime: string;
}

export interface TimelineEvent {
  event: string;
  ts: string;
  ref?: string;
  /** v1.4.0 relationship envelope, carried through unchanged. */
  relationship?: Record<string, unknown>;
}

export interface RunRecord {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  run_id: string;
  env: RunEnv;
  /** `null` when the producer gave none, as Go prints a nil slice. */
  timeline: TimelineEvent[] | null;
}

export interface IntentRecord {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  run_id: string;
  intent_id: string;
  tool_name: string;
  args_digest: string;
  /** Present only when non-empty (and, since v1.4.0, only in raw capture mode). */
  args?: Record<string, unknown>;
}

export interface ResultRecord {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  run_id: string;
  intent_id: string;
  status: string;
  result_digest: string;
  result?: Record<string, unknown>;
}

export interface RefReceipt {
  ref_id: string;
  source_type: string;
  source_locator: string;
  query_digest: string;
  content_digest: string;
  retrieved_at: string;
  redaction_mode: string;
  immutability?: string;
  freshness_sla_seconds?: number;
  sensitivity_label?: string;
  retrieval_params?: Record<string, unknown>;
}

export interface RefsRecord {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  run_id: string;
  context_set_digest?: string;
  context_evidence_mode?: string;
  context_ref_count?: number;
  receipts: RefReceipt[];
}

export interface ManifestFile {
  path: string;
  sha256: string;
}

export interface ManifestRecord {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  run_id: string;
  capture_mode: string;
  files: ManifestFile[];
  manifest_digest: string;
  signatures?: Signature[];
}

/** The in-memory content of a runpack. */
export interface Runpack {
  run: RunRecord;
  intents: IntentRecord[];
  results: ResultRecord[];
  refs: RefsRecord;
  manifest: ManifestRecord;
}

/** Data file names, byte-sorted, as the manifest lists them. */
export const DATA_FILES = ['intents.jsonl', 'refs.json', 'results.jsonl', 'run.json'] as const;
export const MANIFEST_FILE = 'manifest.json';

/** Drops keys whose value is undefined, so canonical JSON sees only the Go struct's fields. */
export function definedOnly<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = field;
  return out as T;
}

/** Go omits an empty map under omitempty. */
export function nonEmptyObject(value: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return value && Object.keys(value).length > 0 ? value : undefined;
}

export function nonEmptyString(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
