import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '@gait/core-fsx';
import { parseJsonStrict } from '@gait/core-sign';
import { goMarshalIndent } from '../go-json.js';
import { goTimeNow } from '../go-time.js';
import { LenientObject } from '../lenient.js';
import { SCHEMA_VERSION, definedOnly, nonEmptyString } from '../records.js';
import { readSessionJournal } from './journal.js';
import { SessionSchemaIds, type SessionJournal, type SessionState } from './types.js';

export function statePathFor(journalPath: string): string {
  return `${journalPath}.state.json`;
}

/** The state index a journal implies. */
export function stateFromJournal(journal: SessionJournal, updatedAt: string, producerVersion?: string): SessionState {
  const last = journal.checkpoints.at(-1);
  const lastSequence = Math.max(journal.events.at(-1)?.sequence ?? 0, last?.sequence_end ?? 0);
  return definedOnly({
    schema_id: SessionSchemaIds.state,
    schema_version: SCHEMA_VERSION,
    updated_at: updatedAt,
    producer_version: producerVersion || journal.header.producer_version,
    session_id: journal.header.session_id,
    run_id: journal.header.run_id,
    created_at: journal.header.created_at,
    started_at: journal.header.started_at,
    // Sequences are gapless from 1, so this also counts events a compaction removed.
    event_count: lastSequence,
    last_sequence: lastSequence,
    checkpoint_count: journal.checkpoints.length,
    last_checkpoint_index: last?.checkpoint_index ?? 0,
    last_checkpoint_sequence: last?.sequence_end ?? 0,
    last_checkpoint_digest: nonEmptyString(last?.checkpoint_digest),
    journal_size_bytes: journal.sizeBytes,
  });
}

export async function writeSessionState(journalPath: string, state: SessionState): Promise<void> {
  // Field order of the reference's struct: the file is indented JSON, not canonical.
  const ordered = definedOnly({
    schema_id: state.schema_id,
    schema_version: state.schema_version,
    updated_at: state.updated_at,
    producer_version: state.producer_version,
    session_id: state.session_id,
    run_id: state.run_id,
    created_at: state.created_at,
    started_at: state.started_at,
    event_count: state.event_count,
    last_sequence: state.last_sequence,
    checkpoint_count: state.checkpoint_count,
    last_checkpoint_index: state.last_checkpoint_index,
    last_checkpoint_sequence: state.last_checkpoint_sequence,
    last_checkpoint_digest: state.last_checkpoint_digest,
    journal_size_bytes: state.journal_size_bytes,
  });
  await writeFileAtomic(statePathFor(journalPath), goMarshalIndent(ordered), { mode: 0o600 });
}

/**
 * The state index, trusted only when it parses, names this session and records the journal's
 * current size; otherwise it is rebuilt from the journal and rewritten, so an append by another
 * tool can never leave a stale index in use.
 */
export async function loadSessionState(journalPath: string): Promise<SessionState> {
  const size = (await stat(journalPath)).size;
  const cached = await readTrustedState(journalPath, size);
  if (cached) return cached;
  const rebuilt = stateFromJournal(await readSessionJournal(journalPath), goTimeNow());
  await writeSessionState(journalPath, rebuilt);
  return rebuilt;
}

async function readTrustedState(journalPath: string, journalSize: number): Promise<SessionState | undefined> {
  try {
    const o = LenientObject.from(parseJsonStrict(await readFile(statePathFor(journalPath), 'utf8')), 'state');
    const counts = ['event_count', 'last_sequence', 'checkpoint_count', 'last_checkpoint_index', 'last_checkpoint_sequence', 'journal_size_bytes'] as const;
    const numbers = Object.fromEntries(counts.map((key) => [key, o.int(key)])) as Record<(typeof counts)[number], number>;
    if (o.string('schema_id') !== SessionSchemaIds.state || o.string('schema_version') !== SCHEMA_VERSION) return undefined;
    if (o.string('session_id') === '' || o.string('run_id') === '') return undefined;
    if (counts.some((key) => numbers[key] < 0) || numbers.journal_size_bytes !== journalSize) return undefined;
    return definedOnly({
      schema_id: SessionSchemaIds.state,
      schema_version: SCHEMA_VERSION,
      updated_at: o.time('updated_at') ?? goTimeNow(),
      producer_version: o.string('producer_version'),
      session_id: o.string('session_id'),
      run_id: o.string('run_id'),
      created_at: o.time('created_at') ?? goTimeNow(),
      started_at: o.time('started_at') ?? goTimeNow(),
      ...numbers,
      last_checkpoint_digest: nonEmptyString(o.string('last_checkpoint_digest')),
      journal_size_bytes: journalSize,
    });
  } catch {
    return undefined;
  }
}
