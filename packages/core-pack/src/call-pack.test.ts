import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZipSafe, writeDeterministicZip } from '@gait/core-fsx';
import { canonicalJson } from '@gait/core-sign';
import { assemblePack } from './build.js';
import { buildCallPack, readCallSource } from './call-pack.js';
import { diffPacks } from './diff.js';
import { inspectPack } from './inspect.js';
import { verifyPack } from './verify.js';
import { callRecord, demoRunpack, writeCallFixture } from './testing/call-vector.js';

type Rec = Record<string, any>;
const build = (record: Rec = callRecord()) => buildCallPack({ record, runpack: demoRunpack() });
const members = (zip: Uint8Array) => new Map(readZipSafe(zip).map((e) => [e.name, Buffer.from(e.data).toString('utf8')]));
const lines = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);

describe('buildCallPack', () => {
  it('writes every call file, normalized, with counts that agree, and the pack verifies', async () => {
    const built = await build();
    const files = members(built.zip);
    expect([...files.keys()].sort()).toEqual([
      'call_events.jsonl', 'call_payload.json', 'callpack_manifest.json', 'commitments.jsonl', 'gate_decisions.jsonl',
      'pack_manifest.json', 'proof_records.jsonl', 'reference_digests.json', 'source/runpack.zip', 'speak_receipts.jsonl',
    ]);
    const events = lines(files.get('call_events.jsonl')!);
    expect(events.map((e) => [e.call_seq, e.event_type])).toEqual([
      [1, 'asr.final'], [2, 'commitment.declared'], [3, 'gate.decision'], [4, 'tts.request'], [5, 'tts.emitted'], [6, 'tool.intent'], [7, 'tool.result'],
    ]);
    expect(events[0]!.created_at).toBe('2026-03-01T09:00:01Z');
    expect(events[6]!.payload_digest).toBe('e'.repeat(64));
    expect(lines(files.get('gate_decisions.jsonl')!)[0]!.reason_codes).toEqual(['matched_rule_allow_quote', 'quote_within_bounds']);
    expect(JSON.parse(files.get('reference_digests.json')!)).toEqual(['1'.repeat(64), '2'.repeat(64)]);
    const payload = JSON.parse(files.get('call_payload.json')!);
    expect(payload).toEqual({
      schema_id: 'gait.pack.call', schema_version: '1.0.0', created_at: '2026-03-01T09:00:00Z', call_id: 'call_demo', run_id: 'run_demo',
      privacy_mode: 'hash_only', event_count: 7, commitment_count: 1, decision_count: 1, speak_receipt_count: 1, reference_digest_count: 2,
      environment_fingerprint: 'envfp:voice-test',
    });
    expect(JSON.parse(files.get('callpack_manifest.json')!)).toMatchObject({ schema_id: 'gait.voice.callpack_manifest', producer_version: '0.0.0-dev', event_count: 7 });
    expect(Buffer.from(readZipSafe(built.zip).find((e) => e.name === 'source/runpack.zip')!.data)).toEqual(Buffer.from(demoRunpack()));
    expect(built.manifest).toMatchObject({ pack_type: 'call', source_ref: 'call_demo' });
    expect(await verifyPack(built.zip)).toMatchObject({ ok: true, pack_type: 'call', contract_errors: [], proof_records_verified: 8 });
  });

  it('does not depend on the order of the record\'s lists', async () => {
    const shuffled = callRecord();
    for (const key of ['events', 'reference_digests']) shuffled[key].reverse();
    expect((await build(shuffled)).packId).toBe((await build()).packId);
  });

  it('keeps absent reference digests as null and takes the run id from the runpack when the record has none', async () => {
    const record = callRecord();
    delete record.reference_digests;
    delete record.run_id;
    const files = members((await build(record)).zip);
    expect(files.get('reference_digests.json')).toBe('null');
    expect(JSON.parse(files.get('call_payload.json')!)).toMatchObject({ reference_digest_count: 0, run_id: 'run_demo' });
    expect(await verifyPack((await build(record)).zip)).toMatchObject({ ok: true });
  });

  it('reads the record from a file and its runpack relative to the record\'s folder', async () => {
    const { recordPath } = await writeCallFixture();
    expect((await buildCallPack(recordPath)).packId).toBe((await build()).packId);
  });
});

describe('buildCallPack refuses a bad record (invalid input, exit 6), naming the field', () => {
  const cases: [string, (r: Rec) => void, RegExp][] = [
    ['an unknown top-level field', (r) => (r.notes = 'x'), /\/notes is not an allowed property/],
    ['an unknown field in an event', (r) => (r.events[0].speaker = 'bot'), /\/events\/0\/speaker is not an allowed property/],
    ['an unknown field in a decision', (r) => (r.gate_decisions[0].score = 1), /\/gate_decisions\/0\/score is not an allowed property/],
    ['a bad privacy mode', (r) => (r.privacy_mode = 'raw'), /\/privacy_mode must be one of/],
    ['a missing required event type', (r) => (r.events = r.events.filter((e: Rec) => e.event_type !== 'tool.result')), /missing required event types: tool\.result/],
    ['an item of another call', (r) => (r.speak_receipts[0].call_id = 'call_other'), /speak_receipts\[0\]\.call_id/],
    ['a gated emission without a receipt', (r) => (r.speak_receipts = []), /gated tts\.emitted 5:0:quote has no speak receipt/],
    ['a receipt with another say token', (r) => (r.speak_receipts[0].say_token_id = 'say_other'), /has say_token_id "say_demo_0001" but its speak receipt has "say_other"/],
    ['a receipt after a blocking decision', (r) => (r.gate_decisions[0].verdict = 'block'), /follows a gate decision with verdict block, not allow/],
    ['a receipt without a prior decision', (r) => (r.gate_decisions[0].call_seq = 6), /receipt 5:0:quote has no prior gate decision/],
    ['a receipt with a token the decision did not issue', (r) => {
      r.speak_receipts[0].say_token_id = 'say_other';
      r.events.find((e: Rec) => e.event_type === 'tts.emitted').say_token_id = 'say_other';
    }, /uses say token say_other but its gate decision issued say_demo_0001/],
    ['a run id the runpack does not have', (r) => (r.run_id = 'run_other'), /run_id "run_other" does not match the runpack's run "run_demo"/],
  ];
  it.each(cases)('%s', async (_name, edit, message) => {
    const record = callRecord();
    edit(record);
    await expect(build(record)).rejects.toMatchObject({ exitCode: 6, message: expect.stringMatching(message) });
  });

  it('a later decision that blocks overrides an earlier allow', async () => {
    const record = callRecord();
    const { say_token_id: _token, ...decision } = record.gate_decisions[0];
    record.gate_decisions.push({ ...decision, call_seq: 4, verdict: 'block' });
    await expect(build(record)).rejects.toThrow(/verdict block/);
  });

  it('a missing record file or runpack, or a trailing JSON value, is invalid input', async () => {
    const { dir, recordPath } = await writeCallFixture(callRecord('missing/runpack.zip'));
    await expect(buildCallPack(recordPath)).rejects.toMatchObject({ exitCode: 6, code: 'call_runpack_not_found', message: expect.stringContaining('missing/runpack.zip') });
    await expect(buildCallPack(join(dir, 'nope.json'))).rejects.toMatchObject({ exitCode: 6, code: 'call_record_not_found' });
    await writeFile(recordPath, `${JSON.stringify(callRecord())} {}`);
    await expect(readCallSource(recordPath)).rejects.toMatchObject({ exitCode: 6 });
  });

  it('a runpack that does not verify is a verification failure (exit 2)', async () => {
    const entries = readZipSafe(demoRunpack()).map((e) => ({ name: e.name, data: e.name === 'intents.jsonl' ? Buffer.concat([e.data, Buffer.from('\n')]) : e.data }));
    await expect(buildCallPack({ record: callRecord(), runpack: writeDeterministicZip(entries) })).rejects.toMatchObject({ exitCode: 2, code: 'call_runpack_unverified' });
  });
});

describe('verifyPack re-checks the call contract', () => {
  /** Re-assembles the pack with one member edited and a valid manifest, so only the contract can catch it. */
  async function repacked(edit: (files: Map<string, string>) => void): Promise<Uint8Array> {
    const zip = (await build()).zip;
    const files = new Map(readZipSafe(zip).filter((e) => !['pack_manifest.json', 'proof_records.jsonl'].includes(e.name)).map((e) => [e.name, e.data]));
    const text = new Map([...files].filter(([n]) => n !== 'source/runpack.zip').map(([n, d]) => [n, Buffer.from(d).toString('utf8')]));
    edit(text);
    const all = [...text].map(([path, t]) => ({ path, data: Buffer.from(t) })).concat({ path: 'source/runpack.zip', data: Buffer.from(files.get('source/runpack.zip')!) });
    return assemblePack('call', 'call_demo', all).zip;
  }
  const editJson = (files: Map<string, string>, name: string, edit: (o: Rec) => void) => {
    const o = JSON.parse(files.get(name)!);
    edit(o);
    files.set(name, canonicalJson(o));
  };
  const editLines = (files: Map<string, string>, name: string, edit: (list: Rec[]) => void) => {
    const list = lines(files.get(name)!);
    edit(list);
    files.set(name, list.map((o) => `${canonicalJson(o)}\n`).join(''));
  };

  const cases: [string, (f: Map<string, string>) => void, RegExp][] = [
    ['events out of order', (f) => editLines(f, 'call_events.jsonl', (l) => l.reverse()), /call_events\.jsonl: line 2 is out of order \(records must be sorted by call_seq, event_type\)/],
    ['an unknown field in a receipt line', (f) => editLines(f, 'speak_receipts.jsonl', (l) => (l[0]!.extra = 1)), /speak_receipts\.jsonl line 1: \/extra is not an allowed property/],
    ['a dropped required event', (f) => editLines(f, 'call_events.jsonl', (l) => l.splice(0, 1)), /missing required event types: asr\.final/],
    ['a count that disagrees', (f) => editJson(f, 'call_payload.json', (o) => (o.decision_count = 2)), /decision_count is 2 but the pack holds 1/],
    ['a manifest that disagrees with the payload', (f) => editJson(f, 'callpack_manifest.json', (o) => (o.privacy_mode = 'dispute_encrypted')), /callpack_manifest\.json: privacy_mode differs/],
    ['a created_at that disagrees', (f) => editJson(f, 'callpack_manifest.json', (o) => (o.created_at = '2026-03-02T00:00:00Z')), /created_at differs/],
    ['unsorted reference digests', (f) => f.set('reference_digests.json', JSON.stringify([`${'2'.repeat(64)}`, `${'1'.repeat(64)}`])), /reference_digests\.json: digests must be unique and sorted/],
    ['an unknown payload field', (f) => editJson(f, 'call_payload.json', (o) => (o.extra = true)), /call_payload\.json: \/extra is not an allowed property/],
    ['a receipt whose decision blocked', (f) => editLines(f, 'gate_decisions.jsonl', (l) => (l[0]!.verdict = 'block')), /verdict block, not allow/],
  ];
  it.each(cases)('%s', async (_name, edit, reason) => {
    const result = await verifyPack(await repacked(edit));
    expect(result.ok).toBe(false);
    expect(result.missing_files.length + result.hash_mismatches.length + result.undeclared_files.length).toBe(0);
    expect(result.contract_errors).toEqual([expect.stringMatching(reason)]);
  });

  it('an untouched re-assembly still verifies (the harness itself breaks nothing)', async () => {
    expect(await verifyPack(await repacked(() => {}))).toMatchObject({ ok: true });
  });

  it('holds other producers to the spec\'s rules, not to this build\'s digest case or time zone', async () => {
    const zip = await repacked((f) =>
      editLines(f, 'call_events.jsonl', (l) => {
        l[0]!.payload_digest = String(l[0]!.payload_digest).toUpperCase();
        l[0]!.created_at = '2026-03-01T10:00:01+01:00';
      }),
    );
    expect(await verifyPack(zip)).toMatchObject({ ok: true, contract_errors: [] });
  });
});

describe('inspect and diff on call packs', () => {
  it('inspect shows the call payload', async () => {
    const inspection = await inspectPack((await build()).zip);
    expect(inspection).toMatchObject({ pack_type: 'call', source_ref: 'call_demo', call_payload: { event_count: 7, speak_receipt_count: 1 } });
  });

  it('diff reports nothing for the same call and the changed files for another', async () => {
    const same = await diffPacks((await build()).zip, (await build()).zip);
    expect(same.summary).toEqual({ changed: false, manifest_delta: false, context_drift_classification: 'none' });
    const other = callRecord();
    other.reference_digests.push('3'.repeat(64));
    other.speak_receipts[0].emitted_at = '2026-03-01T10:00:05+01:00';
    const diff = await diffPacks((await build()).zip, (await build(other)).zip);
    expect(diff).toMatchObject({ left_pack_type: 'call', right_pack_type: 'call' });
    expect(diff.summary).toMatchObject({
      changed: true,
      manifest_delta: true,
      changed_files: ['call_payload.json', 'callpack_manifest.json', 'proof_records.jsonl', 'reference_digests.json', 'speak_receipts.jsonl'],
    });
  });
});
