/**
 * The reference's own schema samples (core/schema/testdata), read in place: every `*_valid` file
 * must be accepted and every `*_invalid` one rejected.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance } from '../../../test-support/conformance.js';
import { validate } from './index.js';

const testdata = join(conformanceDir, 'core/schema/testdata');
announceSkip('@gait/core-schema sample conformance', hasConformance, conformanceDir);

/** Sample-file prefix → schema key. A prefix may be followed by `_<variant>` (e.g. `_relationship`). */
const SAMPLE_SCHEMAS: Record<string, string> = {
  context_budget_report: 'context/budget_report',
  context_envelope: 'context/envelope',
  context_reference_record: 'context/reference_record',
  gate_approval_audit_record: 'gate/approval_audit_record',
  gate_approval_token: 'gate/approval_token',
  gate_broker_credential_record: 'gate/broker_credential_record',
  gate_broker_request: 'gate/broker_request',
  gate_delegation_audit_record: 'gate/delegation_audit_record',
  gate_delegation_token: 'gate/delegation_token',
  gate_intent_request: 'gate/intent_request',
  gate_policy: 'gate/policy',
  gate_result: 'gate/gate_result',
  gate_trace_record: 'gate/trace_record',
  guard_encrypted_artifact: 'guard/encrypted_artifact',
  guard_pack_manifest: 'guard/pack_manifest',
  guard_retention_report: 'guard/retention_report',
  intent: 'runpack/intent',
  manifest: 'runpack/manifest',
  pack_call: 'pack/call',
  pack_diff: 'pack/diff',
  pack_job: 'pack/job',
  pack_manifest: 'pack/manifest',
  pack_run: 'pack/run',
  policy_test_result: 'policytest/policy_test_result',
  refs: 'runpack/refs',
  registry_pack: 'registry/registry_pack',
  registry_verification_report: 'registry/verification_report',
  regress_result: 'regress/regress_result',
  result: 'runpack/result',
  run: 'runpack/run',
  scout_adoption_event: 'scout/adoption_event',
  scout_inventory_snapshot: 'scout/inventory_snapshot',
  scout_operational_event: 'scout/operational_event',
  scout_run_fingerprint: 'scout/run_fingerprint',
  scout_signal_report: 'scout/signal_report',
  session_chain: 'runpack/session_chain',
  session_checkpoint: 'runpack/session_checkpoint',
  session_journal: 'runpack/session_journal',
  voice_call_event: 'voice/call_event',
  voice_callpack_manifest: 'voice/callpack_manifest',
  voice_commitment_intent: 'voice/commitment_intent',
  voice_say_token: 'voice/say_token',
};

interface Sample {
  file: string;
  schema: string;
  expectValid: boolean;
}

/** The longest prefix that matches, so `gate_intent_request_skill` maps to the intent request. */
function schemaFor(stem: string): string {
  const prefix = Object.keys(SAMPLE_SCHEMAS)
    .filter((p) => stem === p || stem.startsWith(`${p}_`))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined) throw new Error(`no schema mapping for sample ${stem}`);
  return SAMPLE_SCHEMAS[prefix] as string;
}

function samples(): Sample[] {
  if (!hasConformance) return [];
  return readdirSync(testdata)
    .filter((file) => /_(valid|invalid)\.jsonl?$/.test(file))
    .sort()
    .map((file) => {
      const match = /^(.*)_(valid|invalid)\.jsonl?$/.exec(file) as RegExpExecArray;
      return { file, schema: schemaFor(match[1] as string), expectValid: match[2] === 'valid' };
    });
}

/** The records of a sample: one for `.json`, one per non-empty line for `.jsonl`. */
function records(file: string): unknown[] {
  const text = readFileSync(join(testdata, file), 'utf8');
  if (!file.endsWith('.jsonl')) return [JSON.parse(text)];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

const all = samples();
const tally = { valid: 0, invalid: 0 };

describe.runIf(hasConformance)('reference schema samples', () => {
  it('finds the samples', () => {
    expect(all.length).toBeGreaterThanOrEqual(100);
    expect(all.some((s) => s.expectValid)).toBe(true);
    expect(all.some((s) => !s.expectValid)).toBe(true);
  });

  it.each(all)('$file → $schema', ({ file, schema, expectValid }) => {
    const results = records(file).map((record) => validate(schema, record));
    expect(results.length).toBeGreaterThan(0);
    if (expectValid) {
      const failures = results.flatMap((r) => (r.ok ? [] : r.errors));
      expect(failures).toEqual([]);
      tally.valid += 1;
    } else {
      // An invalid JSONL file is rejected when any of its lines is.
      expect(results.some((r) => !r.ok)).toBe(true);
      tally.invalid += 1;
    }
  });

  afterAll(() => {
    console.log(
      `schema conformance: ${all.length} files, ${tally.valid} valid accepted, ${tally.invalid} invalid rejected`,
    );
  });
});
