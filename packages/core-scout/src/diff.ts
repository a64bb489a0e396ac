import { InvalidInputError } from '@gait/core-errors';
import { compareBytes } from '@gait/core-gate';
import { INVENTORY_SNAPSHOT_ID, type InventoryItem, type InventorySnapshot } from '@gait/core-schema';

export interface ItemChange {
  id: string;
  kind: string;
  name: string;
  before_locator: string;
  after_locator: string;
  before_risk: string;
  after_risk: string;
}

export interface SnapshotDiff {
  added: InventoryItem[];
  removed: InventoryItem[];
  changed: ItemChange[];
  added_count: number;
  removed_count: number;
  changed_count: number;
}

const tagKey = (item: InventoryItem) => [...new Set(item.tags ?? [])].sort(compareBytes).join('\u0000');

function differs(a: InventoryItem, b: InventoryItem): boolean {
  return a.kind !== b.kind || a.name !== b.name || a.locator !== b.locator || (a.risk_level ?? '') !== (b.risk_level ?? '') || tagKey(a) !== tagKey(b);
}

/**
 * Items keyed by id: added, removed, and changed (same id, different kind, name, locator, risk or
 * tag set), each sorted by id. The relationship envelope is derived data and is not compared.
 */
export function diffSnapshots(left: InventorySnapshot, right: InventorySnapshot): SnapshotDiff {
  const before = new Map(left.items.map((item) => [item.id, item]));
  const after = new Map(right.items.map((item) => [item.id, item]));
  const byId = (a: { id: string }, b: { id: string }) => compareBytes(a.id, b.id);
  const added = [...after.values()].filter((item) => !before.has(item.id)).sort(byId);
  const removed = [...before.values()].filter((item) => !after.has(item.id)).sort(byId);
  const changed: ItemChange[] = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    if (then === undefined || !differs(then, now)) continue;
    changed.push({
      id,
      kind: now.kind,
      name: now.name,
      before_locator: then.locator,
      after_locator: now.locator,
      before_risk: then.risk_level ?? '',
      after_risk: now.risk_level ?? '',
    });
  }
  changed.sort(byId);
  return { added, removed, changed, added_count: added.length, removed_count: removed.length, changed_count: changed.length };
}

export function isDiffEmpty(diff: SnapshotDiff): boolean {
  return diff.added_count + diff.removed_count + diff.changed_count === 0;
}

/** Parses a snapshot file's text; anything that is not an inventory snapshot is invalid input (exit 6). */
export function parseSnapshot(text: string, path: string): InventorySnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`parse snapshot ${path}: ${error instanceof Error ? error.message : String(error)}`, { code: 'scout_snapshot_invalid' });
  }
  const record = value as Partial<InventorySnapshot> | null;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new InvalidInputError(`snapshot ${path} must be a JSON object`, { code: 'scout_snapshot_invalid' });
  }
  if (record.schema_id !== INVENTORY_SNAPSHOT_ID) {
    throw new InvalidInputError(`snapshot ${path}: schema_id must be ${INVENTORY_SNAPSHOT_ID}`, { code: 'scout_snapshot_invalid' });
  }
  if (!Array.isArray(record.items) || record.items.some((item) => item === null || typeof item !== 'object' || typeof item.id !== 'string')) {
    throw new InvalidInputError(`snapshot ${path}: items must be an array of objects with a string id`, { code: 'scout_snapshot_invalid' });
  }
  return record as InventorySnapshot;
}
