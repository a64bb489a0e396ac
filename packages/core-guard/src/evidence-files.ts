/**
 * The evidence files of a guard pack, each the canonical JSON of what the reference's structs
 * would hold. Inputs are read strictly (a duplicate key or a non-object is refused, exit 6).
 */
import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@gait/core-errors';
import { type Runpack, normalizeGoTime } from '@gait/core-runpack';
import { canonicalJson, parseJsonStrict } from '@gait/core-sign';
import { compareBytes } from './go-strings.js';

export interface PackFile {
  readonly path: string;
  readonly data: Uint8Array;
}

type Obj = Record<string, unknown>;

export const jsonFile = (path: string, value: unknown): PackFile => ({ path, data: Buffer.from(canonicalJson(value), 'utf8') });

/** Reads a JSON object from disk; `what` names the flag or role in the error. */
export async function readJsonObject(path: string, what: string): Promise<Obj> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read ${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`, {
      code: 'evidence_read_failed',
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = parseJsonStrict(text);
  } catch (error) {
    throw new InvalidInputError(`parse ${what} ${path}: ${(error as Error).message}`, { code: 'evidence_invalid_json', cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`parse ${what} ${path}: expected a JSON object`, { code: 'evidence_invalid_json' });
  }
  return value as Obj;
}

const text = (o: Obj, key: string): string => (typeof o[key] === 'string' ? (o[key] as string) : '');

export function runpackSummary(runpack: Runpack): Obj {
  return {
    run_id: runpack.run.run_id,
    manifest_digest: runpack.manifest.manifest_digest,
    capture_mode: runpack.manifest.capture_mode,
    intent_count: runpack.intents.length,
    result_count: runpack.results.length,
    receipt_count: runpack.refs.receipts.length,
  };
}

export function referencedRunpacks(runpack: Runpack): Obj {
  const receipts = runpack.refs.receipts
    .map((r) => ({
      ref_id: r.ref_id,
      source_type: r.source_type,
      source_locator: r.source_locator,
      content_digest: r.content_digest,
      retrieved_at: normalizeGoTime(r.retrieved_at, { utc: true, field: 'retrieved_at' }),
    }))
    .sort((a, b) => compareBytes(a.ref_id, b.ref_id));
  return { run_id: runpack.run.run_id, references: receipts.length, receipts };
}

function counts(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export function traceSummary(traces: readonly Obj[]): Obj {
  const rows = traces
    .map((t) => ({ trace_id: text(t, 'trace_id'), tool_name: text(t, 'tool_name'), verdict: text(t, 'verdict') }))
    .sort((a, b) => compareBytes(a.trace_id, b.trace_id));
  return { traces: rows, verdict_counts: counts(rows.map((r) => r.verdict)), total: rows.length };
}

export function regressSummary(results: readonly Obj[]): Obj {
  const rows = results
    .map((r) => ({
      fixture_set: text(r, 'fixture_set'),
      status: text(r, 'status'),
      graders: Array.isArray(r.graders) ? r.graders.length : 0,
    }))
    .sort((a, b) => compareBytes(a.fixture_set, b.fixture_set) || compareBytes(a.status, b.status) || a.graders - b.graders);
  return { results: rows, status_counts: counts(rows.map((r) => r.status)), total: rows.length };
}

/** `approval_audit_01.json`, `approval_audit_02.json`, …: records re-encoded canonically. */
export function numberedFiles(prefix: string, records: readonly Obj[]): PackFile[] {
  return records.map((record, i) => jsonFile(`${prefix}_${String(i + 1).padStart(2, '0')}.json`, record));
}
