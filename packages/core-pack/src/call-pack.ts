/** Building a call pack from a voice call record and the runpack it points at (artifacts.md §6.2). */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidInputError, VerificationError } from '@gait/core-errors';
import { normalizeGoTime, verifyRunpack } from '@gait/core-runpack';
import type { CallRecord } from '@gait/core-schema';
import { canonicalJson } from '@gait/core-sign';
import { type BuiltPack, type PackBuildOptions, assemblePack, member } from './build.js';
import { type CallHeader, buildCallPayload, buildCallpackManifest, encodeCallFiles } from './call-payload.js';
import { assertCallRecord, callPartsOf, decodeCallRecord, normalizeCallParts } from './call-record.js';

/** A decoded call record and the bytes of its runpack. */
export interface CallSource {
  /** A `gait.voice.call_record` object; checked against its schema before use. */
  readonly record: CallRecord | Record<string, unknown>;
  readonly runpack: Uint8Array;
}

async function readOrThrow(path: string, code: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new InvalidInputError(`${what} not found: ${path}`, { code, cause: error });
  }
}

/**
 * Reads a call record file (strict decode) and the runpack its `runpack_path` names, resolved
 * against the record's own folder so the record and its runpack can move together.
 */
export async function readCallSource(recordPath: string): Promise<CallSource> {
  const text = Buffer.from(await readOrThrow(recordPath, 'call_record_not_found', 'call record')).toString('utf8');
  const record = decodeCallRecord(text, recordPath);
  const runpackPath = resolve(dirname(recordPath), record.runpack_path);
  const runpack = await readOrThrow(runpackPath, 'call_runpack_not_found', `runpack_path ${JSON.stringify(record.runpack_path)}: runpack`);
  return { record, runpack };
}

/**
 * A call pack: payload, callpack manifest, the normalized events, commitments, decisions, speak
 * receipts and reference digests, and the runpack's own bytes. The runpack must verify (a broken
 * one is a verification failure, exit 2); a record that breaks a §6.2 rule is invalid input.
 */
export async function buildCallPack(source: string | CallSource, options: PackBuildOptions = {}): Promise<BuiltPack> {
  const { record: raw, runpack } = typeof source === 'string' ? await readCallSource(source) : source;
  // A record read from a file was checked as it was decoded; one handed in is checked here.
  const record = typeof source === 'string' ? (raw as CallRecord) : assertCallRecord(raw);
  const parts = normalizeCallParts(callPartsOf(record), record.call_id);
  const check = await verifyRunpack(runpack);
  if (!check.ok) {
    const reasons = check.failures.map((f) => f.code).join(', ') || 'verification failed';
    throw new VerificationError(`runpack_path ${record.runpack_path}: runpack does not verify (${reasons})`, { code: 'call_runpack_unverified' });
  }
  if (record.run_id !== undefined && record.run_id !== check.run_id) {
    throw new InvalidInputError(`run_id ${JSON.stringify(record.run_id)} does not match the runpack's run ${JSON.stringify(check.run_id)}`, {
      code: 'call_record_invalid',
      details: { field: 'run_id' },
    });
  }
  const header: CallHeader = {
    created_at: normalizeGoTime(record.created_at, { utc: true, field: 'created_at' }),
    call_id: record.call_id,
    run_id: record.run_id ?? check.run_id,
    privacy_mode: record.privacy_mode,
    environment_fingerprint: record.environment_fingerprint,
  };
  const producerVersion = options.producerVersion ?? '0.0.0-dev';
  const members = [
    member('call_payload.json', canonicalJson(buildCallPayload(header, parts))),
    member('callpack_manifest.json', canonicalJson(buildCallpackManifest(header, parts, producerVersion))),
    ...[...encodeCallFiles(parts)].map(([path, text]) => member(path, text)),
    member('source/runpack.zip', runpack),
  ];
  return assemblePack('call', record.call_id, members, options);
}
