/** Session records in the reference's Go field order (the journal and chain are not canonicalized). */

export const SessionSchemaIds = {
  journal: 'gait.runpack.session_journal',
  event: 'gait.runpack.session_event',
  checkpoint: 'gait.runpack.session_checkpoint',
  state: 'gait.runpack.session_state',
  chain: 'gait.runpack.session_chain',
} as const;

export type SessionVerdict = 'allow' | 'block' | 'dry_run' | 'require_approval';
export const SESSION_VERDICTS: readonly SessionVerdict[] = ['allow', 'block', 'dry_run', 'require_approval'];

/** The identity fields every session record starts with. */
export interface SessionRecordIdentity {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  session_id: string;
  run_id: string;
}

export interface SessionHeader extends SessionRecordIdentity {
  started_at: string;
  /** `[]` when written by start; `null` after a compaction, as the reference writes. */
  events: unknown[] | null;
  checkpoints?: SessionCheckpoint[];
}

export interface SessionEvent extends SessionRecordIdentity {
  sequence: number;
  intent_id?: string;
  tool_name?: string;
  intent_digest?: string;
  policy_digest?: string;
  policy_id?: string;
  policy_version?: string;
  matched_rule_ids?: string[];
  trace_id?: string;
  trace_path?: string;
  verdict?: string;
  reason_codes?: string[];
  violations?: string[];
  relationship?: Record<string, unknown>;
  safety_invariant_version?: string;
  safety_invariant_hash?: string;
}

export interface SessionCheckpoint extends SessionRecordIdentity {
  checkpoint_index: number;
  sequence_start: number;
  sequence_end: number;
  runpack_path: string;
  manifest_digest: string;
  prev_checkpoint_digest?: string;
  checkpoint_digest: string;
  relationship?: Record<string, unknown>;
  safety_invariant_version?: string;
  safety_invariant_hash?: string;
}

export interface SessionState {
  schema_id: string;
  schema_version: string;
  updated_at: string;
  producer_version: string;
  session_id: string;
  run_id: string;
  created_at: string;
  started_at: string;
  event_count: number;
  last_sequence: number;
  checkpoint_count: number;
  last_checkpoint_index: number;
  last_checkpoint_sequence: number;
  last_checkpoint_digest?: string;
  journal_size_bytes: number;
}

export interface SessionChain extends SessionRecordIdentity {
  checkpoints: SessionCheckpoint[];
}

/** A journal as read back: header, then events and checkpoints in file order. */
export interface SessionJournal {
  header: SessionHeader;
  events: SessionEvent[];
  checkpoints: SessionCheckpoint[];
  sizeBytes: number;
}
