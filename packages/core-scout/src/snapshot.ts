import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, normalize, resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { compareBytes } from '@gait/core-gate';
import { INVENTORY_SNAPSHOT_ID, type InventoryItem, type InventorySnapshot } from '@gait/core-schema';
import { goTimeNow } from '@gait/core-runpack';
import { detectMcpServers } from './detect/mcp-config.js';
import { detectPythonTools } from './detect/python.js';
import type { Finding } from './detect/types.js';
import { detectTypeScriptTools, scriptKindFor } from './detect/typescript.js';
import { type RiskLevel, higherRisk, normalizeToolName, riskLevelForName } from './names.js';
import { itemRelationship } from './relationship.js';
import { walkFiles } from './walk.js';

export interface SnapshotOptions {
  /** Folders to scan; default `['.']`. Relative roots are resolved against `cwd` but reported as given. */
  readonly roots?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Folder relative roots are read from; default `process.cwd()`. */
  readonly cwd?: string;
  readonly producerVersion?: string;
  /** `created_at`; default now (Go `time.Now().UTC()` form). */
  readonly createdAt?: string;
}

/** What a file's extension says to look for. */
function findingsFor(path: string, text: string): Finding[] {
  const ext = extname(path).toLowerCase();
  if (ext === '.py') return detectPythonTools(path, text);
  if (ext === '.json') return detectMcpServers(path, text, 'json');
  if (ext === '.yaml' || ext === '.yml') return detectMcpServers(path, text, 'yaml');
  if (scriptKindFor(path) !== undefined) return detectTypeScriptTools(path, text);
  return [];
}

function itemFor(finding: Finding, locator: string): InventoryItem {
  const normalized = normalizeToolName(finding.name);
  const id = finding.kind === 'tool' ? `tool:${finding.tag}:${normalized}` : `mcp_server:${normalized}`;
  return { id, kind: finding.kind, name: finding.name, locator, risk_level: riskLevelForName(finding.name), tags: [finding.tag] };
}

/** Same id → one item: the smallest locator (and its name), the highest risk, every tag. */
function mergeItems(items: readonly InventoryItem[]): InventoryItem[] {
  const byId = new Map<string, InventoryItem>();
  for (const item of items) {
    const seen = byId.get(item.id);
    if (seen === undefined) {
      byId.set(item.id, item);
      continue;
    }
    const first = compareBytes(item.locator, seen.locator) < 0 ? item : seen;
    byId.set(item.id, {
      ...first,
      risk_level: higherRisk(seen.risk_level as RiskLevel, item.risk_level as RiskLevel),
      tags: [...new Set([...(seen.tags ?? []), ...(item.tags ?? [])])].sort(compareBytes),
    });
  }
  return [...byId.values()].sort(
    (a, b) => compareBytes(a.id, b.id) || compareBytes(a.kind, b.kind) || compareBytes(a.name, b.name) || compareBytes(a.locator, b.locator),
  );
}

/**
 * HEAD's snapshot id: `snap_` + the first 6 bytes of sha256 over the workspace and each item's
 * id, kind, name, locator, risk and tags, NUL-separated, each item closed by 0xff. It depends on
 * the items only, so the same tree gives the same id at any time.
 */
export function snapshotIdFor(workspace: string, items: readonly InventoryItem[]): string {
  const hash = createHash('sha256');
  const nul = Buffer.from([0]);
  const field = (text: string) => {
    hash.update(text, 'utf8');
    hash.update(nul);
  };
  field(workspace);
  for (const item of items) {
    field(item.id);
    field(item.kind);
    field(item.name);
    field(item.locator);
    field(item.risk_level ?? '');
    for (const tag of item.tags ?? []) field(tag);
    hash.update(Buffer.from([0xff]));
  }
  return `snap_${hash.digest('hex').slice(0, 12)}`;
}

/** Roots as the reference takes them: trimmed, cleaned, de-duplicated, sorted; default `.`. */
export function normalizeRoots(roots: readonly string[] | undefined): string[] {
  const cleaned = (roots ?? []).map((root) => root.trim()).filter((root) => root !== '').map((root) => {
    const clean = normalize(root).replace(/\\/g, '/');
    return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
  });
  const unique = [...new Set(cleaned)].sort(compareBytes);
  return unique.length === 0 ? ['.'] : unique;
}

/** Scans the roots and returns the inventory snapshot (`gait.scout.inventory_snapshot` 1.0.0). */
export function buildSnapshot(options: SnapshotOptions = {}): InventorySnapshot {
  const cwd = options.cwd ?? process.cwd();
  const roots = normalizeRoots(options.roots);
  const filter = { include: options.include ?? [], exclude: options.exclude ?? [] };
  const found: InventoryItem[] = [];
  for (const root of roots) {
    if (!isDirectory(resolve(cwd, root))) {
      throw new InvalidInputError(`root is not a directory: ${root}`, { code: 'scout_root_invalid', details: { root } });
    }
    for (const file of walkFiles(root, cwd, filter)) {
      for (const finding of findingsFor(file.shown, readFileSync(file.path, 'utf8'))) found.push(itemFor(finding, file.shown));
    }
  }
  const workspace = roots.join(',');
  const merged = mergeItems(found);
  const snapshotId = snapshotIdFor(workspace, merged);
  return {
    schema_id: INVENTORY_SNAPSHOT_ID,
    schema_version: '1.0.0',
    created_at: options.createdAt ?? goTimeNow(),
    producer_version: options.producerVersion ?? '0.0.0-dev',
    snapshot_id: snapshotId,
    workspace,
    items: merged.map((item) => ({ ...item, relationship: itemRelationship(item.id, item.locator, snapshotId) })),
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
