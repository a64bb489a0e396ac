/** The run pack's `run_payload.json` (`gait.pack.run`) and `context_envelope.json`. */
import { type RefReceipt, type Runpack, normalizeGoTime } from '@gait/core-runpack';
import { digestCanonical } from '@gait/core-sign';
import { compareBytes } from '@gait/core-guard';
import { HEX64, type Obj, contractError, rejectUnknown } from './strict-json.js';

export const RUN_PAYLOAD_SCHEMA_ID = 'gait.pack.run';

export interface RunPayload {
  schema_id: string;
  schema_version: string;
  created_at: string;
  run_id: string;
  capture_mode: string;
  manifest_digest: string;
  intents_count: number;
  results_count: number;
  refs_count: number;
  context_set_digest?: string;
  context_ref_count?: number;
  context_evidence_mode?: string;
  context_privacy_mode?: string;
}

const utc = (t: string) => (t === '' || t.startsWith('0001-01-01T00:00:00') ? '1980-01-01T00:00:00Z' : normalizeGoTime(t, { utc: true }));

/** The receipts' common redaction mode; `mixed` when they differ (an empty one counts as `unknown`). */
function privacyMode(receipts: readonly RefReceipt[]): string | undefined {
  if (receipts.length === 0) return undefined;
  const modes = new Set(receipts.map((r) => r.redaction_mode.trim() || 'unknown'));
  return modes.size === 1 ? [...modes][0] : 'mixed';
}

export function buildRunPayload(runpack: Runpack): RunPayload {
  const receipts = runpack.refs.receipts;
  const payload: RunPayload = {
    schema_id: RUN_PAYLOAD_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: utc(runpack.run.created_at),
    run_id: runpack.run.run_id,
    capture_mode: runpack.manifest.capture_mode,
    manifest_digest: runpack.manifest.manifest_digest,
    intents_count: runpack.intents.length,
    results_count: runpack.results.length,
    refs_count: receipts.length,
  };
  if (runpack.refs.context_set_digest) payload.context_set_digest = runpack.refs.context_set_digest;
  if (receipts.length > 0) payload.context_ref_count = receipts.length;
  if (runpack.refs.context_evidence_mode) payload.context_evidence_mode = runpack.refs.context_evidence_mode;
  const privacy = privacyMode(receipts);
  if (privacy) payload.context_privacy_mode = privacy;
  return payload;
}

/** `EnvelopeFromRefs`: the receipts as a context envelope, digested as `run record` does (§3.2.5). */
export function buildContextEnvelope(runpack: Runpack): Obj | undefined {
  const refs = runpack.refs;
  if (refs.receipts.length === 0) return undefined;
  const records = refs.receipts
    .map((r) => {
      const record: Obj = {
        ref_id: r.ref_id.trim(),
        source_type: r.source_type.trim(),
        source_locator: r.source_locator.trim(),
        query_digest: r.query_digest.trim().toLowerCase(),
        content_digest: r.content_digest.trim().toLowerCase(),
        retrieved_at: utc(r.retrieved_at),
        redaction_mode: r.redaction_mode.trim(),
        immutability: (r.immutability ?? '').trim() || 'unknown',
      };
      if (r.sensitivity_label?.trim()) record.sensitivity_label = r.sensitivity_label.trim();
      if (r.freshness_sla_seconds) record.freshness_sla_seconds = r.freshness_sla_seconds;
      const params = (r as { retrieval_params?: Obj }).retrieval_params;
      if (params && Object.keys(params).length > 0) record.retrieval_params = params;
      return record;
    })
    .sort((a, b) => {
      for (const key of ['ref_id', 'source_type', 'source_locator', 'content_digest']) {
        const order = compareBytes(String(a[key]), String(b[key]));
        if (order !== 0) return order;
      }
      return 0;
    });
  return {
    schema_id: 'gait.context.envelope',
    schema_version: '1.0.0',
    created_at: utc(refs.created_at),
    producer_version: refs.producer_version || '0.0.0-dev',
    context_set_id: runpack.run.run_id,
    context_set_digest: digestCanonical(records),
    evidence_mode: refs.context_evidence_mode || 'best_effort',
    records,
  };
}

const runPayloadKeys = new Set([
  'schema_id', 'schema_version', 'created_at', 'run_id', 'capture_mode', 'manifest_digest', 'intents_count', 'results_count',
  'refs_count', 'context_set_digest', 'context_ref_count', 'context_evidence_mode', 'context_privacy_mode',
]);

const count = (o: Obj, key: string) => o[key] === undefined || (Number.isInteger(o[key]) && (o[key] as number) >= 0);

/** The run payload contract (§6.4 step 6): strict fields, formats, and the payload names the pack's run. */
export function checkRunPayload(o: Obj, sourceRef: string): RunPayload {
  rejectUnknown(o, runPayloadKeys, 'parse run_payload.json');
  if (o.schema_id !== RUN_PAYLOAD_SCHEMA_ID || o.schema_version !== '1.0.0') throw contractError(`run_payload.json: schema must be ${RUN_PAYLOAD_SCHEMA_ID} 1.0.0`);
  if (typeof o.run_id !== 'string' || o.run_id.trim() === '') throw contractError('run_payload.json: run_id is required');
  if (o.capture_mode !== 'reference' && o.capture_mode !== 'raw') throw contractError('run_payload.json: capture_mode must be reference or raw');
  if (typeof o.manifest_digest !== 'string' || !HEX64.test(o.manifest_digest)) throw contractError('run_payload.json: manifest_digest must be 64 hex characters');
  for (const key of ['intents_count', 'results_count', 'refs_count', 'context_ref_count']) {
    if (!count(o, key)) throw contractError(`run_payload.json: ${key} must be a non-negative integer`);
  }
  if (o.context_set_digest !== undefined && (typeof o.context_set_digest !== 'string' || !HEX64.test(o.context_set_digest))) {
    throw contractError('run_payload.json: context_set_digest must be 64 hex characters');
  }
  if (o.context_evidence_mode !== undefined && o.context_evidence_mode !== 'best_effort' && o.context_evidence_mode !== 'required') {
    throw contractError('run_payload.json: context_evidence_mode must be best_effort or required');
  }
  if (o.run_id !== sourceRef) throw contractError(`run_payload.json: run_id ${o.run_id} does not match source_ref ${sourceRef}`);
  return o as unknown as RunPayload;
}
