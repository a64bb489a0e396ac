/** Retention of the decision service's outputs, per class (the HTTP test covers the trace class end to end). */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRetention } from './retention.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const MINUTE = 60_000;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gait-retention-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes files with mtimes `minutesAgo` before NOW. */
function files(entries: Record<string, number>): void {
  for (const [name, minutesAgo] of Object.entries(entries)) {
    const path = join(dir, name);
    writeFileSync(path, name);
    const at = new Date(NOW - minutesAgo * MINUTE);
    utimesSync(path, at, at);
  }
}
const left = () => readdirSync(dir).sort();

describe('applyRetention', () => {
  it('keeps the newest traces by count and leaves files of other classes and folders alone', async () => {
    files({ 'trace_a.json': 1, 'trace_b.json': 2, 'TRACE_c.JSON': 3, 'notes.json': 9, 'runpack_x.zip': 9 });
    mkdirSync(join(dir, 'trace_folder.json'));
    const warnings = await applyRetention([{ cls: 'trace', dir, maxAgeMs: 0, maxCount: 2 }], NOW);
    expect(warnings).toEqual(['retention_trace_removed_age=0 removed_count=1']);
    expect(left()).toEqual(['notes.json', 'runpack_x.zip', 'trace_a.json', 'trace_b.json', 'trace_folder.json']);
  });

  it('deletes runpacks and checkpoint zips older than the max age, and only those', async () => {
    files({ 'runpack_new.zip': 5, 'runpack_old.zip': 120, 'job_cp_0001.zip': 90, 'other.zip': 500, 'runpack_old.json': 500 });
    const warnings = await applyRetention([{ cls: 'runpack', dir, maxAgeMs: 60 * MINUTE, maxCount: 0 }], NOW);
    expect(warnings).toEqual(['retention_runpack_removed_age=2 removed_count=0']);
    expect(left()).toEqual(['other.zip', 'runpack_new.zip', 'runpack_old.json']);
  });

  it('counts session journals, states and checkpoints together, newest first, ties by path descending', async () => {
    files({ 's1.jsonl': 1, 's1.state': 1, 's2.json': 2, 's3.jsonl': 3, 'readme.txt': 9 });
    const warnings = await applyRetention([{ cls: 'session', dir, maxAgeMs: 0, maxCount: 2 }], NOW);
    expect(warnings).toEqual(['retention_session_removed_age=0 removed_count=2']);
    expect(left()).toEqual(['readme.txt', 's1.jsonl', 's1.state']);
    // Same mtime: the path that sorts last is the newer, so s1.state is kept before s1.jsonl.
    expect(await applyRetention([{ cls: 'session', dir, maxAgeMs: 0, maxCount: 1 }], NOW)).toEqual(['retention_session_removed_age=0 removed_count=1']);
    expect(left()).toEqual(['readme.txt', 's1.state']);
  });

  it('counts a file both too old and beyond the count in each, does nothing without limits, and reports an unreadable folder', async () => {
    files({ 'trace_1.json': 1, 'trace_2.json': 200 });
    expect(await applyRetention([{ cls: 'trace', dir, maxAgeMs: 0, maxCount: 0 }], NOW)).toEqual([]);
    expect(left()).toHaveLength(2);
    expect(await applyRetention([{ cls: 'trace', dir, maxAgeMs: 60 * MINUTE, maxCount: 1 }], NOW)).toEqual(['retention_trace_removed_age=1 removed_count=1']);
    expect(left()).toEqual(['trace_1.json']);
    const missing = await applyRetention([{ cls: 'session', dir: join(dir, 'absent'), maxAgeMs: 0, maxCount: 1 }], NOW);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^retention_session_error=.*ENOENT/);
  });
});
