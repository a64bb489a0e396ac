/**
 * A small voice call for tests: the demo runpack and a call record over it with one gated quote
 * (declared, allowed, spoken under a say token) and one tool call. Lists are written out of order
 * and the reference digests repeat, so build has something to normalize.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoRunpack } from '@gait/core-runpack';

const digest = (c: string) => c.repeat(64);
const at = (seq: number) => `2026-03-01T10:00:0${seq}+01:00`;

export const CALL_ID = 'call_demo';
export const INTENT_DIGEST = digest('a');
export const POLICY_DIGEST = digest('b');
export const SAY_TOKEN_ID = 'say_demo_0001';

const event = (call_seq: number, turn_index: number, event_type: string, extra: Record<string, unknown> = {}) => ({
  schema_id: 'gait.voice.call_event',
  schema_version: '1.0.0',
  created_at: at(call_seq),
  call_id: CALL_ID,
  call_seq,
  turn_index,
  event_type,
  ...extra,
});

const gated = { commitment_class: 'quote', intent_digest: INTENT_DIGEST, policy_digest: POLICY_DIGEST };

/** A fresh call record object (callers may edit it). */
export function callRecord(runpackPath = 'runpack_run_demo.zip'): Record<string, any> {
  return {
    schema_id: 'gait.voice.call_record',
    schema_version: '1.0.0',
    created_at: '2026-03-01T10:00:00+01:00',
    call_id: CALL_ID,
    run_id: 'run_demo',
    runpack_path: runpackPath,
    privacy_mode: 'hash_only',
    environment_fingerprint: 'envfp:voice-test',
    events: [
      event(7, 1, 'tool.result', { payload_digest: digest('E') }),
      event(1, 0, 'asr.final', { payload_digest: digest('c') }),
      event(3, 0, 'gate.decision', { ...gated, attributes: { verdict: 'allow' } }),
      event(2, 0, 'commitment.declared', gated),
      event(5, 0, 'tts.emitted', { ...gated, say_token_id: SAY_TOKEN_ID }),
      event(4, 0, 'tts.request', gated),
      event(6, 1, 'tool.intent', { payload_digest: digest('d') }),
    ],
    commitments: [
      {
        schema_id: 'gait.voice.commitment_intent',
        schema_version: '1.0.0',
        created_at: at(2),
        producer_version: '0.0.0-test',
        call_id: CALL_ID,
        turn_index: 0,
        call_seq: 2,
        commitment_class: 'quote',
        currency: 'EUR',
        quote_min_cents: 1500,
        quote_max_cents: 2500,
        context: { identity: 'agent.voice', workspace: '/srv/calls', risk_class: 'high' },
      },
    ],
    gate_decisions: [
      {
        call_id: CALL_ID,
        call_seq: 3,
        turn_index: 0,
        commitment_class: 'quote',
        verdict: 'allow',
        reason_codes: ['quote_within_bounds', 'matched_rule_allow_quote', 'quote_within_bounds'],
        intent_digest: INTENT_DIGEST,
        policy_digest: POLICY_DIGEST,
        say_token_id: SAY_TOKEN_ID,
      },
    ],
    speak_receipts: [
      { call_id: CALL_ID, call_seq: 5, turn_index: 0, commitment_class: 'quote', say_token_id: SAY_TOKEN_ID, spoken_digest: digest('f') },
    ],
    reference_digests: [digest('2'), digest('1'), digest('2')],
  };
}

export const demoRunpack = (): Uint8Array => buildDemoRunpack().zip;

/** Writes `call.json` and the runpack beside it into a new temp folder; returns the folder and the record path. */
export async function writeCallFixture(record: Record<string, unknown> = callRecord()): Promise<{ dir: string; recordPath: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gait-call-'));
  await writeFile(join(dir, 'runpack_run_demo.zip'), demoRunpack());
  const recordPath = join(dir, 'call.json');
  await writeFile(recordPath, JSON.stringify(record, null, 2));
  return { dir, recordPath };
}
