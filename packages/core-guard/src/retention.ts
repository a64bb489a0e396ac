/**
 * Retention: walk a folder, classify traces and evidence/incident packs by file name, and delete
 * those older than their TTL (or only report them with `dryRun`). Runpacks, jobs and session
 * journals are never touched, as in the reference.
 */
import { type Dirent } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { formatGoTime, goTimeNow } from '@gait/core-runpack';
import { canonicalJson } from '@gait/core-sign';
import { compareBytes } from './go-strings.js';

export const RETENTION_REPORT_SCHEMA_ID = 'gait.guard.retention_report';

export type RetentionKind = 'trace' | 'pack';

export interface RetentionEvent {
  path: string;
  kind: RetentionKind;
  modified_at: string;
  age_seconds: number;
  action: 'deleted' | 'kept';
}

export interface RetentionReport {
  schema_id: string;
  schema_version: string;
  created_at: string;
  producer_version: string;
  root_path: string;
  dry_run: boolean;
  trace_ttl_seconds: number;
  pack_ttl_seconds: number;
  scanned_files: number;
  deleted_files: RetentionEvent[];
  kept_files: RetentionEvent[];
}

export interface RetentionOptions {
  readonly root?: string;
  /** Milliseconds; 0 or less keeps every trace. */
  readonly traceTtlMs: number;
  readonly packTtlMs: number;
  readonly dryRun?: boolean;
  /** Clock for tests; default now. */
  readonly now?: Date;
  readonly producerVersion?: string;
}

const packPattern = /^(evidence_pack|incident_pack)_.*\.(zip|gaitenc)$/;

/** `trace_*.json` → trace; `evidence_pack_*`/`incident_pack_*` `.zip`/`.gaitenc` → pack; else not ours. */
export function classifyRetention(basename: string): RetentionKind | undefined {
  const name = basename.toLowerCase();
  if (name.startsWith('trace_') && name.endsWith('.json')) return 'trace';
  return packPattern.test(name) ? 'pack' : undefined;
}

async function walk(dir: string, out: string[], isRoot = false): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isRoot) throw new InvalidInputError(`retention root ${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`, { code: 'retention_root_invalid', cause: error });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // Symlinks are neither followed nor deleted: retention must never reach outside its root.
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

export async function applyRetention(options: RetentionOptions): Promise<RetentionReport> {
  const root = normalize((options.root ?? '.').trim() || '.').replace(/(.)\/+$/, '$1');
  const now = options.now ?? new Date();
  const files: string[] = [];
  await walk(root, files, true);
  const candidates = files
    .map((path) => ({ path, kind: classifyRetention(path.split(/[\\/]/).pop()!) }))
    .filter((c): c is { path: string; kind: RetentionKind } => c.kind !== undefined)
    .sort((a, b) => compareBytes(a.path, b.path));
  const deleted: RetentionEvent[] = [];
  const kept: RetentionEvent[] = [];
  for (const candidate of candidates) {
    const stat = await lstat(candidate.path);
    const ageMs = Math.max(0, now.getTime() - stat.mtimeMs);
    const ttl = candidate.kind === 'trace' ? options.traceTtlMs : options.packTtlMs;
    const expired = ttl > 0 && ageMs > ttl;
    const mtimeNanos = BigInt(Math.round(stat.mtimeMs * 1e6));
    const event: RetentionEvent = {
      path: candidate.path,
      kind: candidate.kind,
      modified_at: formatGoTime({ unixSeconds: Number(mtimeNanos / 1_000_000_000n), nanos: Number(mtimeNanos % 1_000_000_000n), offsetMinutes: 0 }),
      age_seconds: Math.trunc(ageMs / 1000),
      action: expired ? 'deleted' : 'kept',
    };
    if (expired) {
      if (!options.dryRun) await rm(candidate.path, { force: true });
      deleted.push(event);
    } else {
      kept.push(event);
    }
  }
  return {
    schema_id: RETENTION_REPORT_SCHEMA_ID,
    schema_version: '1.0.0',
    created_at: options.now ? formatGoTime({ unixSeconds: Math.floor(now.getTime() / 1000), nanos: (now.getTime() % 1000) * 1e6, offsetMinutes: 0 }) : goTimeNow(),
    producer_version: options.producerVersion ?? '0.0.0-dev',
    root_path: root,
    dry_run: options.dryRun ?? false,
    trace_ttl_seconds: Math.trunc(options.traceTtlMs / 1000),
    pack_ttl_seconds: Math.trunc(options.packTtlMs / 1000),
    scanned_files: candidates.length,
    deleted_files: deleted,
    kept_files: kept,
  };
}

/** The report file's bytes: canonical JSON, no newline. */
export function encodeRetentionReport(report: RetentionReport): string {
  return canonicalJson(report);
}
