import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@gait/core-fsx';
import { goMarshal, goMarshalIndent } from '@gait/core-runpack';

/**
 * Writes an artifact the reference's way: Go `encoding/json` bytes in field order (compact for
 * snapshots and coverage, indented for reports), file 0600, missing folders 0750, atomically so a
 * failed write leaves no partial file.
 */
export async function writeJsonArtifact(path: string, value: unknown, layout: 'compact' | 'indent' = 'compact'): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
  await writeFileAtomic(path, layout === 'compact' ? goMarshal(value) : goMarshalIndent(value), { mode: 0o600 });
}

export const DEFAULT_SCOUT_OUT_DIR = 'gait-out';

export function defaultSnapshotPath(snapshotId: string): string {
  return `./${DEFAULT_SCOUT_OUT_DIR}/inventory_snapshot_${snapshotId}.json`;
}

export function defaultCoveragePath(snapshotId: string): string {
  return `./${DEFAULT_SCOUT_OUT_DIR}/inventory_coverage_${snapshotId}.json`;
}

export const DEFAULT_SIGNAL_REPORT_PATH = `./${DEFAULT_SCOUT_OUT_DIR}/scout_signal_report.json`;
