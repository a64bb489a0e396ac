import { readZipSafe } from '@gait/core-fsx';
import { digestCanonical, keyPairFromSeed, sha256Hex } from '@gait/core-sign';
import { describe, expect, it } from 'vitest';
import { recordRun } from './record.js';
import { sampleRunInput } from './test-fixtures/sample-run.js';

const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
const text = (zip: Uint8Array, name: string) => Buffer.from(readZipSafe(zip).find((e) => e.name === name)!.data).toString('utf8');
const jsonl = (zip: Uint8Array, name: string) => text(zip, name).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('recordRun', () => {
  it('is deterministic: the same input gives the same bytes', () => {
    expect(Buffer.from(recordRun(sampleRunInput()).zip)).toEqual(Buffer.from(recordRun(sampleRunInput()).zip));
  });

  it('stores five members in byte order with the manifest listing the four data files', () => {
    const { zip, runpack } = recordRun(sampleRunInput());
    expect(readZipSafe(zip).map((e) => e.name)).toEqual(['intents.jsonl', 'manifest.json', 'refs.json', 'results.jsonl', 'run.json']);
    expect(runpack.manifest.files.map((f) => f.path)).toEqual(['intents.jsonl', 'refs.json', 'results.jsonl', 'run.json']);
    for (const file of runpack.manifest.files) expect(sha256Hex(readZipSafe(zip).find((e) => e.name === file.path)!.data)).toBe(file.sha256);
  });

  it('re-prints times the Go way and keeps offsets except where the reference converts to UTC', () => {
    const { zip } = recordRun(sampleRunInput());
    const run = JSON.parse(text(zip, 'run.json'));
    expect(run.created_at).toBe('2026-03-01T08:00:00Z');
    expect(run.timeline[0].ts).toBe('2026-03-01T10:00:00.25+02:00');
    const refs = JSON.parse(text(zip, 'refs.json'));
    expect(refs.receipts.map((r: { retrieved_at: string }) => r.retrieved_at)).toEqual(['2026-03-01T08:30:00Z', '2026-03-01T08:00:00Z']);
  });

  it('normalizes refs: sorted receipts, lowercase digests, immutability defaulted, count filled', () => {
    const refs = recordRun(sampleRunInput()).runpack.refs;
    expect(refs.receipts.map((r) => r.ref_id)).toEqual(['ref_a', 'ref_b']);
    expect(refs.receipts[1]!.query_digest).toBe('a'.repeat(64));
    expect(refs.receipts.map((r) => r.immutability)).toEqual(['immutable', 'unknown']);
    expect(refs.context_ref_count).toBe(2);
    expect(refs.context_evidence_mode).toBeUndefined();
  });

  it('reference capture keeps digests of the payloads but not the payloads', () => {
    const input = sampleRunInput();
    const { zip, warnings } = recordRun(input);
    const intents = jsonl(zip, 'intents.jsonl');
    expect(intents[0]).not.toHaveProperty('args');
    expect(intents[0]!.args_digest).toBe(digestCanonical({ step: 1, path: '/tmp/out-1.txt' }));
    expect(jsonl(zip, 'results.jsonl')[0]).not.toHaveProperty('result');
    expect(warnings).toEqual(['reference capture stripped raw intent arguments and raw result payloads after digesting']);
  });

  it('raw capture keeps the payloads and says so', () => {
    const { zip, runpack, warnings } = recordRun(sampleRunInput(), { captureMode: 'raw' });
    expect(jsonl(zip, 'intents.jsonl')[1]!.args).toEqual({ step: 2, path: '/tmp/out-2.txt' });
    expect(runpack.manifest.capture_mode).toBe('raw');
    expect(warnings[0]).toMatch(/^raw capture retains/);
  });

  it('keeps a supplied digest and checks it against a normalization payload', () => {
    const input = sampleRunInput();
    (input.intents![0] as Record<string, unknown>).args_digest = 'f'.repeat(64);
    expect(recordRun(input).runpack.intents[0]!.args_digest).toBe('f'.repeat(64));
    expect(() => recordRun({ ...input, normalization: { intent_args: { intent_1: { other: true } } } })).toThrow(/does not match its normalization payload/);
  });

  it('overrides the run id everywhere with runId', () => {
    const { runpack } = recordRun(sampleRunInput(), { runId: 'run_other' });
    const ids = [runpack.run.run_id, runpack.refs.run_id, runpack.manifest.run_id, ...runpack.intents.map((i) => i.run_id), ...runpack.results.map((r) => r.run_id)];
    expect(new Set(ids)).toEqual(new Set(['run_other']));
  });

  it('signs the 32 digest bytes of the unsigned manifest', () => {
    const keyPair = keyPairFromSeed(seed);
    const signed = recordRun(sampleRunInput(), { keyPair });
    const unsigned = recordRun(sampleRunInput());
    const signature = signed.runpack.manifest.signatures![0]!;
    expect(signature.signed_digest).toBe(sha256Hex(unsigned.entries.get('manifest.json')!));
    expect(signature.key_id).toBe('56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c');
    expect(signed.runpack.manifest.manifest_digest).toBe(unsigned.runpack.manifest.manifest_digest);
  });

  it('fills defaults: env of this platform in Go names, producer 0.0.0-dev, a nanosecond timestamp', () => {
    const { runpack } = recordRun({ run: { run_id: 'run_bare' } });
    expect(runpack.run.env.runtime).toBe('node');
    expect(runpack.run.producer_version).toBe('0.0.0-dev');
    expect(runpack.run.created_at).toMatch(/Z$/);
    expect(runpack.run.timeline).toBeNull();
    expect(runpack.intents).toEqual([]);
  });

  it('rejects bad input with a message naming the field', () => {
    expect(() => recordRun({ run: {} })).toThrow('run_id is required');
    expect(() => recordRun(sampleRunInput(), { captureMode: 'full' })).toThrow('capture mode must be one of: reference, raw');
    expect(() => recordRun({ run: { run_id: 'run_x', created_at: 'yesterday' } })).toThrow(/run\.created_at/);
    expect(() => recordRun({ run: { run_id: 5 } })).toThrow(/run\.run_id: expected string, got number/);
  });

  it('applies the run record policy: evidence mode defaults to best_effort, raw context needs consent', () => {
    expect(recordRun(sampleRunInput(), { recordPolicy: {} }).runpack.refs.context_evidence_mode).toBe('best_effort');
    const raw = sampleRunInput();
    ((raw.refs as { receipts: Record<string, unknown>[] }).receipts[0]!).redaction_mode = 'RAW';
    expect(() => recordRun(raw, { recordPolicy: {} })).toThrow(/--unsafe-context-raw/);
    expect(recordRun(raw, { recordPolicy: { unsafeContextRaw: true } }).runpack.refs.receipts).toHaveLength(2);
    expect(() => recordRun(sampleRunInput(), { recordPolicy: { contextEvidenceMode: 'required' } })).toThrow(/context_set_digest is missing/);
  });
});
