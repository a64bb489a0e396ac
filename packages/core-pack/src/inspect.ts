import { readFile } from 'node:fs/promises';
import { InvalidInputError, VerificationError } from '@gait/core-errors';
import { type Archive, checkMembers, compareBytes, openArchive } from '@gait/core-guard';
import { type Runpack, readRunpack } from '@gait/core-runpack';
import { PACK_MANIFEST_FILE, type PackManifest, decodePackManifest } from './manifest.js';
import { buildRunPayload } from './run-payload.js';
import { type Obj, parseJsonl, parseObject } from './strict-json.js';

export interface RunLineage {
  timeline_events: number;
  receipt_count: number;
  intent_results: { intent_id: string; tool_name?: string; status?: string }[];
}

export interface JobLineage {
  event_count: number;
  last_event_type?: string;
  checkpoint_refs: { checkpoint_id: string; type: string; reason_code: string }[];
}

export interface PackInspection {
  pack_id: string;
  pack_type: string;
  source_ref: string;
  manifest: PackManifest | Obj;
  run_payload?: Obj;
  job_payload?: Obj;
  call_payload?: Obj;
  run_lineage?: RunLineage;
  job_lineage?: JobLineage;
}

const text = (o: Obj, key: string): string => (typeof o[key] === 'string' ? (o[key] as string) : '');

/**
 * `gait pack inspect`: the manifest, the payload and the lineage of a run (from the embedded
 * runpack) or a job (from its state and events). Members must match their declared digests.
 * Like the reference, guard packs are refused here (their manifest is not a PackSpec manifest);
 * legacy runpacks are accepted.
 */
export async function inspectPack(source: string | Uint8Array): Promise<PackInspection> {
  const bytes = typeof source === 'string' ? await readPackFile(source) : source;
  const archive = openArchive(bytes);
  const raw = archive.get(PACK_MANIFEST_FILE);
  if (raw === undefined) {
    if (archive.get('manifest.json') !== undefined) return inspectLegacyRunpack(bytes);
    throw new InvalidInputError(`missing ${PACK_MANIFEST_FILE}`, { code: 'pack_manifest_missing' });
  }
  const manifest = decodePackManifest(parseObject(raw, 'parse pack manifest'));
  const members = checkMembers(archive, manifest.contents, PACK_MANIFEST_FILE);
  const broken = [...members.missing_files, ...members.hash_mismatches.map((m) => m.path)];
  if (broken.length > 0) {
    throw new VerificationError(`pack members missing or altered: ${broken.join(', ')}; run gait pack verify`, { code: 'pack_member_mismatch' });
  }
  const base = { pack_id: manifest.pack_id, pack_type: manifest.pack_type, source_ref: manifest.source_ref, manifest };
  const payload = (name: string) => parseObject(archive.get(name) ?? '{}', `parse ${name}`);
  if (manifest.pack_type === 'run') return { ...base, run_payload: payload('run_payload.json'), ...(await runLineage(archive)) };
  if (manifest.pack_type === 'job') return { ...base, job_payload: payload('job_payload.json'), job_lineage: jobLineage(archive) };
  return { ...base, call_payload: payload('call_payload.json') };
}

async function runLineage(archive: Archive): Promise<{ run_lineage?: RunLineage }> {
  const zip = archive.get('source/runpack.zip');
  return zip === undefined ? {} : { run_lineage: lineageOf(await readRunpack(zip)) };
}

function lineageOf(runpack: Runpack): RunLineage {
  const results = new Map(runpack.results.map((r) => [r.intent_id, r.status]));
  const rows = runpack.intents
    .map((i) => ({
      intent_id: i.intent_id,
      ...(i.tool_name ? { tool_name: i.tool_name } : {}),
      ...(results.get(i.intent_id) ? { status: results.get(i.intent_id)! } : {}),
    }))
    .sort((a, b) => compareBytes(a.intent_id, b.intent_id));
  return { timeline_events: runpack.run.timeline?.length ?? 0, receipt_count: runpack.refs.receipts.length, intent_results: rows };
}

function jobLineage(archive: Archive): JobLineage {
  const state = parseObject(archive.get('job_state.json') ?? '{}', 'parse job_state.json');
  const events = parseJsonl(archive.get('job_events.jsonl') ?? '', 'job_events.jsonl');
  const checkpoints = Array.isArray(state.checkpoints) ? (state.checkpoints as Obj[]) : [];
  const last = events.length > 0 ? text(events[events.length - 1]!, 'type') : '';
  return {
    event_count: events.length,
    ...(last ? { last_event_type: last } : {}),
    checkpoint_refs: checkpoints.map((c) => ({ checkpoint_id: text(c, 'checkpoint_id'), type: text(c, 'type'), reason_code: text(c, 'reason_code') })),
  };
}

async function inspectLegacyRunpack(bytes: Uint8Array): Promise<PackInspection> {
  const runpack = await readRunpack(bytes);
  return {
    pack_id: runpack.manifest.manifest_digest,
    pack_type: 'run',
    source_ref: runpack.run.run_id,
    manifest: runpack.manifest as unknown as Obj,
    run_payload: buildRunPayload(runpack) as unknown as Obj,
    run_lineage: lineageOf(runpack),
  };
}

export async function readPackFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new InvalidInputError(`open zip: open ${path}: no such file or directory`, { code: 'pack_not_found', cause: error });
  }
}
