import { keyPairFromSeed, sha256Hex } from '@gait/core-sign';
import { describe, expect, it } from 'vitest';
import { buildDemoRunpack } from './demo.js';
import { diffRunpacks, isDiffUnchanged } from './diff.js';
import { inspectRunpack } from './inspect.js';
import { readRunpack } from './read.js';
import { defaultReducedPath, reduceRunpack } from './reduce.js';
import { goMarshal } from './go-json.js';
import { recordRun } from './record.js';
import { replayRunpack } from './replay.js';
import { sampleRunInput } from './test-fixtures/sample-run.js';
import { isValidTicketFooter, ticketFooter } from './ticket-footer.js';

const keyPair = keyPairFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i));

// The reference's stub-replay vector (artifacts §11.2 C).
const stubRun = () =>
  recordRun({
    run: { run_id: 'run_stub', created_at: '2026-02-05T00:00:00Z' },
    intents: [
      { intent_id: 'intent_1', tool_name: 'tool.fetch_url', args_digest: 'ABC' },
      { intent_id: 'intent_2', tool_name: 'tool.unknown', args_digest: 'def' },
      { intent_id: 'intent_3', tool_name: 'tool.search', args_digest: '0' },
    ],
    results: [{ intent_id: 'intent_3', status: 'error', result_digest: 'r3' }],
  }).zip;

describe('replayRunpack', () => {
  it('reproduces the reference stub replay vector', async () => {
    expect(await replayRunpack(stubRun())).toEqual({
      run_id: 'run_stub',
      mode: 'stub',
      steps: [
        { intent_id: 'intent_1', tool_name: 'tool.fetch_url', status: 'stubbed', execution: 'stubbed', stub_type: 'http', result_digest: '04c0c114ab9e11bbed040fd5131e46da93083d1d853b894bf4c8a4f59c975f44' },
        { intent_id: 'intent_2', tool_name: 'tool.unknown', status: 'missing_result', execution: 'missing' },
        { intent_id: 'intent_3', tool_name: 'tool.search', status: 'error', execution: 'recorded', result_digest: 'r3' },
      ],
      missing_results: ['intent_2'],
    });
    expect(sha256Hex('run_stub:intent_1:tool.fetch_url:abc:http')).toBe('04c0c114ab9e11bbed040fd5131e46da93083d1d853b894bf4c8a4f59c975f44');
  });

  it('replays every step of a complete run from its records', async () => {
    const replay = await replayRunpack(buildDemoRunpack().zip);
    expect(replay.missing_results).toEqual([]);
    expect(replay.steps.map((s) => s.execution)).toEqual(['recorded', 'recorded', 'recorded']);
  });

  it('refuses duplicate intent ids', async () => {
    const zip = recordRun({ run: { run_id: 'run_dup' }, intents: [{ intent_id: 'a', tool_name: 't' }, { intent_id: 'a', tool_name: 't' }] }).zip;
    await expect(replayRunpack(zip)).rejects.toThrow('duplicate intent_id: a');
  });
});

describe('diffRunpacks', () => {
  it('sees no change between a signed and an unsigned recording of the same run', async () => {
    const diff = await diffRunpacks(recordRun(sampleRunInput()).zip, recordRun(sampleRunInput(), { keyPair }).zip);
    expect(diff).toEqual({
      privacy: 'full',
      summary: { run_id_left: 'run_sample', run_id_right: 'run_sample', manifest_changed: false, intents_changed: false, results_changed: false, refs_changed: false, context_drift_classification: 'none' },
    });
    expect(isDiffUnchanged(diff)).toBe(true);
  });

  it('reports one-sided intents and classifies context drift', async () => {
    const left = recordRun(sampleRunInput({ steps: 3 })).zip;
    const right = recordRun(sampleRunInput({ steps: 2 })).zip;
    const full = await diffRunpacks(left, right);
    expect(full.summary).toMatchObject({ intents_changed: true, results_changed: true, left_only_intents: ['intent_3'], left_only_results: ['intent_3'], refs_changed: false });

    const moved = sampleRunInput();
    (moved.refs as { receipts: Record<string, unknown>[] }).receipts[0]!.retrieved_at = '2026-03-02T00:00:00Z';
    const runtime = await diffRunpacks(recordRun(sampleRunInput()).zip, recordRun(moved).zip);
    expect(runtime.summary).toMatchObject({ refs_changed: true, context_drift_classification: 'runtime_only', context_runtime_only_changes: true });

    const other = await diffRunpacks(recordRun(sampleRunInput()).zip, recordRun(sampleRunInput({ runId: 'run_other' })).zip);
    expect(other.summary.context_drift_classification).toBe('semantic');
  });

  it('ignores payload differences under metadata privacy but not under full', async () => {
    const changed = sampleRunInput();
    (changed.intents![0] as Record<string, unknown>).args = { step: 99 };
    const a = recordRun(sampleRunInput(), { captureMode: 'raw' }).zip;
    const b = recordRun(changed, { captureMode: 'raw' }).zip;
    expect((await diffRunpacks(a, b)).summary.intents_changed).toBe(true);
    // The args digest still differs, so metadata privacy sees the change through it.
    expect((await diffRunpacks(a, b, 'metadata')).summary.intents_changed).toBe(true);
    const sameDigest = sampleRunInput();
    (sameDigest.intents![0] as Record<string, unknown>).args_digest = 'e'.repeat(64);
    const c = recordRun(sameDigest, { captureMode: 'raw' }).zip;
    const d = recordRun({ ...sameDigest, intents: sameDigest.intents!.map((i, n) => (n === 0 ? { ...(i as object), args: { other: 1 } } : i)) }, { captureMode: 'raw' }).zip;
    expect((await diffRunpacks(c, d, 'metadata')).summary.intents_changed).toBe(false);
    expect((await diffRunpacks(c, d, 'full')).summary.intents_changed).toBe(true);
  });
});

describe('inspect and read', () => {
  it('lists entries with verdicts pulled from raw results', async () => {
    const inspection = await inspectRunpack(recordRun(sampleRunInput(), { captureMode: 'raw' }).zip);
    expect(inspection.entries[0]).toMatchObject({ index: 1, intent_id: 'intent_1', status: 'ok', verdict: 'allow', reason_codes: ['a', 'b'] });
    expect(inspection).toMatchObject({ intents_total: 2, results_total: 2, unmatched_results: [], warnings: [] });
  });

  it('refuses a runpack whose member hash no longer matches (exit 6 for readers)', async () => {
    const { entries } = recordRun(sampleRunInput());
    const { storedZip } = await import('./test-fixtures/stored-zip.js');
    const zip = storedZip([...entries].map(([name, data]) => ({ name, data: name === 'run.json' ? Buffer.from(Buffer.from(data).toString().replace('linux', 'Linux')) : data })));
    await expect(readRunpack(zip)).rejects.toMatchObject({ message: 'runpack hash mismatch', exitCode: 6 });
  });
});

describe('ticket footer', () => {
  it('follows the contract regex', () => {
    const footer = ticketFooter('run_demo', buildDemoRunpack().runpack.manifest.manifest_digest);
    expect(isValidTicketFooter(footer)).toBe(true);
    expect(isValidTicketFooter(ticketFooter('run.with.dots', 'a'.repeat(64)))).toBe(false);
  });
});

describe('reduceRunpack', () => {
  it('reproduces the reference reduce reports for both predicates', async () => {
    const missing = await reduceRunpack(stubRun(), 'missing_result');
    expect(goMarshal(missing.report)).toBe(
      '{"schema_id":"gait.runpack.reduce_report","schema_version":"1.0.0","created_at":"2026-02-05T00:00:00Z","producer_version":"0.0.0-dev","run_id":"run_stub","reduced_run_id":"run_stub_reduced_missingresult","predicate":"missing_result","selected_intent_id":"intent_1","original_intent_count":3,"reduced_intent_count":1,"original_result_count":1,"reduced_result_count":0,"original_ref_count":0,"reduced_ref_count":0,"still_failing":true}',
    );
    const nonOk = await reduceRunpack(stubRun(), 'non_ok_status');
    expect(goMarshal(nonOk.report)).toBe(
      '{"schema_id":"gait.runpack.reduce_report","schema_version":"1.0.0","created_at":"2026-02-05T00:00:00Z","producer_version":"0.0.0-dev","run_id":"run_stub","reduced_run_id":"run_stub_reduced_nonokstatus","predicate":"non_ok_status","selected_intent_id":"intent_3","original_intent_count":3,"reduced_intent_count":1,"original_result_count":1,"reduced_result_count":1,"original_ref_count":0,"reduced_ref_count":0,"still_failing":true}',
    );
    expect(defaultReducedPath('gait-out/runpack_run_stub.zip', 'run_stub', 'missing_result')).toBe('gait-out/runpack_run_stub_reduced_missing_result.zip');
  });

  it('keeps only the receipts the failing step references, and the reduced runpack verifies', async () => {
    const input = sampleRunInput({ steps: 2 });
    (input.intents![1] as Record<string, unknown>).args = { source_ref: 'ref_b' };
    (input.results![1] as Record<string, unknown>).status = 'error';
    const reduced = await reduceRunpack(recordRun(input, { captureMode: 'raw' }).zip, 'non_ok_status');
    expect(reduced.runpack.refs.receipts.map((r) => r.ref_id)).toEqual(['ref_b']);
    expect(reduced.runpack.run.timeline?.map((e) => e.ref)).toEqual(['intent_2']);
    expect(reduced.runpack.manifest.capture_mode).toBe('raw');
    const { verifyRunpack } = await import('./verify.js');
    expect((await verifyRunpack(reduced.zip)).ok).toBe(true);
    await expect(reduceRunpack(recordRun(sampleRunInput()).zip, 'missing_result')).rejects.toThrow('no intent matches predicate missing_result');
  });
});

describe('real replay (explicitly allowed tools only)', () => {
  it('executes allowed tools and digests their output; others keep their recorded results', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'gait-real-replay-'));
    const zip = recordRun(
      {
        run: { run_id: 'run_real' },
        intents: [
          { intent_id: 'i1', tool_name: 'tool.echo', args: { message: ' hi ' } },
          { intent_id: 'i2', tool_name: 'fs.write', args: { path: join(dir, 'out.txt'), content: 'written' } },
          { intent_id: 'i3', tool_name: 'shell.exec', args: { command: 'printf abc' } },
          { intent_id: 'i4', tool_name: 'shell.exec', args: { command: 'exit 3' } },
          { intent_id: 'i5', tool_name: 'tool.echo', args: { message: 'not allowed' } },
        ],
        results: [{ intent_id: 'i5', status: 'ok', result_digest: 'f'.repeat(64) }],
      },
      { captureMode: 'raw' },
    ).zip;
    const replay = await replayRunpack(zip, { realTools: ['tool.echo', 'fs.write', 'shell.exec'] });
    expect(replay.mode).toBe('real');
    expect(replay.steps.slice(0, 3)).toEqual([
      { intent_id: 'i1', tool_name: 'tool.echo', execution: 'executed', status: 'ok', result_digest: sha256Hex('hi') },
      { intent_id: 'i2', tool_name: 'fs.write', execution: 'executed', status: 'ok', result_digest: sha256Hex('written') },
      { intent_id: 'i3', tool_name: 'shell.exec', execution: 'executed', status: 'ok', result_digest: sha256Hex('abc') },
    ]);
    expect(replay.steps[3]).toMatchObject({ status: 'error', execution: 'executed' });
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('written');
    // Only the listed tools run; the others fall back to recorded results or are reported missing.
    const partial = await replayRunpack(zip, { realTools: ['fs.write'] });
    expect(partial.steps.map((s) => s.execution)).toEqual(['missing', 'executed', 'missing', 'missing', 'recorded']);
  });
});
