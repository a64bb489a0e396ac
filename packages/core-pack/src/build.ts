import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@gait/core-errors';
import { writeDeterministicZip } from '@gait/core-fsx';
import { compareBytes } from '@gait/core-guard';
import { readRunpack } from '@gait/core-runpack';
import { type Ed25519KeyPair, canonicalJson, sha256Hex, signDigestHex } from '@gait/core-sign';
import { type JobSource, buildJobPayload } from './job-payload.js';
import {
  PACK_CREATED_AT,
  PACK_MANIFEST_FILE,
  PACK_MANIFEST_SCHEMA_ID,
  type PackManifest,
  type PackType,
  computePackId,
  contentType,
  encodePackManifest,
  packSignableDigest,
} from './manifest.js';
import { PROOF_RECORDS_FILE, buildProofRecords } from './proof-records.js';
import { buildContextEnvelope, buildRunPayload } from './run-payload.js';

export interface PackBuildOptions {
  /** `producer_version`; default `0.0.0-dev`. */
  readonly producerVersion?: string;
  readonly signingKey?: Ed25519KeyPair;
  /**
   * Add `proof_records.jsonl`, as the reference does since v1.4.0 (default). Off gives the
   * v1.0 layout of the spec's derived vectors.
   */
  readonly proofRecords?: boolean;
}

export interface BuiltPack {
  readonly zip: Uint8Array;
  readonly manifest: PackManifest;
  readonly packId: string;
}

export interface PackMember {
  readonly path: string;
  readonly data: Uint8Array;
}

export const member = (path: string, data: string | Uint8Array): PackMember => ({ path, data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data });

/** Contents, proof records, pack id and signature over a set of payload files (artifacts.md §6.1). */
export function assemblePack(packType: PackType, sourceRef: string, members: readonly PackMember[], options: PackBuildOptions = {}): BuiltPack {
  const producerVersion = options.producerVersion ?? '0.0.0-dev';
  // Each member is hashed once: its entry serves the proof records and the manifest alike.
  const describe = (m: PackMember) => ({ member: m, content: { path: m.path, sha256: sha256Hex(m.data), type: contentType(m.path) } });
  const described = members.map(describe).sort((a, b) => compareBytes(a.member.path, b.member.path));
  if (options.proofRecords ?? true) {
    const proofs = member(
      PROOF_RECORDS_FILE,
      buildProofRecords(
        described.map((d) => ({ content: d.content, size: d.member.data.length })),
        { packType, sourceRef, producerVersion },
        options.signingKey,
      ),
    );
    described.push(describe(proofs));
    described.sort((a, b) => compareBytes(a.member.path, b.member.path));
  }
  const sorted = described.map((d) => d.member);
  const unsigned: PackManifest = {
    schema_id: PACK_MANIFEST_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: PACK_CREATED_AT,
    producer_version: producerVersion,
    pack_id: '',
    pack_type: packType,
    source_ref: sourceRef,
    contents: described.map((d) => d.content),
  };
  const withId = { ...unsigned, pack_id: computePackId(unsigned) };
  const manifest = options.signingKey ? { ...withId, signatures: [signDigestHex(options.signingKey, packSignableDigest(withId))] } : withId;
  const zip = writeDeterministicZip([...sorted.map((m) => ({ name: m.path, data: m.data })), { name: PACK_MANIFEST_FILE, data: encodePackManifest(manifest) }]);
  return { zip, manifest, packId: manifest.pack_id };
}

/**
 * A run pack: the payload summary, the runpack's own bytes (so it can be verified and replayed
 * as is) and, when the run has context receipts, its context envelope. The runpack must be intact.
 */
export async function buildRunPack(runpack: string | Uint8Array, options: PackBuildOptions = {}): Promise<BuiltPack> {
  const bytes = typeof runpack === 'string' ? await readSourceFile(runpack) : runpack;
  const record = await readRunpack(bytes);
  const envelope = buildContextEnvelope(record);
  const members = [
    member('run_payload.json', canonicalJson(buildRunPayload(record))),
    member('source/runpack.zip', bytes),
    ...(envelope ? [member('context_envelope.json', canonicalJson(envelope))] : []),
  ];
  return assemblePack('run', record.run.run_id, members, options);
}

/** A job pack from the job's state and events (a `job_events.jsonl` of 0 bytes when it has none). */
export function buildJobPack(job: JobSource, options: PackBuildOptions = {}): BuiltPack {
  const payload = buildJobPayload(job.state);
  const members = [
    member('job_payload.json', canonicalJson(payload)),
    member('job_state.json', canonicalJson(job.state)),
    member('job_events.jsonl', job.events.map((e) => `${canonicalJson(e)}\n`).join('')),
  ];
  return assemblePack('job', String(payload.job_id), members, options);
}

async function readSourceFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new InvalidInputError(`runpack not found: ${path}`, { code: 'runpack_not_found', cause: error });
  }
}
