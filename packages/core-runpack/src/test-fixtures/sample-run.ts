/** A small run of our own for ordinary tests (no reference data needed). */
import type { RecordRunInput } from '../record.js';

export function sampleRunInput(overrides: { runId?: string; steps?: number } = {}): RecordRunInput {
  const runId = overrides.runId ?? 'run_sample';
  const steps = overrides.steps ?? 2;
  const at = (s: number) => `2026-03-01T10:00:${String(s).padStart(2, '0')}.250+02:00`;
  return {
    run: {
      run_id: runId,
      created_at: '2026-03-01T08:00:00.000Z',
      producer_version: 'test-1',
      env: { os: 'linux', arch: 'amd64', runtime: 'node' },
      timeline: Array.from({ length: steps }, (_, i) => ({ event: 'tool_call', ts: at(i), ref: `intent_${i + 1}` })),
    },
    intents: Array.from({ length: steps }, (_, i) => ({
      intent_id: `intent_${i + 1}`,
      tool_name: i % 2 === 0 ? 'tool.fetch_url' : 'tool.write_file',
      args: { step: i + 1, path: `/tmp/out-${i + 1}.txt` },
    })),
    results: Array.from({ length: steps }, (_, i) => ({
      intent_id: `intent_${i + 1}`,
      status: 'ok',
      result: { ok: true, bytes: 10 * (i + 1), verdict: 'allow', reason_codes: ['b', 'a', 'a'] },
    })),
    refs: {
      receipts: [
        {
          ref_id: 'ref_b',
          source_type: 'http',
          source_locator: 'https://example.test/b',
          query_digest: 'A'.repeat(64),
          content_digest: 'b'.repeat(64),
          retrieved_at: '2026-03-01T09:00:00+01:00',
          redaction_mode: 'metadata',
        },
        {
          ref_id: 'ref_a',
          source_type: 'file',
          source_locator: '/data/a.txt',
          query_digest: 'c'.repeat(64),
          content_digest: 'd'.repeat(64),
          retrieved_at: '2026-03-01T08:30:00Z',
          redaction_mode: 'reference',
          immutability: 'Immutable',
        },
      ],
    },
  };
}
