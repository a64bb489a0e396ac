import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { writeDeterministicZip, writeFileAtomic } from '@gait/core-fsx';
import { canonicalJson, digestCanonical, keyId, signDigestHex, type Ed25519KeyPair } from '@gait/core-sign';
import { applyContextEnvelope, type ContextEnvelope } from './context-envelope.js';
import { decodeIntent, decodeRefs, decodeResult, decodeRun, type RecordDefaults } from './decode.js';
import { defaultRunEnv } from './env.js';
import { goTrim } from './go-strings.js';
import { goTimeNow } from './go-time.js';
import { LenientObject } from './lenient.js';
import { buildManifest, encodeJson, encodeJsonl } from './manifest.js';
import { normalizeOutputPath } from './paths.js';
import {
  DEFAULT_PRODUCER_VERSION,
  MANIFEST_FILE,
  type CaptureMode,
  type IntentRecord,
  type ManifestRecord,
  type RefsRecord,
  type ResultRecord,
  type RunEnv,
  type Runpack,
  type RunRecord,
} from './records.js';
import { normalizeRefs } from './refs.js';

/**
 * A run to record: the `gait run record` input document. Records may be partial; empty fields take
 * the reference's defaults. Plain objects from an SDK and parsed JSON files are read the same way
 * (Go's lenient rules), so both produce identical bytes.
 */
export interface RecordRunInput {
  run: unknown;
  intents?: readonly unknown[];
  results?: readonly unknown[];
  refs?: unknown;
  capture_mode?: string;
  /** v1.4.0: raw JSON per intent id, used to compute or check `args_digest` / `result_digest`. */
  normalization?: { intent_args?: Record<string, unknown>; result_payloads?: Record<string, unknown> };
}

export interface RecordRunOptions {
  /** Overrides the input's `capture_mode`; default `reference`. */
  captureMode?: string;
  /** Replaces the run id everywhere (run, refs, every intent and result). */
  runId?: string;
  /** Sign the manifest with this key. */
  keyPair?: Ed25519KeyPair;
  /** Env used when the run leaves fields empty (default: this platform, Go names). */
  defaultEnv?: RunEnv;
  /** Time used for an empty `created_at` (default: now, UTC, nanoseconds). */
  now?: string;
  /**
   * The `gait run record` policy on top of the library: context evidence mode defaulted to
   * `best_effort`, `required` needs a context digest, raw-redacted receipts need consent.
   */
  recordPolicy?: RecordPolicy;
}

/** What `gait run record` adds on top of the library's `RecordRun`. */
export interface RecordPolicy {
  /** `best_effort` (default) or `required` (then a context set digest must be present). */
  contextEvidenceMode?: string;
  /** Allow receipts or envelope records with `redaction_mode=raw`. */
  unsafeContextRaw?: boolean;
  /** Replaces the refs' receipts, digest and mode with a parsed context envelope. */
  contextEnvelope?: ContextEnvelope;
}

export interface RecordedRunpack {
  runpack: Runpack;
  /** The zip bytes, deterministic for the same input. */
  zip: Uint8Array;
  /** Entry name → bytes, as stored in the zip. */
  entries: Map<string, Uint8Array>;
  warnings: string[];
}

const RAW_WARNING = 'raw capture retains raw intent arguments and raw result payloads; handle runpack as sensitive evidence';
const STRIPPED_WARNING = 'reference capture stripped raw intent arguments and raw result payloads after digesting';

/** Builds a runpack in memory (the reference's `RecordRun`, v1.4.0 capture policy). */
export function recordRun(input: RecordRunInput, options: RecordRunOptions = {}): RecordedRunpack {
  const captureMode = parseCaptureMode(options.captureMode ?? (goTrim(input.capture_mode ?? '') || 'reference'));
  const runDefaults = { now: options.now ?? goTimeNow(), producerVersion: DEFAULT_PRODUCER_VERSION, env: options.defaultEnv ?? defaultRunEnv() };
  let run = decodeRun(input.run, 'run', runDefaults);
  if (options.runId !== undefined && goTrim(options.runId) !== '') run = { ...run, run_id: goTrim(options.runId) };
  if (run.run_id === '') throw new InvalidInputError('run_id is required', { code: 'run_id_required' });

  const inherit: RecordDefaults = { createdAt: run.created_at, producerVersion: run.producer_version, runId: run.run_id };
  const override = (record: { run_id: string }) => (options.runId ? { ...record, run_id: run.run_id } : record);
  let intents = (input.intents ?? []).map((v, i) => override(decodeIntent(v, `intents[${i}]`, inherit)) as IntentRecord);
  let results = (input.results ?? []).map((v, i) => override(decodeResult(v, `results[${i}]`, inherit)) as ResultRecord);
  let refs = normalizeRefs(override(decodeRefs(input.refs, 'refs', inherit)) as RefsRecord);

  const normalization = LenientObject.from(input.normalization, 'normalization');
  intents = intents.map((intent) => withArgsDigest(intent, normalization.object('intent_args')));
  results = results.map((result) => withResultDigest(result, normalization.object('result_payloads')));

  const warnings: string[] = [];
  if (captureMode === 'raw') {
    warnings.push(RAW_WARNING);
  } else {
    // v1.4.0: reference capture keeps digests only.
    const hadPayloads = intents.some((intent) => intent.args) || results.some((result) => result.result);
    intents = intents.map(({ args: _args, ...rest }) => rest);
    results = results.map(({ result: _result, ...rest }) => rest);
    if (hadPayloads) warnings.push(STRIPPED_WARNING);
  }
  if (options.recordPolicy) refs = applyRecordPolicy(refs, options.recordPolicy);

  return assembleRunpack({ run, intents, results, refs }, captureMode, options.keyPair, warnings);
}

/** Serializes records into the five zip entries, computes the manifest and optionally signs it. */
export function assembleRunpack(
  records: { run: RunRecord; intents: IntentRecord[]; results: ResultRecord[]; refs: RefsRecord },
  captureMode: string,
  keyPair?: Ed25519KeyPair,
  warnings: string[] = [],
): RecordedRunpack {
  const entries = new Map<string, Uint8Array>([
    ['intents.jsonl', encodeJsonl(records.intents)],
    ['refs.json', encodeJson(records.refs)],
    ['results.jsonl', encodeJsonl(records.results)],
    ['run.json', encodeJson(records.run)],
  ]);
  let manifest: ManifestRecord = buildManifest(records.run, captureMode, entries);
  if (keyPair) {
    // Equals sha256 of the unsigned manifest.json: the signature covers manifest_digest too.
    const signature = signDigestHex(keyPair, digestCanonical(JSON.parse(canonicalJson(manifest))));
    manifest = { ...manifest, signatures: [signature] };
  }
  entries.set(MANIFEST_FILE, encodeJson(manifest));
  const zip = writeDeterministicZip([...entries].map(([name, data]) => ({ name, data })));
  return { runpack: { ...records, manifest }, zip, entries, warnings };
}

export interface WrittenRunpack extends RecordedRunpack {
  /** The normalized output path. */
  path: string;
}

/** Records a run and writes `path` atomically (mode 0600), creating its folder. */
export async function writeRunpack(path: string, input: RecordRunInput, options: RecordRunOptions = {}): Promise<WrittenRunpack> {
  const target = normalizeOutputPath(path);
  const recorded = recordRun(input, options);
  await writeRunpackBytes(target, recorded.zip);
  return { ...recorded, path: target };
}

export async function writeRunpackBytes(path: string, zip: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  await writeFileAtomic(path, zip, { mode: 0o600 });
}

/** The signing key id of a recorded runpack, if signed. */
export function runpackKeyId(keyPair: Ed25519KeyPair | undefined): string | undefined {
  return keyPair ? keyId(keyPair.publicKey) : undefined;
}

export function parseCaptureMode(value: string): CaptureMode {
  const mode = goTrim(value).toLowerCase();
  if (mode !== 'reference' && mode !== 'raw') {
    throw new InvalidInputError('capture mode must be one of: reference, raw', { code: 'invalid_capture_mode' });
  }
  return mode;
}

function withArgsDigest(intent: IntentRecord, hints: Record<string, unknown> | undefined): IntentRecord {
  return { ...intent, args_digest: reconcileDigest(intent.args_digest, intent.args, hints?.[intent.intent_id], `intent ${intent.intent_id} args_digest`) };
}

function withResultDigest(result: ResultRecord, hints: Record<string, unknown> | undefined): ResultRecord {
  return { ...result, result_digest: reconcileDigest(result.result_digest, result.result, hints?.[result.intent_id], `result ${result.intent_id} result_digest`) };
}

/**
 * v1.4.0 fills a missing payload digest from the payload. A normalization hint, when given, is
 * the authoritative payload: a supplied digest must match it.
 */
function reconcileDigest(supplied: string, payload: Record<string, unknown> | undefined, hint: unknown, what: string): string {
  const digest = goTrim(supplied).toLowerCase();
  if (hint !== undefined) {
    const computed = digestCanonical(hint);
    if (digest !== '' && digest !== computed) {
      throw new InvalidInputError(`${what} does not match its normalization payload (expected ${computed})`, { code: 'digest_mismatch' });
    }
    return computed;
  }
  if (supplied !== '') return supplied;
  return digestCanonical(payload ?? {});
}

const isRaw = (receipt: { redaction_mode: string }) => goTrim(receipt.redaction_mode).toLowerCase() === 'raw';

function applyRecordPolicy(refs: RefsRecord, policy: RecordPolicy): RefsRecord {
  const envelope = policy.contextEnvelope;
  if (envelope && !policy.unsafeContextRaw && envelope.records.some(isRaw)) {
    throw new InvalidInputError('context envelope includes redaction_mode=raw; re-run with --unsafe-context-raw to allow unsafe context capture', {
      code: 'unsafe_context_raw',
    });
  }
  if (!policy.unsafeContextRaw && refs.receipts.some(isRaw)) {
    throw new InvalidInputError('refs receipts include redaction_mode=raw; re-run with --unsafe-context-raw to allow unsafe context capture', {
      code: 'unsafe_context_raw',
    });
  }
  if (envelope) refs = applyContextEnvelope(refs, envelope);
  const mode = goTrim(policy.contextEvidenceMode ?? '').toLowerCase() || refs.context_evidence_mode || 'best_effort';
  const normalized = normalizeRefs({ ...refs, context_evidence_mode: mode });
  if (normalized.context_evidence_mode === 'required' && !normalized.context_set_digest) {
    throw new InvalidInputError('context evidence mode required but context_set_digest is missing', { code: 'context_digest_required' });
  }
  return normalized;
}

/**
 * Reads a `gait run record` input document the way the reference does (keys matched
 * case-insensitively, unknown keys ignored).
 */
export function decodeRecordInput(value: unknown): RecordRunInput {
  const o = LenientObject.from(value, 'input');
  const list = (name: string) => o.array(name) ?? [];
  const normalization = o.child('normalization');
  return {
    run: o.object('run') ?? {},
    intents: list('intents'),
    results: list('results'),
    refs: o.object('refs'),
    capture_mode: o.string('capture_mode'),
    normalization: { intent_args: normalization.object('intent_args'), result_payloads: normalization.object('result_payloads') },
  };
}
