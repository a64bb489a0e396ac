import { InvalidInputError } from '@gait/core-errors';
import { sha256Hex } from '@gait/core-sign';
import type { RunpackSource } from './archive.js';
import { goTrim, sortBytes } from './go-strings.js';
import { readRunpack } from './read.js';
import { executeRealTool, realToolFor } from './real-tools.js';
import { definedOnly, type ResultRecord, type Runpack } from './records.js';

export type StubType = 'http' | 'file' | 'db' | 'queue';

export interface ReplayStep {
  intent_id: string;
  tool_name: string;
  status: string;
  execution?: 'recorded' | 'stubbed' | 'missing' | 'executed';
  stub_type?: StubType;
  result_digest?: string;
}

export interface ReplayResult {
  run_id: string;
  mode: 'stub' | 'real';
  steps: ReplayStep[];
  /** Intents with neither a recorded result nor a stub: a replay with any is not ok. */
  missing_results: string[];
}

// Checked in this order: a tool called `fetch_file` is http, as in the reference.
const STUB_CLASSES: [StubType, string[]][] = [
  ['http', ['http', 'fetch', 'url']],
  ['file', ['file', 'path', 'fs', 'write']],
  ['db', ['db', 'sql', 'query', 'table']],
  ['queue', ['queue', 'topic', 'publish', 'kafka']],
];

/**
 * Deterministic replay without side effects: each intent gets its recorded result, else a stub
 * for a recognizable tool class, else it is reported missing (never a silent pass).
 */
export interface ReplayOptions {
  /**
   * Execute these tools for real (echo, file.write, shell.exec and their aliases) instead of using
   * recorded results. Side effects happen; callers must gate this behind explicit consent, as the
   * CLI does. Arguments come from the runpack, so it needs raw capture.
   */
  realTools?: readonly string[];
}

export async function replayRunpack(source: RunpackSource, options: ReplayOptions = {}): Promise<ReplayResult> {
  return replayRunpackContent(await readRunpack(source), options);
}

export function replayRunpackContent(runpack: Runpack, options: ReplayOptions = {}): ReplayResult {
  const allowed = new Set((options.realTools ?? []).map((tool) => goTrim(tool).toLowerCase()));
  const runId = runpack.run.run_id || runpack.manifest.run_id;
  const seenIntents = new Set<string>();
  for (const intent of runpack.intents) {
    if (seenIntents.has(intent.intent_id)) throw new InvalidInputError(`duplicate intent_id: ${intent.intent_id}`, { code: 'duplicate_intent_id' });
    seenIntents.add(intent.intent_id);
  }
  const results = new Map<string, ResultRecord>();
  for (const result of runpack.results) {
    if (results.has(result.intent_id)) {
      throw new InvalidInputError(`duplicate result for intent_id: ${result.intent_id}`, { code: 'duplicate_result' });
    }
    results.set(result.intent_id, result);
  }
  const missing: string[] = [];
  const steps = runpack.intents.map((intent): ReplayStep => {
    const real = allowed.has(goTrim(intent.tool_name).toLowerCase()) ? realToolFor(intent.tool_name) : undefined;
    if (real) return { intent_id: intent.intent_id, tool_name: intent.tool_name, execution: 'executed', ...executeRealTool(real, intent.args ?? {}) };
    const recorded = results.get(intent.intent_id);
    if (recorded) {
      return definedOnly({
        intent_id: intent.intent_id,
        tool_name: intent.tool_name,
        status: recorded.status,
        execution: 'recorded' as const,
        result_digest: recorded.result_digest || undefined,
      });
    }
    const tool = goTrim(intent.tool_name).toLowerCase();
    const stubType = STUB_CLASSES.find(([, needles]) => needles.some((needle) => tool.includes(needle)))?.[0];
    if (!stubType) {
      missing.push(intent.intent_id);
      return { intent_id: intent.intent_id, tool_name: intent.tool_name, status: 'missing_result', execution: 'missing' };
    }
    const digest = sha256Hex(`${runId}:${intent.intent_id}:${tool}:${goTrim(intent.args_digest).toLowerCase()}:${stubType}`);
    return { intent_id: intent.intent_id, tool_name: intent.tool_name, status: 'stubbed', execution: 'stubbed', stub_type: stubType, result_digest: digest };
  });
  return { run_id: runId, mode: options.realTools ? 'real' : 'stub', steps, missing_results: sortBytes(missing) };
}
