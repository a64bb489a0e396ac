/** The call record schema (our design, not a reference file): validated, typed, and never published. */
import { describe, expect, it } from 'vitest';
import { findSchema, schemaFiles, validate, type CallRecord } from './index.js';

const digest = 'ab'.repeat(32);
const record = (): Record<string, any> => ({
  schema_id: 'gait.voice.call_record',
  schema_version: '1.0.0',
  created_at: '2026-03-01T10:00:00Z',
  call_id: 'call_1',
  runpack_path: 'runpack_run_1.zip',
  privacy_mode: 'hash_only',
  events: [{ schema_id: 'gait.voice.call_event', schema_version: '1.0.0', created_at: '2026-03-01T10:00:01Z', call_id: 'call_1', call_seq: 1, turn_index: 0, event_type: 'asr.final' }],
  commitments: [],
  gate_decisions: [{ call_id: 'call_1', call_seq: 2, turn_index: 0, commitment_class: 'refund', verdict: 'allow', intent_digest: digest, policy_digest: digest }],
  speak_receipts: [{ call_id: 'call_1', call_seq: 3, turn_index: 0, commitment_class: 'refund', say_token_id: 'say_1' }],
});

describe('gait.voice.call_record', () => {
  it('accepts a record, with reference digests absent, null or a list', () => {
    for (const digests of [undefined, null, [digest]]) {
      const value = { ...record(), ...(digests === undefined ? {} : { reference_digests: digests }) };
      const result = validate('gait.voice.call_record', value);
      expect(result.ok).toBe(true);
      if (result.ok) expect((result.value as CallRecord).call_id).toBe('call_1');
    }
  });

  it('checks events and commitments against their own published schemas, and refuses unknown fields', () => {
    const cases: [(r: Record<string, any>) => void, string][] = [
      [(r) => (r.events[0].event_type = 'tts.spoken'), '/events/0/event_type'],
      [(r) => (r.events[0].mood = 'calm'), '/events/0/mood'],
      [(r) => r.commitments.push({ schema_id: 'gait.voice.commitment_intent' }), '/commitments/0/schema_version'],
      [(r) => (r.gate_decisions[0].verdict = 'maybe'), '/gate_decisions/0/verdict'],
      [(r) => (r.speak_receipts[0].extra = 1), '/speak_receipts/0/extra'],
      [(r) => delete r.runpack_path, '/runpack_path'],
      [(r) => (r.notes = ''), '/notes'],
    ];
    for (const [edit, path] of cases) {
      const value = record();
      edit(value);
      const result = validate('gait.voice.call_record', value);
      expect(result.ok, path).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.path), path).toContain(path);
    }
  });

  it('is found by its schema_id but has no file under schemas/v1', () => {
    expect(findSchema('gait.voice.call_record')?.key).toBe('voice/call_record');
    expect(schemaFiles().some((f) => f.path.includes('call_record'))).toBe(false);
  });
});
