import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { compareBytes } from '@gait/core-gate';
import { readRunpack, resolveRunpackPath, type Runpack } from '@gait/core-runpack';
import {
  RUN_FINGERPRINT_ID,
  SIGNAL_REPORT_ID,
  type RunFingerprint,
  type SignalFamily,
  type SignalFixSuggestion,
  type SignalIssue,
  type SignalReport,
} from '@gait/core-schema';
import { digestCanonical } from '@gait/core-sign';
import { normalizeToolName } from './names.js';

/** The CLI passes no clock, so every signal report is dated like this (reference behaviour). */
export const SIGNAL_REPORT_CREATED_AT = '1980-01-01T00:00:00Z';

export interface SignalOptions {
  /** Run ids (looked up in `gait-out/`) or runpack paths. */
  readonly runs: readonly string[];
  readonly traces?: readonly string[];
  readonly regress?: readonly string[];
  readonly cwd?: string;
  readonly producerVersion?: string;
}

type ToolClass = 'destructive' | 'write' | 'execute' | 'read';
const CLASS_WEIGHT: Record<ToolClass, number> = { destructive: 4, write: 3, execute: 2, read: 1 };
const CLASS_WORDS: ReadonlyArray<readonly [ToolClass, readonly string[]]> = [
  ['destructive', ['delete', 'drop', 'destroy', 'remove', 'purge']],
  ['write', ['write', 'update', 'save', 'send', 'export', 'create']],
  ['read', ['read', 'list', 'get', 'search', 'fetch']],
];

/** Tool class by the tokens of its name (`tool.delete_user` → destructive); unknown → execute. */
export function toolClassFor(toolName: string): ToolClass {
  const tokens = new Set(toolName.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t !== ''));
  for (const [toolClass, words] of CLASS_WORDS) if (words.some((word) => tokens.has(word))) return toolClass;
  return 'execute';
}

const RUN_ID_IN_TEXT = /run_[A-Za-z0-9_-]+/;
const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort(compareBytes);

function readJsonFile(path: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidInputError(`read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`, { code: 'scout_signal_input_invalid' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError(`${what} ${path} must be a JSON object`, { code: 'scout_signal_input_invalid' });
  }
  return value as Record<string, unknown>;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** The run a trace belongs to (first run id in its correlation or trace id) and its reason codes. */
function traceReasons(path: string): { runId: string; reasons: string[] } | undefined {
  const trace = readJsonFile(path, 'trace');
  const runId = (str(trace.correlation_id).match(RUN_ID_IN_TEXT) ?? str(trace.trace_id).match(RUN_ID_IN_TEXT))?.[0];
  if (runId === undefined) return undefined;
  const reasons: string[] = [];
  const verdict = str(trace.verdict);
  if (verdict !== '' && verdict !== 'allow') reasons.push(`trace_verdict_${verdict}`);
  for (const violation of Array.isArray(trace.violations) ? trace.violations : []) if (typeof violation === 'string') reasons.push(`violation_${violation}`);
  return { runId, reasons };
}

/** Failing graders of a regress result: their reason codes (or `regress_failure`) per run. */
function regressReasons(path: string, into: Map<string, string[]>, seen: Set<string>): void {
  const result = readJsonFile(path, 'regress result');
  for (const grader of Array.isArray(result.graders) ? result.graders : []) {
    if (grader === null || typeof grader !== 'object') continue;
    const record = grader as Record<string, unknown>;
    const details = (record.details ?? {}) as Record<string, unknown>;
    const runId = str(details.run_id) || str(record.name).split('/')[0] || '';
    if (runId === '') continue;
    seen.add(runId);
    if (str(record.status) === 'pass') continue;
    const codes = (Array.isArray(record.reason_codes) ? record.reason_codes : []).filter((c): c is string => typeof c === 'string');
    into.set(runId, [...(into.get(runId) ?? []), ...(codes.length > 0 ? codes : ['regress_failure'])]);
  }
}

interface RunEvidence {
  readonly runpack: Runpack;
  readonly source: string;
}

function fingerprintRun(run: RunEvidence, extraReasons: readonly string[], traceCount: number, regressSeen: boolean, producerVersion: string): RunFingerprint {
  const { runpack } = run;
  const actionSequence = runpack.intents.map((intent) => intent.tool_name);
  const toolClasses = sortedUnique(actionSequence.map(toolClassFor));
  const targetSystems = sortedUnique(
    runpack.refs.receipts.map((receipt) => `${normalizeToolName(receipt.source_type)}:${normalizeToolName(receipt.source_locator)}`.slice(0, 48)),
  );
  const reasons = sortedUnique([
    ...runpack.results.filter((result) => result.status !== 'ok').map((result) => `result_status_${result.status}`),
    ...extraReasons,
  ]);
  const refDigests = sortedUnique(runpack.refs.receipts.map((receipt) => receipt.content_digest.toLowerCase()).filter((d) => /^[a-f0-9]{64}$/.test(d)));
  const fingerprint = digestCanonical({
    action_sequence: actionSequence,
    tool_classes: toolClasses,
    target_systems: targetSystems,
    reason_code_vector: reasons,
    ref_receipt_digests: refDigests,
  });
  return {
    schema_id: RUN_FINGERPRINT_ID,
    schema_version: '1.0.0',
    created_at: SIGNAL_REPORT_CREATED_AT,
    producer_version: producerVersion,
    run_id: runpack.run.run_id,
    fingerprint,
    action_sequence: actionSequence,
    tool_classes: toolClasses,
    target_systems: targetSystems,
    reason_code_vector: reasons,
    ref_receipt_digests: refDigests,
    source_runpack: run.source,
    ...(traceCount > 0 ? { trace_count: traceCount } : {}),
    ...(regressSeen ? { regress_evidence_seen: true } : {}),
  };
}

type Driver = 'policy_change' | 'tool_result_shape_change' | 'reference_set_change' | 'configuration_change';

const SUGGESTIONS: Record<Driver, SignalFixSuggestion> = {
  policy_change: { kind: 'policy_fixture', summary: 'Add policy fixture and verify.', likely_scope: 'policy/*.yaml + intents' },
  tool_result_shape_change: { kind: 'tool_contract', summary: 'Pin the tool result shape with a regress fixture.', likely_scope: 'tool adapters + regress fixtures' },
  reference_set_change: { kind: 'context_refs', summary: 'Review retrieved references and re-record the run.', likely_scope: 'context sources + refs' },
  configuration_change: { kind: 'configuration', summary: 'Compare run configuration against the last good run.', likely_scope: 'agent config + environment' },
};

/** Which kind of change most likely explains a family (reference drivers; the rule is ours). */
function driversFor(fp: RunFingerprint): Driver[] {
  const drivers: Driver[] = [];
  if (fp.reason_code_vector.some((r) => r.startsWith('trace_verdict_') || r.startsWith('violation_') || r.includes('block'))) drivers.push('policy_change');
  if (fp.reason_code_vector.some((r) => r.startsWith('result_status_') || r === 'regress_failure')) drivers.push('tool_result_shape_change');
  if (fp.ref_receipt_digests.length > 0 && fp.reason_code_vector.length > 0) drivers.push('reference_set_change');
  return drivers.length > 0 ? drivers : ['configuration_change'];
}

const SENSITIVE = /prod|customer|secret|pii|payment|billing|credential/;

/**
 * Per run: privilege·30 + sensitivity·15 + posture·10 + min(reasons, 9); a family takes its
 * worst run plus min(count, 10). Privilege is the worst tool class weight (spec); sensitivity
 * (0–2: any target, a production or personal-data target) and posture (0–2: any reason, a block
 * or violation) are our reading of the reference's inputs.
 */
function runSeverity(fp: RunFingerprint): number {
  const privilege = Math.max(0, ...fp.tool_classes.map((c) => CLASS_WEIGHT[c as ToolClass] ?? 0));
  const sensitivity = fp.target_systems.some((t) => SENSITIVE.test(t)) ? 2 : fp.target_systems.length > 0 ? 1 : 0;
  const posture = fp.reason_code_vector.some((r) => r.includes('block') || r.startsWith('violation_')) ? 2 : fp.reason_code_vector.length > 0 ? 1 : 0;
  return privilege * 30 + sensitivity * 15 + posture * 10 + Math.min(fp.reason_code_vector.length, 9);
}

function severityLevel(score: number): SignalFamily['severity_level'] {
  if (score >= 150) return 'critical';
  if (score >= 110) return 'high';
  if (score >= 70) return 'medium';
  return 'low';
}

function topReason(fingerprints: readonly RunFingerprint[]): string {
  const counts = new Map<string, number>();
  for (const fp of fingerprints) for (const r of fp.reason_code_vector) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || compareBytes(a[0], b[0]))[0]?.[0] ?? '';
}

function buildFamilies(fingerprints: readonly RunFingerprint[]): SignalFamily[] {
  const groups = new Map<string, RunFingerprint[]>();
  for (const fp of fingerprints) groups.set(fp.fingerprint, [...(groups.get(fp.fingerprint) ?? []), fp]);
  const families = [...groups].map(([fingerprint, members]): SignalFamily => {
    const runIds = sortedUnique(members.map((m) => m.run_id));
    const drivers = sortedUnique(members.flatMap(driversFor)) as Driver[];
    const score = Math.max(...members.map(runSeverity)) + Math.min(members.length, 10);
    const reason = topReason(members);
    const pointers = sortedUnique(members.map((m) => m.source_runpack ?? '').filter((p) => p !== ''));
    return {
      family_id: `fam_${fingerprint.slice(0, 12)}`,
      fingerprint,
      count: members.length,
      run_ids: runIds,
      canonical_run_id: runIds[0] as string,
      ...(reason === '' ? {} : { top_failure_reason: reason }),
      drivers,
      severity_score: score,
      severity_level: severityLevel(score),
      ...(pointers.length > 0 ? { artifact_pointers: pointers } : {}),
      suggestions: drivers.map((driver) => SUGGESTIONS[driver]),
    };
  });
  return families.sort((a, b) => b.severity_score - a.severity_score || b.count - a.count || compareBytes(a.family_id, b.family_id));
}

function resolveInput(cwd: string, path: string): string {
  return isAbsolute(path) ? path : join(cwd, path);
}

/** Clusters runs into incident families and ranks them (`gait.scout.signal_report` 1.0.0). */
export async function buildSignalReport(options: SignalOptions): Promise<SignalReport> {
  const cwd = options.cwd ?? process.cwd();
  const producerVersion = options.producerVersion ?? '0.0.0-dev';
  if (options.runs.length === 0) throw new InvalidInputError('missing required --runs <csv> or positional run sources', { code: 'usage' });
  const runs: RunEvidence[] = [];
  for (const reference of options.runs) {
    const source = resolveRunpackPath(reference, { cwd });
    runs.push({ runpack: await readRunpack(resolveInput(cwd, source)), source });
  }
  const traceExtra = new Map<string, string[]>();
  const traceCounts = new Map<string, number>();
  for (const path of options.traces ?? []) {
    const found = traceReasons(resolveInput(cwd, path));
    if (found === undefined) continue;
    traceExtra.set(found.runId, [...(traceExtra.get(found.runId) ?? []), ...found.reasons]);
    traceCounts.set(found.runId, (traceCounts.get(found.runId) ?? 0) + 1);
  }
  const regressExtra = new Map<string, string[]>();
  const regressSeen = new Set<string>();
  for (const path of options.regress ?? []) regressReasons(resolveInput(cwd, path), regressExtra, regressSeen);

  const fingerprints = runs
    .map((run) => {
      const runId = run.runpack.run.run_id;
      const extra = [...(traceExtra.get(runId) ?? []), ...(regressExtra.get(runId) ?? [])];
      return fingerprintRun(run, extra, traceCounts.get(runId) ?? 0, regressSeen.has(runId), producerVersion);
    })
    .sort((a, b) => compareBytes(a.run_id, b.run_id));
  const families = buildFamilies(fingerprints);
  const topIssues: SignalIssue[] = families.slice(0, 10).map((family, index) => {
    const { run_ids: _runIds, artifact_pointers: _pointers, ...issue } = family;
    return { rank: index + 1, ...issue };
  });
  return {
    schema_id: SIGNAL_REPORT_ID,
    schema_version: '1.0.0',
    created_at: SIGNAL_REPORT_CREATED_AT,
    producer_version: producerVersion,
    run_count: fingerprints.length,
    family_count: families.length,
    fingerprints,
    families,
    top_issues: topIssues,
  };
}
