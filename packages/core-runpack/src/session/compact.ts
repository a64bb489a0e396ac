import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '@gait/core-fsx';
import { goTimeNow } from '../go-time.js';
import { normalizeOutputPath } from '../paths.js';
import { encodeJournalLine, parseSessionJournal, readSessionJournal } from './journal.js';
import { withSessionLock } from './lock.js';
import type { SessionPathOptions } from './session.js';
import { stateFromJournal, writeSessionState } from './state.js';

export interface CompactOptions extends SessionPathOptions {
  /** Write the compacted journal here instead of in place. */
  out?: string;
  dryRun?: boolean;
}

export interface CompactionResult {
  journal_path: string;
  output_path: string;
  dry_run: boolean;
  compacted: boolean;
  events_before: number;
  events_after: number;
  checkpoints: number;
  last_checkpoint_sequence: number;
  bytes_before: number;
  bytes_after: number;
}

/**
 * Drops the events that checkpoints already sealed: the journal becomes its header, every
 * checkpoint record, then the events after the last checkpoint. As in the reference the
 * rewritten header carries `"events":null`; readers accept both forms.
 */
export async function compactSession(journalPath: string, options: CompactOptions = {}): Promise<CompactionResult> {
  const at = (path: string) => (options.cwd && !isAbsolute(path) ? join(options.cwd, path) : path);
  const journal = normalizeOutputPath(journalPath);
  const output = options.out ? normalizeOutputPath(options.out) : journal;
  return withSessionLock(at(journal), async () => {
    const current = await readSessionJournal(at(journal));
    const sealed = current.checkpoints.at(-1)?.sequence_end ?? 0;
    const kept = current.events.filter((event) => event.sequence > sealed);
    const text =
      [
        encodeJournalLine({ record_type: 'header', header: { ...current.header, events: null, checkpoints: undefined } }),
        ...current.checkpoints.map((checkpoint) => encodeJournalLine({ record_type: 'checkpoint', checkpoint })),
        ...kept.map((event) => encodeJournalLine({ record_type: 'event', event })),
      ].join('\n') + '\n';
    const bytes = Buffer.from(text, 'utf8');
    parseSessionJournal(bytes); // never write a journal we could not read back
    const result: CompactionResult = {
      journal_path: journal,
      output_path: output,
      dry_run: options.dryRun === true,
      compacted: kept.length !== current.events.length || output !== journal || bytes.byteLength !== current.sizeBytes,
      events_before: current.events.length,
      events_after: kept.length,
      checkpoints: current.checkpoints.length,
      last_checkpoint_sequence: sealed,
      bytes_before: current.sizeBytes,
      bytes_after: bytes.byteLength,
    };
    if (result.dry_run) return result;
    await mkdir(dirname(at(output)), { recursive: true, mode: 0o750 });
    await writeFileAtomic(at(output), bytes, { mode: 0o600 });
    if (output === journal) {
      const compacted = await readSessionJournal(at(journal));
      await writeSessionState(at(journal), stateFromJournal(compacted, goTimeNow()));
    }
    return result;
  });
}

