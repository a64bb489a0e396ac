/**
 * `gait policy test` and `gait policy simulate` (gate.md §6): pure evaluation of fixtures, no
 * tokens, rate limits, brokers or files.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { type CompiledPolicy, compilePolicy } from '../evaluate/compile.js';
import { stripUnverifiedContextEvidence } from '../evaluate/context-evidence.js';
import { evaluateIntent } from '../evaluate/evaluate.js';
import { parseJsonText } from '../go/json-decode.js';
import { compareBytes } from '../go/strings.js';
import { normalizeIntent } from '../intent/normalize.js';
import { readInputFile } from '../pipeline/files.js';
import { parsePolicyYaml } from './normalize.js';
import type { Verdict } from './types.js';

export interface PolicyTestResult {
  ok: true;
  schema_id: 'gait.policytest.result';
  schema_version: '1.0.0';
  created_at: string;
  policy_digest: string;
  intent_digest: string;
  verdict: Verdict;
  reason_codes: string[];
  violations: string[];
  matched_rule: string;
  summary: string;
}

const SUMMARY_LIMIT = 240;

/** `policy test verdict=V reasons=… violations=…`, cut to 240 bytes with `...(+N)`. */
export function policyTestSummary(verdict: string, reasons: string[], violations: string[]): string {
  const raw = `policy test verdict=${verdict} reasons=${reasons.join(',') || 'none'} violations=${violations.join(',') || 'none'}`;
  const bytes = Buffer.from(raw, 'utf8');
  if (bytes.length <= SUMMARY_LIMIT) return raw;
  const suffix = `...(+${bytes.length - SUMMARY_LIMIT})`;
  return bytes.subarray(0, SUMMARY_LIMIT - suffix.length).toString('utf8') + suffix;
}

/** Evaluate one parsed intent against a compiled policy. Intent errors are exit 6. */
export function runPolicyTest(compiled: CompiledPolicy, rawIntent: unknown, producerVersion?: string): PolicyTestResult {
  let intent;
  try {
    intent = stripUnverifiedContextEvidence(normalizeIntent(rawIntent));
  } catch (error) {
    throw new InvalidInputError(`normalize intent: ${(error as Error).message}`, { code: 'intent_invalid', cause: error });
  }
  const outcome = evaluateIntent(compiled, intent, { producerVersion, contextEvidenceVerified: true });
  const r = outcome.result;
  return {
    ok: true,
    schema_id: 'gait.policytest.result',
    schema_version: '1.0.0',
    created_at: r.created_at.toRFC3339Nano(),
    policy_digest: compiled.policyDigest,
    intent_digest: intent.intent_digest,
    verdict: r.verdict,
    reason_codes: r.reason_codes,
    violations: r.violations,
    matched_rule: outcome.matched_rule,
    summary: policyTestSummary(r.verdict, r.reason_codes, r.violations),
  };
}

/** Exit code of `policy test`: block 3, require_approval 4, otherwise 0. */
export function policyTestExitCode(verdict: Verdict): 0 | 3 | 4 {
  return verdict === 'block' ? 3 : verdict === 'require_approval' ? 4 : 0;
}

/** `*.json` files under `shown` (as the user wrote it), read through `cwd`. */
function walkJson(cwd: string, shown: string, out: string[]): void {
  for (const entry of readdirSync(resolve(cwd, shown), { withFileTypes: true })) {
    const path = join(shown, entry.name);
    if (entry.isDirectory()) walkJson(cwd, path, out);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) out.push(path);
  }
}

/** Fixture files from a CSV of files and folders: cleaned, de-duplicated, byte-sorted. */
export function discoverFixtures(entries: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    let info;
    try {
      info = statSync(resolve(cwd, entry));
    } catch (error) {
      throw new InvalidInputError(`fixtures path: ${(error as Error).message}`, { code: 'fixtures_invalid' });
    }
    if (info.isDirectory()) {
      walkJson(cwd, normalize(entry), found);
    } else {
      if (!entry.toLowerCase().endsWith('.json')) throw new InvalidInputError(`fixture file must be .json: ${entry}`, { code: 'fixtures_invalid' });
      found.push(normalize(entry));
    }
  }
  const unique = [...new Set(found)].sort(compareBytes);
  if (unique.length === 0) throw new InvalidInputError('no intent fixtures discovered from --fixtures', { code: 'fixtures_invalid' });
  return unique;
}

export interface SimulationReport {
  ok: true;
  baseline_policy_digest: string;
  candidate_policy_digest: string;
  fixtures_total: number;
  changed_fixtures: number;
  baseline_verdicts: { count: number; verdict: string }[];
  candidate_verdicts: { count: number; verdict: string }[];
  recommendation: 'enforce' | 'observe' | 'require_approval';
  summary: string;
  changed: Record<string, unknown>[];
}

function tally(results: PolicyTestResult[]): { count: number; verdict: string }[] {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => compareBytes(a[0], b[0])).map(([verdict, count]) => ({ count, verdict }));
}

/** Compare a candidate policy with a baseline over intent fixtures and recommend a rollout stage. */
export function simulatePolicies(candidateText: string, baselineText: string, fixtures: readonly string[], cwd: string): SimulationReport {
  const candidate = compilePolicy(parsePolicyYaml(candidateText));
  const baseline = compilePolicy(parsePolicyYaml(baselineText));
  const base: PolicyTestResult[] = [];
  const cand: PolicyTestResult[] = [];
  const changed: Record<string, unknown>[] = [];
  let loosens = false;
  let tightens = false;
  for (const path of fixtures) {
    const intent = parseJsonText(readInputFile(path, 'fixture', cwd), `fixture ${path}`);
    const b = runPolicyTest(baseline, intent);
    const c = runPolicyTest(candidate, intent);
    base.push(b);
    cand.push(c);
    const differs =
      b.verdict !== c.verdict ||
      b.reason_codes.join(',') !== c.reason_codes.join(',') ||
      b.violations.join(',') !== c.violations.join(',') ||
      b.matched_rule !== c.matched_rule;
    if (!differs) continue;
    if (b.verdict !== 'allow' && c.verdict === 'allow') loosens = true;
    if (b.verdict !== 'block' && c.verdict === 'block') tightens = true;
    const entry: Record<string, unknown> = {
      fixture_path: path,
      intent_digest: c.intent_digest,
      baseline_verdict: b.verdict,
      candidate_verdict: c.verdict,
      changed: true,
    };
    if (b.reason_codes.length) entry.baseline_reason_codes = b.reason_codes;
    if (c.reason_codes.length) entry.candidate_reason_codes = c.reason_codes;
    if (b.violations.length) entry.baseline_violations = b.violations;
    if (c.violations.length) entry.candidate_violations = c.violations;
    if (b.matched_rule) entry.baseline_matched_rule = b.matched_rule;
    if (c.matched_rule) entry.candidate_matched_rule = c.matched_rule;
    changed.push(entry);
  }
  const recommendation = changed.length === 0 ? 'enforce' : loosens ? 'observe' : tightens ? 'require_approval' : 'enforce';
  return {
    ok: true,
    baseline_policy_digest: baseline.policyDigest,
    candidate_policy_digest: candidate.policyDigest,
    fixtures_total: fixtures.length,
    changed_fixtures: changed.length,
    baseline_verdicts: tally(base),
    candidate_verdicts: tally(cand),
    recommendation,
    summary: `policy simulate fixtures=${fixtures.length} changed=${changed.length} recommendation=${recommendation}`,
    changed,
  };
}
