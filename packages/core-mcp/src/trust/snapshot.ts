/** Trust snapshot files: `gait.mcp.trust_snapshot` 1.0.0 (surfaces.md §1.8). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface RegistryVerification {
  signature_verified: boolean;
  publisher_allowed: boolean;
  /** Undefined when the entry carries no pin. */
  pin_verified: boolean | undefined;
}

export interface TrustEntry {
  server_id: string;
  server_name: string;
  publisher: string;
  source: string;
  endpoint: string;
  status: string;
  updated_at: string;
  score: number | undefined;
  evidence_path: string;
  registry_verification: RegistryVerification | undefined;
}

export type SnapshotLoad =
  | { kind: 'ok'; entries: Map<string, TrustEntry> }
  | { kind: 'unavailable'; error: string }
  | { kind: 'invalid'; error: string };

export function identityKey(serverId: string, serverName: string): string {
  return (serverId.trim() || serverName.trim()).toLowerCase();
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function parseEntry(raw: unknown, index: number): TrustEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`entries[${index}] must be an object`);
  const e = raw as Record<string, unknown>;
  const updated = str(e.updated_at);
  if (updated === '' || Number.isNaN(Date.parse(updated))) throw new Error(`entries[${index}].updated_at must be an RFC 3339 time`);
  if (e.score !== undefined && e.score !== null && typeof e.score !== 'number') throw new Error(`entries[${index}].score must be a number`);
  const rv = e.registry_verification;
  let registry: RegistryVerification | undefined;
  if (typeof rv === 'object' && rv !== null && !Array.isArray(rv)) {
    const r = rv as Record<string, unknown>;
    registry = {
      signature_verified: r.signature_verified === true,
      publisher_allowed: r.publisher_allowed === true,
      pin_verified: typeof r.pin_verified === 'boolean' ? r.pin_verified : undefined,
    };
  }
  return {
    server_id: str(e.server_id),
    server_name: str(e.server_name),
    publisher: str(e.publisher),
    source: str(e.source),
    endpoint: str(e.endpoint),
    status: str(e.status).toLowerCase(),
    updated_at: updated,
    score: typeof e.score === 'number' ? e.score : undefined,
    evidence_path: str(e.evidence_path),
    registry_verification: registry,
  };
}

/** Reads and checks a snapshot; never throws (the caller turns failures into trust reasons). */
export function loadTrustSnapshot(path: string, cwd = process.cwd()): SnapshotLoad {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    return { kind: 'unavailable', error: (error as Error).message };
  }
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('snapshot must be a JSON object');
    const schemaId = str(doc.schema_id) || 'gait.mcp.trust_snapshot';
    const schemaVersion = str(doc.schema_version) || '1.0.0';
    if (schemaId !== 'gait.mcp.trust_snapshot') throw new Error(`unsupported schema_id ${schemaId}`);
    if (schemaVersion !== '1.0.0') throw new Error(`unsupported schema_version ${schemaVersion}`);
    if (!Array.isArray(doc.entries)) throw new Error('entries must be an array');
    const entries = new Map<string, TrustEntry>();
    doc.entries.forEach((raw, i) => {
      const entry = parseEntry(raw, i);
      const key = identityKey(entry.server_id, entry.server_name);
      if (key === '') throw new Error(`entries[${i}] needs server_id or server_name`);
      if (entries.has(key)) throw new Error(`duplicate trust entry for ${key}`);
      entries.set(key, entry);
    });
    return { kind: 'ok', entries };
  } catch (error) {
    return { kind: 'invalid', error: (error as Error).message };
  }
}
