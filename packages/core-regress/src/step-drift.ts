import type { IntentRecord, ResultRecord, Runpack } from '@gait/core-runpack';
import { digestCanonical } from '@gait/core-sign';

/** One field of one step that differs between the recorded run and the candidate. */
export interface FieldChange {
  field: string;
  expected: string | null;
  actual: string | null;
}

/**
 * A step (an intent and its result) that changed. `step` is 1-based in the recorded run's intent
 * order; steps only the candidate has come after it.
 */
export interface StepChange {
  step: number;
  intent_id: string;
  tool_name: string;
  change: 'changed' | 'added' | 'removed';
  fields: FieldChange[];
}

/**
 * Names the steps behind an intents/results diff, so a failing regression says which tool call
 * drifted and how. Fields are compared as the run diff compares records (ids, times and producer
 * versions do not count). Payloads (`args`, `result`) are shown by digest, never verbatim, so a
 * CI log never receives raw tool data.
 */
export function diffSteps(recorded: Runpack, candidate: Runpack): StepChange[] {
  const candidateIntents = new Map(candidate.intents.map((intent) => [intent.intent_id, intent]));
  const recordedResults = new Map(recorded.results.map((result) => [result.intent_id, result]));
  const candidateResults = new Map(candidate.results.map((result) => [result.intent_id, result]));
  const recordedIds = new Set(recorded.intents.map((intent) => intent.intent_id));
  const changes: StepChange[] = [];

  recorded.intents.forEach((intent, index) => {
    const other = candidateIntents.get(intent.intent_id);
    if (other === undefined) {
      changes.push({ step: index + 1, intent_id: intent.intent_id, tool_name: intent.tool_name, change: 'removed', fields: [] });
      return;
    }
    const fields = [
      ...intentFieldChanges(intent, other),
      ...resultFieldChanges(recordedResults.get(intent.intent_id), candidateResults.get(intent.intent_id)),
    ];
    if (fields.length > 0) changes.push({ step: index + 1, intent_id: intent.intent_id, tool_name: intent.tool_name, change: 'changed', fields });
  });
  let next = recorded.intents.length;
  for (const intent of candidate.intents) {
    if (recordedIds.has(intent.intent_id)) continue;
    next += 1;
    changes.push({ step: next, intent_id: intent.intent_id, tool_name: intent.tool_name, change: 'added', fields: [] });
  }
  return changes;
}

function intentFieldChanges(a: IntentRecord, b: IntentRecord): FieldChange[] {
  return [
    compare('tool_name', a.tool_name, b.tool_name),
    compare('args_digest', a.args_digest, b.args_digest),
    compare('args', payloadDigest(a.args), payloadDigest(b.args)),
  ].filter((change): change is FieldChange => change !== undefined);
}

function resultFieldChanges(a: ResultRecord | undefined, b: ResultRecord | undefined): FieldChange[] {
  if (a === undefined && b === undefined) return [];
  if (a === undefined || b === undefined) {
    return [{ field: 'result', expected: a === undefined ? null : `status ${a.status}`, actual: b === undefined ? null : `status ${b.status}` }];
  }
  return [
    compare('result.status', a.status, b.status),
    compare('result_digest', a.result_digest, b.result_digest),
    compare('result', payloadDigest(a.result), payloadDigest(b.result)),
  ].filter((change): change is FieldChange => change !== undefined);
}

function compare(field: string, expected: string | null, actual: string | null): FieldChange | undefined {
  return expected === actual ? undefined : { field, expected, actual };
}

function payloadDigest(payload: Record<string, unknown> | undefined): string | null {
  return payload === undefined ? null : `sha256:${digestCanonical(payload)}`;
}

/** `step 1 intent_1 (echo): result.status "ok" -> "error"`: one line per step for people. */
export function describeStepChange(change: StepChange): string {
  const head = `step ${change.step} ${change.intent_id} (${change.tool_name})`;
  if (change.change === 'removed') return `${head}: missing from the candidate run`;
  if (change.change === 'added') return `${head}: not in the recorded run`;
  const fields = change.fields.map((f) => `${f.field} ${show(f.expected)} -> ${show(f.actual)}`);
  return `${head}: ${fields.join(', ')}`;
}

function show(value: string | null): string {
  return value === null ? 'absent' : JSON.stringify(value);
}
