import { sha256Hex } from '@gait/core-sign';
import { recordRun, type RecordedRunpack } from './record.js';

/**
 * The version the embedded demo records as its producer. The reference stamps its own version
 * (1.4.0 for the artifacts we match), so with this default `gait demo` yields the same manifest
 * digest and ticket footer as Go gait 1.4.0 — a newcomer can cross-check both tools.
 */
export const DEMO_PRODUCER_VERSION = '1.4.0';
export const DEMO_RUN_ID = 'run_demo';

const T = '2026-02-05T00:00:00Z';

const DEMO_STEPS = [
  { tool: 'tool.search', args: { query: 'gait demo: offline verification' } },
  { tool: 'tool.fetch', args: { url: 'https://example.local/demo' } },
  { tool: 'tool.summarize', args: { input_ref: 'ref_1' } },
] as const;

/** The fixed, unsigned demo runpack: three tool calls with results and context receipts. */
export function buildDemoRunpack(options: { producerVersion?: string } = {}): RecordedRunpack {
  const producer_version = options.producerVersion ?? DEMO_PRODUCER_VERSION;
  const n = (i: number) => i + 1;
  return recordRun(
    {
      run: {
        run_id: DEMO_RUN_ID,
        created_at: T,
        producer_version,
        env: { os: 'demo', arch: 'demo', runtime: 'go' },
        timeline: [
          { event: 'start', ts: T },
          { event: 'finish', ts: '2026-02-05T00:00:02Z' },
        ],
      },
      intents: DEMO_STEPS.map((step, i) => ({ intent_id: `intent_${n(i)}`, tool_name: step.tool, args: step.args })),
      results: DEMO_STEPS.map((_, i) => ({ intent_id: `intent_${n(i)}`, status: 'ok', result: { ok: true, message: `demo result ${n(i)}` } })),
      refs: {
        receipts: DEMO_STEPS.map((step, i) => ({
          ref_id: `ref_${n(i)}`,
          source_type: 'demo',
          source_locator: step.tool,
          query_digest: sha256Hex(`query-${n(i)}`),
          content_digest: sha256Hex(`content-${n(i)}`),
          retrieved_at: T,
          redaction_mode: 'reference',
        })),
      },
    },
    { captureMode: 'reference' },
  );
}
