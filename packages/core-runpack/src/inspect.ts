import { compareBytes, normalizeStringList } from './go-strings.js';
import { normalizeGoTime } from './go-time.js';
import { readRunpack } from './read.js';
import type { RunpackSource } from './archive.js';
import { definedOnly, nonEmptyString, type ResultRecord, type Runpack } from './records.js';

export interface InspectEntry {
  index: number;
  intent_id: string;
  tool_name: string;
  created_at: string;
  args_digest?: string;
  status?: string;
  result_digest?: string;
  verdict?: string;
  reason_codes?: string[];
  violations?: string[];
}

export interface UnmatchedResult {
  intent_id: string;
  status?: string;
  result_digest?: string;
  verdict?: string;
  reason_codes?: string[];
  violations?: string[];
}

export interface RunpackInspection {
  artifact_type: 'runpack';
  run_id: string;
  capture_mode: string;
  intents_total: number;
  results_total: number;
  entries: InspectEntry[];
  unmatched_results: UnmatchedResult[];
  warnings: string[];
}

/** A timeline of intents and their outcomes, in file order. */
export async function inspectRunpack(source: RunpackSource): Promise<RunpackInspection> {
  return inspectRunpackContent(await readRunpack(source));
}

export function inspectRunpackContent(runpack: Runpack): RunpackInspection {
  const warnings: string[] = [];
  const firstResult = new Map<string, ResultRecord>();
  for (const result of runpack.results) {
    if (firstResult.has(result.intent_id)) {
      warnings.push(`multiple result records for intent_id=${result.intent_id} (kept first)`);
      continue;
    }
    firstResult.set(result.intent_id, result);
  }
  const intentIds = new Set(runpack.intents.map((intent) => intent.intent_id));
  const entries = runpack.intents.map((intent, i): InspectEntry => {
    const result = firstResult.get(intent.intent_id);
    return definedOnly({
      index: i + 1,
      intent_id: intent.intent_id,
      tool_name: intent.tool_name,
      created_at: normalizeGoTime(intent.created_at, { utc: true }),
      args_digest: nonEmptyString(intent.args_digest),
      ...(result ? outcomeOf(result) : {}),
    });
  });
  const unmatched = runpack.results
    .filter((result) => !intentIds.has(result.intent_id))
    .sort((a, b) => compareBytes(a.intent_id, b.intent_id) || compareBytes(a.result_digest, b.result_digest))
    .map((result): UnmatchedResult => definedOnly({ intent_id: result.intent_id, ...outcomeOf(result) }));
  return {
    artifact_type: 'runpack',
    run_id: runpack.run.run_id || runpack.manifest.run_id,
    capture_mode: runpack.manifest.capture_mode,
    intents_total: runpack.intents.length,
    results_total: runpack.results.length,
    entries,
    unmatched_results: unmatched,
    warnings,
  };
}

function outcomeOf(result: ResultRecord) {
  const payload = result.result ?? {};
  const verdict = typeof payload.verdict === 'string' ? payload.verdict.trim() : '';
  const list = (value: unknown) => {
    const items = normalizeStringList(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
    return items.length > 0 ? items : undefined;
  };
  return {
    status: nonEmptyString(result.status),
    result_digest: nonEmptyString(result.result_digest),
    verdict: nonEmptyString(verdict),
    reason_codes: list(payload.reason_codes),
    violations: list(payload.violations),
  };
}
