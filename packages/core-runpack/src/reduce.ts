import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { writeFileAtomic } from '@gait/core-fsx';
import type { RunpackSource } from './archive.js';
import { goMarshal } from './go-json.js';
import { compareBytes, goTrim } from './go-strings.js';
import { readRunpack } from './read.js';
import { assembleRunpack } from './record.js';
import { SCHEMA_VERSION, type IntentRecord, type ResultRecord, type Runpack } from './records.js';
import { normalizeRefs } from './refs.js';

export type ReducePredicate = 'missing_result' | 'non_ok_status';

export interface ReduceReport {
  schema_id: 'gait.runpack.reduce_report';
  schema_version: string;
  created_at: string;
  producer_version: string;
  run_id: string;
  reduced_run_id: string;
  predicate: ReducePredicate;
  selected_intent_id: string;
  original_intent_count: number;
  reduced_intent_count: number;
  original_result_count: number;
  reduced_result_count: number;
  original_ref_count: number;
  reduced_ref_count: number;
  still_failing: boolean;
}

export interface ReduceResult {
  report: ReduceReport;
  runpack: Runpack;
  zip: Uint8Array;
}

export function parseReducePredicate(value: string): ReducePredicate {
  const predicate = goTrim(value).toLowerCase();
  if (predicate !== 'missing_result' && predicate !== 'non_ok_status') {
    throw new InvalidInputError(`unsupported predicate ${JSON.stringify(value)} (expected missing_result or non_ok_status)`, { code: 'invalid_predicate' });
  }
  return predicate;
}

const isOkStatus = (status: string) => ['ok', 'success'].includes(goTrim(status).toLowerCase());

/** The failing intent a predicate selects: the first by byte order of intent id. */
function selectIntent(runpack: Runpack, predicate: ReducePredicate): { intent: IntentRecord; result?: ResultRecord } | undefined {
  const sorted = [...runpack.intents].sort((a, b) => compareBytes(a.intent_id, b.intent_id));
  for (const intent of sorted) {
    const results = runpack.results.filter((r) => r.intent_id === intent.intent_id);
    if (predicate === 'missing_result' && results.length === 0) return { intent };
    const failing = results.find((r) => !isOkStatus(r.status));
    if (predicate === 'non_ok_status' && failing) return { intent, result: failing };
  }
  return undefined;
}

/** Ref ids mentioned in a payload: string values under a key containing `ref`, or strings starting `ref_`. */
function referencedIds(value: unknown, key = '', found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (key.toLowerCase().includes('ref') || value.startsWith('ref_')) found.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, key, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) referencedIds(v, k, found);
  }
  return found;
}

/**
 * The smallest runpack that still shows a failure: one failing intent (its failing result for
 * `non_ok_status`), the receipts it references and its timeline events. Unsigned; the capture
 * mode is kept; the result is re-checked (`still_failing`).
 */
export async function reduceRunpack(source: RunpackSource, predicate: ReducePredicate): Promise<ReduceResult> {
  const original = await readRunpack(source);
  const selected = selectIntent(original, predicate);
  if (!selected) throw new InvalidInputError(`no intent matches predicate ${predicate}`, { code: 'reduce_no_match' });
  const originalId = original.run.run_id || original.manifest.run_id;
  const reducedId = `${originalId.startsWith('run_') ? '' : 'run_'}${originalId}_reduced_${predicate.replaceAll('_', '')}`;
  const refs = referencedIds([selected.intent.args, selected.result?.result]);
  const retag = <T extends { run_id: string }>(record: T): T => ({ ...record, run_id: reducedId });
  const records = {
    run: { ...retag(original.run), timeline: original.run.timeline?.filter((e) => !e.ref || e.ref === selected.intent.intent_id) ?? null },
    intents: [retag(selected.intent)],
    results: selected.result ? [retag(selected.result)] : [],
    refs: normalizeRefs({ ...retag(original.refs), context_ref_count: undefined, receipts: original.refs.receipts.filter((r) => refs.has(r.ref_id)) }),
  };
  const assembled = assembleRunpack(records, original.manifest.capture_mode);
  const stillFailing = selectIntent(assembled.runpack, predicate) !== undefined;
  return {
    runpack: assembled.runpack,
    zip: assembled.zip,
    report: {
      schema_id: 'gait.runpack.reduce_report',
      schema_version: SCHEMA_VERSION,
      created_at: original.run.created_at,
      producer_version: original.run.producer_version,
      run_id: originalId,
      reduced_run_id: reducedId,
      predicate,
      selected_intent_id: selected.intent.intent_id,
      original_intent_count: original.intents.length,
      reduced_intent_count: records.intents.length,
      original_result_count: original.results.length,
      reduced_result_count: records.results.length,
      original_ref_count: original.refs.receipts.length,
      reduced_ref_count: records.refs.receipts.length,
      still_failing: stillFailing,
    },
  };
}

/** `<dir of input>/runpack_<run_id>_reduced_<predicate>.zip`. */
export function defaultReducedPath(inputPath: string, runId: string, predicate: ReducePredicate): string {
  return join(dirname(inputPath), `runpack_${runId}_reduced_${predicate}.zip`);
}

/** Writes the reduced runpack (atomic, 0600) and its report (compact JSON, 0600). */
export async function writeReduction(result: ReduceResult, outPath: string, reportPath: string): Promise<void> {
  await mkdir(dirname(outPath), { recursive: true, mode: 0o750 });
  await writeFileAtomic(outPath, result.zip, { mode: 0o600 });
  await mkdir(dirname(reportPath), { recursive: true, mode: 0o750 });
  await writeFile(reportPath, goMarshal(result.report), { mode: 0o600 });
}

