import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { parseJsonStrict } from '@gait/core-sign';
import { openZip, loadZipBytes } from '../archive.js';
import type { RunpackDiffSummary } from '../diff.js';
import { sortBytes } from '../go-strings.js';
import { LenientObject } from '../lenient.js';
import { readRunpackMembers } from '../read.js';
import { SCHEMA_VERSION } from '../records.js';
import { verifyRunpackMembers } from '../verify.js';
import { readSessionJournal } from './journal.js';
import { computeCheckpointDigest, decodeCheckpoint } from './records.js';
import { boundSessionIds } from './relationship.js';
import { SessionSchemaIds, type SessionChain, type SessionCheckpoint } from './types.js';

export async function readSessionChain(path: string): Promise<SessionChain> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read session chain: ${(error as Error).message}`, { code: 'session_chain_unreadable', cause: error });
  }
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(text);
  } catch (error) {
    throw new InvalidInputError(`parse session chain: ${(error as Error).message}`, { code: 'session_chain_invalid', cause: error });
  }
  return decodeSessionChain(parsed);
}

/** Empty schema id or version default; anything else must be exact; at least one checkpoint. */
export function decodeSessionChain(value: unknown): SessionChain {
  const o = LenientObject.from(value, 'session_chain');
  const schemaId = o.string('schema_id') || SessionSchemaIds.chain;
  const version = o.string('schema_version') || SCHEMA_VERSION;
  const invalid = (message: string) => new InvalidInputError(message, { code: 'session_chain_invalid' });
  if (schemaId !== SessionSchemaIds.chain) throw invalid(`session_chain.schema_id: expected ${SessionSchemaIds.chain}, got ${JSON.stringify(schemaId)}`);
  if (version !== SCHEMA_VERSION) throw invalid(`session_chain.schema_version: expected ${SCHEMA_VERSION}, got ${JSON.stringify(version)}`);
  const sessionId = o.string('session_id');
  const runId = o.string('run_id');
  if (sessionId === '' || runId === '') throw invalid('session_chain: session_id and run_id are required');
  const checkpoints = (o.array('checkpoints') ?? []).map((c, i) => decodeCheckpoint(c, `session_chain.checkpoints[${i}]`));
  if (checkpoints.length === 0) throw invalid('session_chain: at least one checkpoint is required');
  return {
    schema_id: schemaId,
    schema_version: version,
    created_at: o.time('created_at') ?? '',
    producer_version: o.string('producer_version'),
    session_id: sessionId,
    run_id: runId,
    checkpoints,
  };
}

export interface VerifySessionChainOptions {
  publicKey?: Uint8Array;
  requireSignature?: boolean;
  /** Checkpoint `runpack_path`s are resolved against this folder (default: the cwd, as in the reference). */
  cwd?: string;
  /**
   * The session journal to cross-check (catches a dropped last checkpoint). By default the journal
   * beside the chain is used when one matches the naming rule (`X.<ext>` for `X_chain.json`);
   * `false` disables the check.
   */
  journal?: string | false;
}

export interface SessionChainVerifyResult {
  ok: boolean;
  chain_path: string;
  session_id: string;
  run_id: string;
  checkpoints_checked: number;
  linkage_errors: string[];
  checkpoint_errors: string[];
  /** The journal that was cross-checked, if any. */
  journal_path?: string;
}

/**
 * Verifies the chain's links (indexes, previous digests, sequence ranges, checkpoint digests)
 * and every checkpoint runpack. Beyond the reference it also checks that each checkpoint and
 * each checkpoint runpack carry the chain's session and run ids, and that the chain holds every
 * checkpoint of its journal — so an edited session id or a dropped last checkpoint fails.
 */
export async function verifySessionChain(chainPath: string, options: VerifySessionChainOptions = {}): Promise<SessionChainVerifyResult> {
  const chain = await readSessionChain(chainPath);
  const linkage: string[] = [];
  const problems: string[] = [];
  let previous: SessionCheckpoint | undefined;
  chain.checkpoints.forEach((c, position) => {
    const n = c.checkpoint_index;
    if (c.checkpoint_index !== (previous?.checkpoint_index ?? 0) + 1) linkage.push(`checkpoint index mismatch at position ${position}`);
    if ((c.prev_checkpoint_digest ?? '') !== (previous?.checkpoint_digest ?? '')) linkage.push(`prev_checkpoint_digest mismatch at checkpoint ${n}`);
    if (previous && c.sequence_start <= previous.sequence_end) linkage.push(`sequence overlap at checkpoint ${n}`);
    if (computeCheckpointDigest(c) !== c.checkpoint_digest) linkage.push(`checkpoint_digest mismatch at checkpoint ${n}`);
    if (c.session_id !== chain.session_id) linkage.push(`session_id mismatch at checkpoint ${n}`);
    if (c.run_id !== chain.run_id) linkage.push(`run_id mismatch at checkpoint ${n}`);
    previous = c;
  });

  for (const c of chain.checkpoints) problems.push(...(await checkCheckpointRunpack(chain, c, options)));

  const journalPath = options.journal === false ? undefined : (options.journal ?? findJournalFor(chainPath));
  if (journalPath) linkage.push(...(await crossCheckJournal(chain, journalPath)));

  return {
    ok: linkage.length === 0 && problems.length === 0,
    chain_path: chainPath,
    session_id: chain.session_id,
    run_id: chain.run_id,
    checkpoints_checked: chain.checkpoints.length,
    linkage_errors: linkage,
    checkpoint_errors: problems,
    ...(journalPath ? { journal_path: journalPath } : {}),
  };
}

async function checkCheckpointRunpack(chain: SessionChain, c: SessionCheckpoint, options: VerifySessionChainOptions): Promise<string[]> {
  const n = c.checkpoint_index;
  const path = options.cwd && !c.runpack_path.startsWith('/') ? join(options.cwd, c.runpack_path) : c.runpack_path;
  try {
    const zip = openZip(await loadZipBytes(path, c.runpack_path));
    const result = verifyRunpackMembers(zip, { publicKey: options.publicKey, requireSignature: options.requireSignature });
    const errors: string[] = [];
    if (result.manifest_digest.toLowerCase() !== c.manifest_digest.toLowerCase()) errors.push(`checkpoint ${n} manifest digest mismatch`);
    if (result.missing_files.length + result.hash_mismatches.length + result.undeclared_files.length > 0) errors.push(`checkpoint ${n} runpack integrity failure`);
    const signatureBad = options.requireSignature ? result.signature_status !== 'verified' : result.signature_status === 'failed';
    if (signatureBad) errors.push(`checkpoint ${n} signature verification failed`);
    if (errors.length === 0) errors.push(...bindingErrors(chain, c, readRunpackMembers(zip)));
    return errors;
  } catch (error) {
    return [`checkpoint ${n} verify error: ${(error as Error).message}`];
  }
}

/** The runpack must be this checkpoint's: run id `<run>_cp_<index>` and, when present, bound session ids. */
function bindingErrors(chain: SessionChain, c: SessionCheckpoint, runpack: ReturnType<typeof readRunpackMembers>): string[] {
  const n = c.checkpoint_index;
  const errors: string[] = [];
  const expectedRunId = `${chain.run_id}_cp_${String(n).padStart(4, '0')}`;
  if (runpack.manifest.run_id !== expectedRunId) errors.push(`checkpoint ${n} runpack run_id ${runpack.manifest.run_id} is not ${expectedRunId}`);
  const bound = boundSessionIds(runpack.run.timeline);
  if (bound.some((id) => id !== chain.session_id)) errors.push(`checkpoint ${n} runpack is bound to another session_id`);
  return errors;
}

async function crossCheckJournal(chain: SessionChain, journalPath: string): Promise<string[]> {
  let journal;
  try {
    journal = await readSessionJournal(journalPath);
  } catch (error) {
    return [`journal ${journalPath} unreadable: ${(error as Error).message}`];
  }
  const errors: string[] = [];
  if (journal.header.session_id !== chain.session_id || journal.header.run_id !== chain.run_id) {
    errors.push(`chain session/run ids differ from journal ${journalPath}`);
  }
  if (journal.checkpoints.length !== chain.checkpoints.length) {
    errors.push(`checkpoint count mismatch: journal has ${journal.checkpoints.length}, chain has ${chain.checkpoints.length}`);
  }
  journal.checkpoints.forEach((jc, i) => {
    const cc = chain.checkpoints[i];
    if (cc && cc.checkpoint_digest !== jc.checkpoint_digest) errors.push(`checkpoint ${jc.checkpoint_index} differs from journal`);
  });
  return errors;
}

/** `dir/X_chain.json` → a journal `dir/X.<ext>` (e.g. `session.journal_chain.json` → `session.journal.jsonl`). */
export function findJournalFor(chainPath: string): string | undefined {
  const name = basename(chainPath);
  if (!name.endsWith('_chain.json')) return undefined;
  const stem = name.slice(0, -'_chain.json'.length);
  const dir = dirname(chainPath);
  if (!existsSync(dir)) return undefined;
  const match = readdirSync(dir).find((file) => extname(file) !== '' && basename(file, extname(file)) === stem && file.endsWith('.jsonl'));
  return match ? join(dir, match) : undefined;
}

export interface SessionChainInspection {
  artifact_type: 'session_chain';
  session_id: string;
  run_id: string;
  checkpoint_count: number;
  checkpoints: { checkpoint_index: number; runpack_path: string; sequence_start: number; sequence_end: number; checkpoint_digest: string; prev_checkpoint_digest?: string }[];
}

export async function inspectSessionChain(path: string): Promise<SessionChainInspection> {
  const chain = await readSessionChain(path);
  return {
    artifact_type: 'session_chain',
    session_id: chain.session_id,
    run_id: chain.run_id,
    checkpoint_count: chain.checkpoints.length,
    checkpoints: [...chain.checkpoints]
      .sort((a, b) => a.checkpoint_index - b.checkpoint_index)
      .map((c) => ({
        checkpoint_index: c.checkpoint_index,
        runpack_path: c.runpack_path,
        sequence_start: c.sequence_start,
        sequence_end: c.sequence_end,
        checkpoint_digest: c.checkpoint_digest,
        ...(c.prev_checkpoint_digest ? { prev_checkpoint_digest: c.prev_checkpoint_digest } : {}),
      })),
  };
}

/**
 * Two chains compared checkpoint by checkpoint (by index and digest). Any difference sets every
 * `*_changed` flag, and the differing indexes are listed as `checkpoint_<i>`,
 * `left_only_checkpoint_<i>` and `right_only_checkpoint_<i>`.
 */
export function diffSessionChains(left: SessionChain, right: SessionChain): RunpackDiffSummary {
  const l = new Map(left.checkpoints.map((c) => [c.checkpoint_index, c.checkpoint_digest]));
  const r = new Map(right.checkpoints.map((c) => [c.checkpoint_index, c.checkpoint_digest]));
  const files: string[] = [];
  for (const [index, digest] of l) {
    if (!r.has(index)) files.push(`left_only_checkpoint_${index}`);
    else if (r.get(index) !== digest) files.push(`checkpoint_${index}`);
  }
  for (const index of r.keys()) if (!l.has(index)) files.push(`right_only_checkpoint_${index}`);
  const changed = files.length > 0;
  return {
    run_id_left: left.run_id,
    run_id_right: right.run_id,
    manifest_changed: changed,
    ...(changed ? { files_changed: sortBytes(files) } : {}),
    intents_changed: changed,
    results_changed: changed,
    refs_changed: changed,
  };
}
