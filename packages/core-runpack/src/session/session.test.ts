import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyRunpack } from '../verify.js';
import { readSessionChain, verifySessionChain } from './chain.js';
import { compactSession } from './compact.js';
import { readSessionJournal } from './journal.js';
import { appendSessionEvent, checkpointSession, defaultChainPath, sessionStatus, startSession } from './session.js';

let dir: string;
let journal: string;

const T = (s: number) => `2026-02-14T00:00:0${s}Z`;

async function twoCheckpointSession() {
  await startSession(journal, { sessionId: 'sess_1', runId: 'run_sess', now: T(0) });
  await appendSessionEvent(journal, {
    toolName: 'tool.write', verdict: 'ALLOW', intentId: 'intent_1', traceId: 'trace_a',
    intentDigest: 'A'.repeat(64), policyDigest: 'b'.repeat(64), reasonCodes: ['z', 'a', 'a', ' '], createdAt: T(1),
  });
  await appendSessionEvent(journal, { toolName: 'tool.delete', verdict: 'block', createdAt: T(2) });
  await checkpointSession(journal, { out: join(dir, 'cp_0001.zip'), now: T(3) });
  await appendSessionEvent(journal, { toolName: 'tool.read', verdict: 'dry_run', createdAt: T(4) });
  return checkpointSession(journal, { out: join(dir, 'cp_0002.zip'), now: T(5) });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gait-session-'));
  journal = join(dir, 'demo.journal.jsonl');
});

describe('session journal', () => {
  it('writes Go-ordered lines with normalized fields', async () => {
    await twoCheckpointSession();
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      '{"record_type":"header","header":{"schema_id":"gait.runpack.session_journal","schema_version":"1.0.0","created_at":"2026-02-14T00:00:00Z","producer_version":"0.0.0-dev","session_id":"sess_1","run_id":"run_sess","started_at":"2026-02-14T00:00:00Z","events":[]}}',
    );
    const first = JSON.parse(lines[1]!).event;
    expect(Object.keys(first)).toEqual([
      'schema_id', 'schema_version', 'created_at', 'producer_version', 'session_id', 'run_id', 'sequence', 'intent_id', 'tool_name',
      'intent_digest', 'policy_digest', 'trace_id', 'verdict', 'reason_codes', 'relationship',
    ]);
    expect(first).toMatchObject({ sequence: 1, intent_digest: 'a'.repeat(64), verdict: 'allow', reason_codes: ['a', 'z'] });
    expect(JSON.parse(lines[3]!).checkpoint).toMatchObject({ checkpoint_index: 1, sequence_start: 1, sequence_end: 2 });
    expect(JSON.parse(lines[5]!).checkpoint).toMatchObject({ checkpoint_index: 2, sequence_start: 3, sequence_end: 3 });
  });

  it('start is idempotent for the same ids and refuses different ones', async () => {
    await startSession(journal, { sessionId: 's', runId: 'run_r' });
    expect((await startSession(journal, { sessionId: 's', runId: 'run_r' })).event_count).toBe(0);
    await expect(startSession(journal, { sessionId: 'other', runId: 'run_r' })).rejects.toThrow('session journal already initialized with different session/run');
  });

  it('refuses an unknown verdict and an empty checkpoint', async () => {
    await startSession(journal, { sessionId: 's', runId: 'run_r' });
    await expect(appendSessionEvent(journal, { toolName: 't', verdict: 'maybe' })).rejects.toThrow(/unsupported --verdict/);
    await expect(checkpointSession(journal, { out: join(dir, 'x.zip') })).rejects.toThrow('no new session events available for checkpoint');
  });

  it('rebuilds the state index when another writer appended to the journal', async () => {
    await startSession(journal, { sessionId: 's', runId: 'run_r' });
    await appendSessionEvent(journal, { toolName: 't', verdict: 'allow' });
    const { events } = await readSessionJournal(journal);
    const foreign = { ...events[0]!, sequence: 2 };
    appendFileSync(journal, `${JSON.stringify({ record_type: 'event', event: foreign })}\n`);
    expect((await sessionStatus(journal)).last_sequence).toBe(2);
    expect((await appendSessionEvent(journal, { toolName: 't', verdict: 'allow' })).sequence).toBe(3);
  });

  it('refuses a journal whose sequence has a gap', async () => {
    await startSession(journal, { sessionId: 's', runId: 'run_r' });
    await appendSessionEvent(journal, { toolName: 't', verdict: 'allow' });
    const line = readFileSync(journal, 'utf8').trimEnd().split('\n')[1]!.replace('"sequence":1', '"sequence":5');
    appendFileSync(journal, `${line}\n`);
    await expect(readSessionJournal(journal)).rejects.toThrow('session event sequence mismatch line 3: got 5 want 2');
  });
});

describe('checkpoints and the chain', () => {
  it('emits checkpoint runpacks and a chain that verifies', async () => {
    const result = await twoCheckpointSession();
    expect(result.chainPath).toBe(defaultChainPath(journal));
    expect(result.chainPath.endsWith('demo.journal_chain.json')).toBe(true);
    const cp1 = await verifyRunpack(join(dir, 'cp_0001.zip'));
    expect(cp1).toMatchObject({ ok: true, run_id: 'run_sess_cp_0001', schema_errors: [] });
    const verified = await verifySessionChain(result.chainPath);
    expect(verified).toMatchObject({ ok: true, checkpoints_checked: 2, linkage_errors: [], checkpoint_errors: [], journal_path: journal });
    expect(readFileSync(result.chainPath, 'utf8').endsWith('}\n')).toBe(true);
  });

  const tamper = async (edit: (chain: Record<string, any>) => void, options: { journal?: false } = {}) => {
    const { chainPath } = await twoCheckpointSession();
    const chain = JSON.parse(readFileSync(chainPath, 'utf8'));
    edit(chain);
    const edited = join(dir, 'edited_chain.json');
    writeFileSync(edited, JSON.stringify(chain, null, 2));
    return verifySessionChain(edited, { journal: options.journal === false ? false : journal });
  };

  it('detects a removed middle checkpoint', async () => {
    const result = await tamper((c) => c.checkpoints.splice(0, 1));
    expect(result.ok).toBe(false);
    expect(result.linkage_errors).toContain('checkpoint index mismatch at position 0');
    expect(result.linkage_errors).toContain('prev_checkpoint_digest mismatch at checkpoint 2');
  });

  it('detects reordered checkpoints', async () => {
    const result = await tamper((c) => c.checkpoints.reverse());
    expect(result.linkage_errors).toEqual(expect.arrayContaining(['checkpoint index mismatch at position 0', 'checkpoint index mismatch at position 1']));
  });

  it('detects an altered checkpoint', async () => {
    const result = await tamper((c) => (c.checkpoints[0].sequence_end = 1));
    expect(result.linkage_errors).toContain('checkpoint_digest mismatch at checkpoint 1');
  });

  it('detects a dropped last checkpoint through the journal (the reference does not)', async () => {
    const result = await tamper((c) => c.checkpoints.pop());
    expect(result.ok).toBe(false);
    expect(result.linkage_errors).toEqual(['checkpoint count mismatch: journal has 2, chain has 1']);
  });

  it('detects an edited chain session id without the journal (the reference does not)', async () => {
    const chainLevel = await tamper((c) => (c.session_id = 'sess_forged'), { journal: false });
    expect(chainLevel.ok).toBe(false);
    expect(chainLevel.linkage_errors).toContain('session_id mismatch at checkpoint 1');
  });

  it('detects a session id edited everywhere in the chain, through the checkpoint runpacks', async () => {
    const everywhere = await tamper((c) => {
      c.session_id = 'sess_forged';
      for (const cp of c.checkpoints) cp.session_id = 'sess_forged';
    }, { journal: false });
    expect(everywhere.ok).toBe(false);
    expect(everywhere.checkpoint_errors).toEqual(['checkpoint 1 runpack is bound to another session_id', 'checkpoint 2 runpack is bound to another session_id']);
  });

  it('detects a tampered checkpoint runpack', async () => {
    const { chainPath } = await twoCheckpointSession();
    const zip = readFileSync(join(dir, 'cp_0002.zip'));
    writeFileSync(join(dir, 'cp_0002.zip'), zip.subarray(0, zip.length - 30));
    const result = await verifySessionChain(chainPath);
    expect(result.ok).toBe(false);
    expect(result.checkpoint_errors[0]).toMatch(/^checkpoint 2 verify error: /);
  });

  it('refuses a chain without checkpoints or with a wrong schema id (exit 6)', async () => {
    const { chainPath } = await twoCheckpointSession();
    const chain = JSON.parse(readFileSync(chainPath, 'utf8'));
    writeFileSync(chainPath, JSON.stringify({ ...chain, checkpoints: [] }));
    await expect(readSessionChain(chainPath)).rejects.toMatchObject({ exitCode: 6 });
    writeFileSync(chainPath, JSON.stringify({ ...chain, schema_id: 'gait.other' }));
    await expect(readSessionChain(chainPath)).rejects.toMatchObject({ exitCode: 6 });
  });
});

describe('compaction', () => {
  it('keeps the header, every checkpoint and the unsealed events, and the session goes on', async () => {
    await twoCheckpointSession();
    await appendSessionEvent(journal, { toolName: 'tool.late', verdict: 'allow', createdAt: T(6) });
    const before = readFileSync(journal);
    const dry = await compactSession(journal, { dryRun: true });
    expect(dry).toMatchObject({ dry_run: true, compacted: true, events_before: 4, events_after: 1, checkpoints: 2, last_checkpoint_sequence: 3 });
    expect(readFileSync(journal)).toEqual(before);

    const done = await compactSession(journal);
    expect(done.bytes_after).toBeLessThan(done.bytes_before);
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).record_type)).toEqual(['header', 'checkpoint', 'checkpoint', 'event']);
    expect(lines[0]).toContain('"events":null');
    expect((await sessionStatus(journal)).last_sequence).toBe(4);
    await appendSessionEvent(journal, { toolName: 'tool.after', verdict: 'block' });
    const third = await checkpointSession(journal, { out: join(dir, 'cp_0003.zip') });
    expect(third.checkpoint).toMatchObject({ checkpoint_index: 3, sequence_start: 4, sequence_end: 5 });
    expect((await verifySessionChain(third.chainPath)).ok).toBe(true);
  });

  it('writes to another file when asked and leaves the journal alone', async () => {
    await twoCheckpointSession();
    const before = readFileSync(journal);
    const result = await compactSession(journal, { out: join(dir, 'compacted.jsonl') });
    expect(result).toMatchObject({ compacted: true, events_after: 0 });
    expect(readFileSync(journal)).toEqual(before);
    expect((await readSessionJournal(join(dir, 'compacted.jsonl'))).checkpoints).toHaveLength(2);
  });
});
