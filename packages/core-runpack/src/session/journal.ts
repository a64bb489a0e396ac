import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@gait/core-errors';
import { parseJsonStrict } from '@gait/core-sign';
import { LenientObject } from '../lenient.js';
import { goMarshal } from '../go-json.js';
import { computeCheckpointDigest, decodeCheckpoint, decodeEvent, decodeHeader } from './records.js';
import type { SessionCheckpoint, SessionEvent, SessionHeader, SessionJournal } from './types.js';

/** Journal line cap (8 MiB), as in the reference. */
export const MAX_JOURNAL_LINE_BYTES = 8 * 1024 * 1024;

export type JournalLine =
  | { record_type: 'header'; header: SessionHeader }
  | { record_type: 'event'; event: SessionEvent }
  | { record_type: 'checkpoint'; checkpoint: SessionCheckpoint };

/** One journal line (Go compact JSON, struct field order) without its newline. */
export function encodeJournalLine(line: JournalLine): string {
  return goMarshal(line);
}

export async function readSessionJournal(path: string): Promise<SessionJournal> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InvalidInputError(`read session journal: ${(error as Error).message}`, { code: 'session_journal_unreadable', cause: error });
  }
  return parseSessionJournal(bytes);
}

/**
 * Parses and checks a journal: one header first, gapless event sequences carrying the header's
 * ids, and checkpoints whose index, ranges and digest chain are consistent. After a checkpoint
 * the expected sequence may jump past its range, which is what allows compacted journals.
 */
export function parseSessionJournal(bytes: Uint8Array): SessionJournal {
  let header: SessionHeader | undefined;
  const events: SessionEvent[] = [];
  const checkpoints: SessionCheckpoint[] = [];
  let expected = 1;
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  lines.forEach((text, i) => {
    const lineNo = i + 1;
    if (text.trim() === '') return;
    if (Buffer.byteLength(text) > MAX_JOURNAL_LINE_BYTES) fail(`session journal line ${lineNo} exceeds ${MAX_JOURNAL_LINE_BYTES} bytes`);
    let parsed: unknown;
    try {
      parsed = parseJsonStrict(text);
    } catch (error) {
      fail(`parse session journal line ${lineNo}: ${(error as Error).message}`);
    }
    const o = LenientObject.from(parsed, `line ${lineNo}`);
    const type = o.string('record_type');
    if (type === 'header') {
      if (header) fail(`session journal has more than one header (line ${lineNo})`);
      if (events.length + checkpoints.length > 0) fail(`session journal header must be the first record (line ${lineNo})`);
      header = decodeHeader(o.object('header'), `line ${lineNo}.header`);
      if (header.session_id === '' || header.run_id === '') fail('session journal header requires session_id and run_id');
      return;
    }
    if (!header) fail(`session journal must start with a header (line ${lineNo})`);
    if (type === 'event') {
      const event = decodeEvent(o.object('event'), `line ${lineNo}.event`);
      if (event.sequence !== expected) fail(`session event sequence mismatch line ${lineNo}: got ${event.sequence} want ${expected}`);
      if (event.session_id !== header!.session_id || event.run_id !== header!.run_id) fail(`session event ids mismatch line ${lineNo}`);
      events.push(event);
      expected += 1;
      return;
    }
    if (type === 'checkpoint') {
      const checkpoint = decodeCheckpoint(o.object('checkpoint'), `line ${lineNo}.checkpoint`);
      checkCheckpointLink(checkpoint, checkpoints.at(-1), header!, lineNo);
      checkpoints.push(checkpoint);
      expected = Math.max(expected, checkpoint.sequence_end + 1);
      return;
    }
    fail(`unknown session record_type ${JSON.stringify(type)} at line ${lineNo}`);
  });
  if (!header) fail('session journal has no header');
  return { header: header!, events, checkpoints, sizeBytes: bytes.byteLength };
}

function checkCheckpointLink(c: SessionCheckpoint, previous: SessionCheckpoint | undefined, header: SessionHeader, lineNo: number): void {
  const where = `session checkpoint line ${lineNo}`;
  if (c.session_id !== header.session_id || c.run_id !== header.run_id) fail(`${where}: ids do not match the header`);
  const wantIndex = (previous?.checkpoint_index ?? 0) + 1;
  if (c.checkpoint_index !== wantIndex) fail(`${where}: checkpoint_index ${c.checkpoint_index}, want ${wantIndex}`);
  if (c.sequence_start < 1 || c.sequence_start > c.sequence_end) fail(`${where}: invalid sequence range ${c.sequence_start}..${c.sequence_end}`);
  if (previous && c.sequence_start <= previous.sequence_end) fail(`${where}: sequence overlap with checkpoint ${previous.checkpoint_index}`);
  if (previous && c.prev_checkpoint_digest !== previous.checkpoint_digest) fail(`${where}: prev_checkpoint_digest mismatch`);
  if (computeCheckpointDigest(c) !== c.checkpoint_digest) fail(`${where}: checkpoint_digest mismatch`);
}

function fail(message: string): never {
  throw new InvalidInputError(message, { code: 'session_journal_invalid' });
}
