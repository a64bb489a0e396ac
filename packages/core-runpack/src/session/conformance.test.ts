/** The session artifacts made by Go gait 1.4.0, read in place. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPublicKeyFile } from '@gait/core-sign';
import { describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../test-support/conformance.js';
import { inspectSessionChain, verifySessionChain } from './chain.js';
import { encodeJournalLine, parseSessionJournal } from './journal.js';
import { stateFromJournal } from './state.js';

announceSkip('core-runpack made session chain', hasMade, madeDir);

const made = (...parts: string[]) => join(madeDir, ...parts);
const madeJson = (path: string) => JSON.parse(readFileSync(made(path), 'utf8')) as Record<string, unknown>;
const without = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

describe.runIf(hasMade)('made session artifacts', () => {
  it('re-encodes every journal line byte for byte (Go field order, omitempty)', () => {
    const bytes = readFileSync(made('sessions/session.journal.jsonl'));
    const journal = parseSessionJournal(bytes);
    const lines = bytes.toString('utf8').trimEnd().split('\n');
    const ours = [
      encodeJournalLine({ record_type: 'header', header: journal.header }),
      ...lines.slice(1).map((line) => {
        const parsed = JSON.parse(line);
        if (parsed.record_type === 'event') return encodeJournalLine({ record_type: 'event', event: journal.events.find((e) => e.sequence === parsed.event.sequence)! });
        return encodeJournalLine({ record_type: 'checkpoint', checkpoint: journal.checkpoints.find((c) => c.checkpoint_index === parsed.checkpoint.checkpoint_index)! });
      }),
    ];
    expect(ours).toEqual(lines);
  });

  it('derives the recorded state index from the journal', () => {
    const journal = parseSessionJournal(readFileSync(made('sessions/session.journal.jsonl')));
    const expected = madeJson('sessions/session.journal.jsonl.state.json');
    expect(stateFromJournal(journal, expected.updated_at as string)).toEqual(expected);
  });

  const chainCases = [
    { n: 51, chain: 'sessions/session_chain.json', out: 'sessions/verify_session_chain.out.json', cwd: '' },
    { n: 52, chain: 'sessions/session.journal_chain.json', out: 'sessions/verify_session_chain_default.out.json', cwd: '' },
    { n: 53, chain: 'sessions/session_chain.json', out: 'sessions/verify_session_chain_require_signature.out.json', cwd: '', requireSignature: true },
    { n: 57, chain: 'session_chain.json', out: 'sessions/verify_session_chain_wrong_cwd.out.json', cwd: 'sessions' },
    { n: 99, chain: 'negative/session_chain_broken_link.json', out: 'negative/session_chain_broken_link.verify.out.json', cwd: '' },
  ];

  it.each(chainCases)('#$n verify session-chain $chain', async (c) => {
    const cwd = made(c.cwd);
    const publicKey = c.requireSignature ? readPublicKeyFile(made('keys/prod_public.key')) : undefined;
    const result = await verifySessionChain(join(cwd, c.chain), { cwd, publicKey, requireSignature: c.requireSignature });
    const expected = madeJson(c.out);
    expect(result.ok).toBe(expected.ok);
    expect([result.session_id, result.run_id, result.checkpoints_checked]).toEqual([expected.session_id, expected.run_id, expected.checkpoints_checked]);
    expect(result.linkage_errors).toEqual(expected.linkage_errors ?? []);
    expect(result.checkpoint_errors).toEqual(expected.checkpoint_errors ?? []);
  });

  it('inspects the chain as the reference does', async () => {
    const ours = await inspectSessionChain(made('sessions/session_chain.json'));
    const expected = madeJson('sessions/inspect_chain.out.json');
    expect(ours).toEqual(without(expected, 'ok', 'path', 'correlation_id'));
  });
});
