import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { compilePolicy, parsePolicyYaml, runPolicyTest } from '@gait/core-gate';
import { readRunpack, verifyRunpack } from '@gait/core-runpack';
import { EXAMPLE_INTENT_PATHS, EXAMPLE_POLICY_PATHS } from './exec.js';

/**
 * What the page shows, read from the working folder by the engines themselves. Every path the
 * page can name is one these functions listed first: a request never opens an arbitrary file.
 */

const OUT_DIR = 'gait-out';

function modifiedAt(path: string): string | undefined {
  try {
    return statSync(path).mtime.toISOString();
  } catch {
    return undefined;
  }
}

function filesIn(dir: string, pattern: RegExp): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && pattern.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function readJsonObject(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The reference's `GET /api/state`. */
export async function uiState(workDir: string): Promise<Record<string, unknown>> {
  const demo = join(OUT_DIR, 'runpack_run_demo.zip');
  const state: Record<string, unknown> = { ok: true, workspace: resolve(workDir) };
  if (existsSync(join(workDir, demo))) {
    try {
      const verified = await verifyRunpack(join(workDir, demo));
      Object.assign(state, { runpack_path: demo, run_id: verified.run_id, manifest_digest: verified.manifest_digest });
    } catch {
      state.runpack_path = demo;
    }
  }
  const traces = filesIn(workDir, /^trace_.*\.json$/).slice(-5);
  if (traces.length > 0) state.trace_files = traces;
  if (existsSync(join(workDir, 'regress_result.json'))) state.regress_result_path = 'regress_result.json';
  const junit = join(OUT_DIR, 'junit.xml');
  if (existsSync(join(workDir, junit))) state.junit_path = junit;
  state.artifacts = [
    ['runpack', demo],
    ['regress_result', 'regress_result.json'],
    ['junit', junit],
  ].map(([key, path]) => {
    const at = modifiedAt(join(workDir, path as string));
    return { key, path, exists: at !== undefined, ...(at === undefined ? {} : { modified_at: at }) };
  });
  state.policy_paths = [...EXAMPLE_POLICY_PATHS];
  state.intent_paths = [...EXAMPLE_INTENT_PATHS];
  state.default_policy_path = EXAMPLE_POLICY_PATHS[0];
  state.default_intent_path = 'examples/policy/intents/intent_delete.json';
  state.gait_config_exists = existsSync(join(workDir, 'gait.yaml'));
  return state;
}

export interface RunSummary {
  run_id: string;
  path: string;
  verified: boolean;
  signature_status: string;
  manifest_digest: string;
  intents: number;
  modified_at?: string;
  error?: string;
}

/** Runpacks in `gait-out/`, each verified. */
export async function listRuns(workDir: string): Promise<RunSummary[]> {
  const out: RunSummary[] = [];
  for (const name of filesIn(join(workDir, OUT_DIR), /^runpack_.*\.zip$/)) {
    const path = join(OUT_DIR, name);
    const at = modifiedAt(join(workDir, path));
    const fallbackId = name.replace(/^runpack_/, '').replace(/\.zip$/, '');
    try {
      const verified = await verifyRunpack(join(workDir, path));
      const runpack = await readRunpack(join(workDir, path));
      out.push({
        run_id: verified.run_id || fallbackId,
        path,
        verified: verified.ok,
        signature_status: verified.signature_status,
        manifest_digest: verified.manifest_digest,
        intents: runpack.intents.length,
        ...(at === undefined ? {} : { modified_at: at }),
      });
    } catch (error) {
      out.push({ run_id: fallbackId, path, verified: false, signature_status: 'unknown', manifest_digest: '', intents: 0, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}

export interface TimelineStep {
  index: number;
  intent_id: string;
  tool_name: string;
  args_digest: string;
  status: string;
  result_digest: string;
}

/** One run's timeline: its events, and each intent with the result recorded for it. */
export async function runTimeline(workDir: string, runId: string): Promise<Record<string, unknown>> {
  const run = (await listRuns(workDir)).find((r) => r.run_id === runId);
  if (run === undefined) throw new InvalidInputError(`run not found in ${OUT_DIR}: ${runId}`, { code: 'ui_run_not_found' });
  const runpack = await readRunpack(join(workDir, run.path));
  const results = new Map(runpack.results.map((r) => [r.intent_id, r]));
  const steps: TimelineStep[] = runpack.intents.map((intent, index) => {
    const result = results.get(intent.intent_id);
    return { index: index + 1, intent_id: intent.intent_id, tool_name: intent.tool_name, args_digest: intent.args_digest, status: result?.status ?? 'missing', result_digest: result?.result_digest ?? '' };
  });
  return { ok: true, run, events: runpack.run.timeline ?? [], steps, receipts: runpack.refs.receipts.length };
}

export interface TraceSummary {
  path: string;
  trace_id: string;
  tool_name: string;
  verdict: string;
  reason_codes: string[];
  violations: string[];
  matched_rule_ids: string[];
  signed: boolean;
  created_at: string;
}

/** Gate traces (`trace_*.json`) in the working folder and `gait-out/`. */
export function listTraces(workDir: string): TraceSummary[] {
  const paths = [...filesIn(workDir, /^trace_.*\.json$/), ...filesIn(join(workDir, OUT_DIR), /^trace_.*\.json$/).map((n) => join(OUT_DIR, n))];
  const out: TraceSummary[] = [];
  for (const path of paths) {
    const trace = readJsonObject(join(workDir, path));
    if (trace === undefined || text(trace.verdict) === '') continue;
    out.push({
      path,
      trace_id: text(trace.trace_id),
      tool_name: text(trace.tool_name),
      verdict: text(trace.verdict),
      reason_codes: strings(trace.reason_codes),
      violations: strings(trace.violations),
      matched_rule_ids: strings(trace.matched_rule_ids),
      signed: trace.signature !== undefined && trace.signature !== null,
      created_at: text(trace.observed_at) || text(trace.created_at),
    });
  }
  return out;
}

/** `regress_result.json`, if a regress run wrote one. */
export function regressView(workDir: string): Record<string, unknown> {
  const result = readJsonObject(join(workDir, 'regress_result.json'));
  if (result === undefined) return { ok: true, present: false };
  const graders = (Array.isArray(result.graders) ? result.graders : []).map((g) => {
    const grader = (g ?? {}) as Record<string, unknown>;
    return { name: text(grader.name), status: text(grader.status), reason_codes: strings(grader.reason_codes) };
  });
  return {
    ok: true,
    present: true,
    status: text(result.status),
    fixture_set: text(result.fixture_set),
    graders,
    junit_path: existsSync(join(workDir, OUT_DIR, 'junit.xml')) ? join(OUT_DIR, 'junit.xml') : undefined,
  };
}

const POLICY_DIRS = ['.', 'examples/policy', 'policies', 'policy', '.gait'];
const INTENT_DIRS = ['examples/policy/intents', 'intents', 'policies/intents', 'policy/intents'];

/** Policy files (YAML that parses as a Gait policy) and intent files the tester may use. */
export function discoverPolicyInputs(workDir: string): { policies: string[]; intents: string[] } {
  const policies: string[] = [];
  for (const dir of POLICY_DIRS) {
    for (const name of filesIn(join(workDir, dir), /\.ya?ml$/i)) {
      const path = dir === '.' ? name : `${dir}/${name}`;
      try {
        parsePolicyYaml(readFileSync(join(workDir, path), 'utf8'));
        policies.push(path);
      } catch {
        // Not a policy (e.g. gait.yaml or a CI file): not offered.
      }
    }
  }
  const intents = INTENT_DIRS.flatMap((dir) => filesIn(join(workDir, dir), /\.json$/i).map((name) => `${dir}/${name}`));
  return { policies, intents };
}

/** The text of a listed intent file, for the tester's editor. */
export function intentText(workDir: string, path: string): string {
  if (!discoverPolicyInputs(workDir).intents.includes(path)) throw new InvalidInputError(`intent path is not listed: ${path}`, { code: 'ui_intent_not_listed' });
  return readFileSync(join(workDir, path), 'utf8');
}

/**
 * The policy tester: a listed policy against a listed intent file or an intent given inline,
 * through the gate engine. Returns the verdict, reasons and the rule that decided.
 */
export function testPolicy(workDir: string, request: { policy_path?: unknown; intent_path?: unknown; intent?: unknown }): Record<string, unknown> {
  const inputs = discoverPolicyInputs(workDir);
  const policyPath = text(request.policy_path);
  if (!inputs.policies.includes(policyPath)) throw new InvalidInputError(`policy_path must be one of the listed policies: ${policyPath}`, { code: 'ui_policy_not_listed' });
  let intent: unknown = request.intent;
  const intentPath = text(request.intent_path);
  if (intent === undefined || intent === null || intent === '') {
    if (!inputs.intents.includes(intentPath)) throw new InvalidInputError(`intent_path must be one of the listed intents: ${intentPath}`, { code: 'ui_intent_not_listed' });
    intent = JSON.parse(readFileSync(join(workDir, intentPath), 'utf8'));
  } else if (typeof intent === 'string') {
    try {
      intent = JSON.parse(intent);
    } catch (error) {
      throw new InvalidInputError(`intent is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { code: 'ui_intent_invalid' });
    }
  }
  const policy = parsePolicyYaml(readFileSync(join(workDir, policyPath), 'utf8'));
  const result = runPolicyTest(compilePolicy(policy), intent);
  return { ...result, policy_path: policyPath, ...(intentPath === '' ? {} : { intent_path: intentPath }) };
}
