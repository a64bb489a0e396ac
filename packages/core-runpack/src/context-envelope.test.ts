import { describe, expect, it } from 'vitest';
import { parseContextEnvelope } from './context-envelope.js';
import { recordRun } from './record.js';
import { sampleRunInput } from './test-fixtures/sample-run.js';

const receipt = {
  ref_id: 'ref_1',
  source_type: 'http',
  source_locator: 'https://example.com',
  query_digest: '3'.repeat(64),
  content_digest: '4'.repeat(64),
  retrieved_at: '2026-02-14T00:00:00Z',
  redaction_mode: 'metadata',
};

describe('context envelope', () => {
  it('reproduces the reference context_set_digest of the TCK receipt (artifacts §3.2.5)', () => {
    const envelope = parseContextEnvelope(JSON.stringify({ context_set_id: 'run_tck', records: [receipt] }));
    expect(envelope.context_set_digest).toBe('bf5735ae784771a37e4b5d3abe650fc128e3b099b7073ed3081b9c77402fecf3');
    expect(envelope).toMatchObject({ evidence_mode: 'best_effort', created_at: '1980-01-01T00:00:00Z', records: [{ immutability: 'unknown' }] });
  });

  it('sorts records, refuses unknown fields, bad digests and a wrong supplied digest', () => {
    const two = parseContextEnvelope(JSON.stringify({ context_set_id: 's', records: [{ ...receipt, ref_id: 'ref_2' }, receipt] }));
    expect(two.records.map((r) => r.ref_id)).toEqual(['ref_1', 'ref_2']);
    expect(() => parseContextEnvelope(JSON.stringify({ context_set_id: 's', extra: 1 }))).toThrow('context_envelope: unknown field "extra"');
    expect(() => parseContextEnvelope(JSON.stringify({ context_set_id: 's', records: [{ ...receipt, query_digest: 'xyz' }] }))).toThrow(/query_digest: expected 64 hex/);
    expect(() => parseContextEnvelope(JSON.stringify({ context_set_id: 's', context_set_digest: '0'.repeat(64), records: [receipt] }))).toThrow('context_set_digest mismatch');
    expect(() => parseContextEnvelope(JSON.stringify({ records: [] }))).toThrow(/context_set_id: required/);
  });

  it('replaces the refs of a recorded run, and required mode then has its digest', () => {
    const envelope = parseContextEnvelope(JSON.stringify({ context_set_id: 's', evidence_mode: 'required', records: [receipt] }));
    const refs = recordRun(sampleRunInput(), { recordPolicy: { contextEnvelope: envelope } }).runpack.refs;
    expect(refs).toMatchObject({ context_set_digest: envelope.context_set_digest, context_evidence_mode: 'required', context_ref_count: 1 });
    expect(refs.receipts.map((r) => r.ref_id)).toEqual(['ref_1']);
    const raw = parseContextEnvelope(JSON.stringify({ context_set_id: 's', records: [{ ...receipt, redaction_mode: 'raw' }] }));
    expect(() => recordRun(sampleRunInput(), { recordPolicy: { contextEnvelope: raw } })).toThrow(/context envelope includes redaction_mode=raw/);
  });
});
