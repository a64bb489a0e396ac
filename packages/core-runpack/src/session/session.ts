import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { appendLine, writeFileAtomic } from '@gait/core-fsx';
import { digestCanonical, type Ed25519KeyPair } from '@gait/core-sign';
import { goMarshalIndent } from '../go-json.js';
import { goTrim, normalizeStringList } from '../go-strings.js';
import { goTimeNow, normalizeGoTime } from '../go-time.js';
import { normalizeOutputPath } from '../paths.js';
import { writeRunpack } from '../record.js';
import { DEFAULT_PRODUCER_VERSION, SCHEMA_VERSION, definedOnly, nonEmptyString } from '../records.js';
import { encodeJournalLine, readSessionJournal } from './journal.js';
import { withSessionLock } from './lock.js';
import { computeCheckpointDigest } from './records.js';
import { checkpointEmittedRelationship, checkpointRelationship, eventRelationship, timelineEventRelationship } from './relationship.js';
import { loadSessionState, stateFromJournal, writeSessionState } from './state.js';
import { SESSION_VERDICTS, SessionSchemaIds, type SessionChain, type SessionCheckpoint, type SessionEvent, type SessionHeader, type SessionState } from './types.js';

/** Where relative paths are resolved; records keep the paths as given (the reference's convention). */
export interface SessionPathOptions {
  cwd?: string;
}

function resolver(options: SessionPathOptions): (path: string) => string {
  return (path) => (options.cwd && !isAbsolute(path) ? join(options.cwd, path) : path);
}

/** What `gait run session start|status` report. */
export interface SessionStatus {
  session_id: string;
  run_id: string;
  created_at: string;
  started_at: string;
  event_count: number;
  last_sequence: number;
  checkpoint_count: number;
}

export function statusOf(state: SessionState): SessionStatus {
  return {
    session_id: state.session_id,
    run_id: state.run_id,
    created_at: state.created_at,
    started_at: state.started_at,
    event_count: state.event_count,
    last_sequence: state.last_sequence,
    checkpoint_count: state.checkpoint_count,
  };
}

export interface StartSessionOptions extends SessionPathOptions {
  sessionId: string;
  runId: string;
  producerVersion?: string;
  now?: string;
}

/** Creates the journal (header + state index); idempotent for the same session and run ids. */
export async function startSession(journalPath: string, options: StartSessionOptions): Promise<SessionStatus> {
  const path = resolver(options)(normalizeOutputPath(journalPath));
  const sessionId = goTrim(options.sessionId);
  const runId = goTrim(options.runId);
  if (sessionId === '' || runId === '') throw new InvalidInputError('session_id and run_id are required', { code: 'session_ids_required' });
  await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  return withSessionLock(path, async () => {
    if (existsSync(path) && (await stat(path)).size > 0) {
      const journal = await readSessionJournal(path);
      if (journal.header.session_id !== sessionId || journal.header.run_id !== runId) {
        throw new InvalidInputError('session journal already initialized with different session/run', { code: 'session_mismatch' });
      }
      return statusOf(await loadSessionState(path));
    }
    const now = options.now ? normalizeGoTime(options.now) : goTimeNow();
    const header: SessionHeader = {
      schema_id: SessionSchemaIds.journal,
      schema_version: SCHEMA_VERSION,
      created_at: now,
      producer_version: options.producerVersion || DEFAULT_PRODUCER_VERSION,
      session_id: sessionId,
      run_id: runId,
      started_at: now,
      events: [],
    };
    await appendLine(path, encodeJournalLine({ record_type: 'header', header }), { mode: 0o600 });
    const state = stateFromJournal({ header, events: [], checkpoints: [], sizeBytes: (await stat(path)).size }, now);
    await writeSessionState(path, state);
    return statusOf(state);
  });
}

export async function sessionStatus(journalPath: string, options: SessionPathOptions = {}): Promise<SessionStatus> {
  const path = resolver(options)(normalizeOutputPath(journalPath));
  return withSessionLock(path, async () => statusOf(await loadSessionState(path)));
}

export interface SessionEventInput {
  toolName: string;
  verdict: string;
  intentId?: string;
  traceId?: string;
  tracePath?: string;
  intentDigest?: string;
  policyDigest?: string;
  reasonCodes?: readonly string[];
  violations?: readonly string[];
  producerVersion?: string;
  createdAt?: string;
}

/**
 * Appends one event under the journal lock: the next sequence number, normalized fields, one
 * `write` of the whole line (never torn), then the state index. Concurrent appenders, in this or
 * other processes (Go included), serialize on `<journal>.lock`.
 */
export async function appendSessionEvent(journalPath: string, input: SessionEventInput, options: SessionPathOptions = {}): Promise<SessionEvent> {
  const path = resolver(options)(normalizeOutputPath(journalPath));
  const verdict = goTrim(input.verdict).toLowerCase();
  if (!SESSION_VERDICTS.includes(verdict as never)) {
    throw new InvalidInputError('unsupported --verdict value (expected allow|block|dry_run|require_approval)', { code: 'invalid_verdict' });
  }
  return withSessionLock(path, async () => {
    const state = await loadSessionState(path);
    const fields = {
      session_id: state.session_id,
      run_id: state.run_id,
      tool_name: nonEmptyString(goTrim(input.toolName)),
      trace_id: nonEmptyString(goTrim(input.traceId ?? '')),
      policy_digest: nonEmptyString(goTrim(input.policyDigest ?? '').toLowerCase()),
    };
    const reasons = normalizeStringList(input.reasonCodes);
    const violations = normalizeStringList(input.violations);
    const event: SessionEvent = definedOnly({
      schema_id: SessionSchemaIds.event,
      schema_version: SCHEMA_VERSION,
      created_at: input.createdAt ? normalizeGoTime(input.createdAt, { utc: true }) : goTimeNow(),
      producer_version: input.producerVersion || state.producer_version || DEFAULT_PRODUCER_VERSION,
      session_id: state.session_id,
      run_id: state.run_id,
      sequence: state.last_sequence + 1,
      intent_id: nonEmptyString(goTrim(input.intentId ?? '')),
      tool_name: fields.tool_name,
      intent_digest: nonEmptyString(goTrim(input.intentDigest ?? '').toLowerCase()),
      policy_digest: fields.policy_digest,
      trace_id: fields.trace_id,
      trace_path: nonEmptyString(goTrim(input.tracePath ?? '')),
      verdict,
      reason_codes: reasons.length > 0 ? reasons : undefined,
      violations: violations.length > 0 ? violations : undefined,
      relationship: eventRelationship(fields),
    });
    await appendLine(path, encodeJournalLine({ record_type: 'event', event }), { mode: 0o600 });
    await writeSessionState(path, {
      ...state,
      updated_at: event.created_at,
      event_count: state.event_count + 1,
      last_sequence: event.sequence,
      journal_size_bytes: (await stat(path)).size,
    });
    return event;
  });
}

export interface CheckpointOptions extends SessionPathOptions {
  /** Where the checkpoint runpack goes (kept in the chain as given, relative to the cwd). */
  out: string;
  /** An extra copy of the chain file. */
  chainOut?: string;
  keyPair?: Ed25519KeyPair;
  producerVersion?: string;
  now?: string;
}

export interface CheckpointResult {
  checkpoint: SessionCheckpoint;
  /** `chainOut` when given, else the default chain file beside the journal. */
  chainPath: string;
  runpackPath: string;
}

/** `<dir>/<journal name minus its last extension>_chain.json`. */
export function defaultChainPath(journalPath: string): string {
  const name = basename(journalPath, extname(journalPath));
  return join(dirname(journalPath), `${name}_chain.json`);
}

/**
 * Seals the events since the previous checkpoint into a runpack, appends a checkpoint record
 * bound to the previous checkpoint's digest, and rewrites the chain file.
 */
export async function checkpointSession(journalPath: string, options: CheckpointOptions): Promise<CheckpointResult> {
  const at = resolver(options);
  const typedJournal = normalizeOutputPath(journalPath);
  const path = at(typedJournal);
  const out = normalizeOutputPath(options.out);
  const chainPath = options.chainOut ? normalizeOutputPath(options.chainOut) : defaultChainPath(typedJournal);
  return withSessionLock(path, async () => {
    const journal = await readSessionJournal(path);
    const previous = journal.checkpoints.at(-1);
    const fresh = journal.events.filter((event) => event.sequence > (previous?.sequence_end ?? 0));
    if (fresh.length === 0) throw new InvalidInputError('no new session events available for checkpoint', { code: 'no_new_session_events' });
    const index = journal.checkpoints.length + 1;
    const createdAt = options.now ? normalizeGoTime(options.now, { utc: true }) : goTimeNow();
    const producer = options.producerVersion || journal.header.producer_version || DEFAULT_PRODUCER_VERSION;
    const cpRunId = `${journal.header.run_id}_cp_${String(index).padStart(4, '0')}`;

    const written = await writeRunpack(at(out), checkpointRecords(fresh, cpRunId, createdAt, producer, index), {
      captureMode: 'reference',
      keyPair: options.keyPair,
    });
    const link = {
      manifest_digest: written.runpack.manifest.manifest_digest,
      prev_checkpoint_digest: nonEmptyString(previous?.checkpoint_digest),
      checkpoint_index: index,
      sequence_start: fresh[0]!.sequence,
      sequence_end: fresh.at(-1)!.sequence,
    };
    const checkpointDigest = computeCheckpointDigest(link);
    const checkpoint: SessionCheckpoint = definedOnly({
      schema_id: SessionSchemaIds.checkpoint,
      schema_version: SCHEMA_VERSION,
      created_at: createdAt,
      producer_version: producer,
      session_id: journal.header.session_id,
      run_id: journal.header.run_id,
      checkpoint_index: index,
      sequence_start: link.sequence_start,
      sequence_end: link.sequence_end,
      runpack_path: out,
      manifest_digest: link.manifest_digest,
      prev_checkpoint_digest: link.prev_checkpoint_digest,
      checkpoint_digest: checkpointDigest,
      relationship: checkpointRelationship({ ...journal.header, manifest_digest: link.manifest_digest, checkpoint_digest: checkpointDigest }, cpRunId),
    });
    await appendLine(path, encodeJournalLine({ record_type: 'checkpoint', checkpoint }), { mode: 0o600 });
    const updated = await readSessionJournal(path);
    await writeSessionState(path, stateFromJournal(updated, createdAt, producer));
    const chain = chainOf(updated.header, updated.checkpoints);
    await writeSessionChain(defaultChainPath(path), chain);
    if (options.chainOut) await writeSessionChain(at(chainPath), chain);
    return { checkpoint, chainPath, runpackPath: out };
  });
}

function checkpointRecords(events: SessionEvent[], cpRunId: string, createdAt: string, producer: string, index: number) {
  const timeline = events.map((event) =>
    definedOnly({ event: 'session_event', ts: event.created_at, ref: event.trace_id, relationship: timelineEventRelationship(cpRunId, event) }),
  );
  timeline.push({ event: 'session_checkpoint_emitted', ts: createdAt, ref: `checkpoint:${index}`, relationship: checkpointEmittedRelationship(cpRunId, index) });
  return {
    run: { run_id: cpRunId, created_at: createdAt, producer_version: producer, timeline },
    intents: events.map((event, i) => ({
      intent_id: event.intent_id ?? `intent_${i + 1}`,
      tool_name: event.tool_name ?? '',
      // An event without an intent digest gets the digest of these args (v1.4.0).
      args_digest: event.intent_digest ?? '',
      args: { session_id: event.session_id, sequence: event.sequence, trace_id: event.trace_id ?? '', trace_path: event.trace_path ?? '' },
      created_at: event.created_at,
    })),
    results: events.map((event, i) => {
      // Nil lists stay null, as the reference's digests expect.
      const result = {
        verdict: event.verdict ?? '',
        reason_codes: event.reason_codes ?? null,
        violations: event.violations ?? null,
        trace_id: event.trace_id ?? '',
        trace_path: event.trace_path ?? '',
      };
      return {
        intent_id: event.intent_id ?? `intent_${i + 1}`,
        status: event.verdict === 'block' || event.verdict === 'require_approval' ? 'error' : 'ok',
        result_digest: digestCanonical(result),
        result,
        created_at: event.created_at,
      };
    }),
    refs: { run_id: cpRunId },
  };
}

function chainOf(header: SessionHeader, checkpoints: SessionCheckpoint[]): SessionChain {
  return {
    schema_id: SessionSchemaIds.chain,
    schema_version: SCHEMA_VERSION,
    created_at: header.created_at || header.started_at,
    producer_version: header.producer_version,
    session_id: header.session_id,
    run_id: header.run_id,
    checkpoints,
  };
}

export async function writeSessionChain(path: string, chain: SessionChain): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  await writeFileAtomic(path, goMarshalIndent(chain), { mode: 0o600 });
}
