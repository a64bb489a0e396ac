import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRetention, classifyRetention } from './retention.js';

const day = 86_400_000;
const now = new Date('2026-03-01T00:00:00Z');

function tree() {
  const root = mkdtempSync(join(tmpdir(), 'retain-'));
  mkdirSync(join(root, 'sub'));
  const files: Record<string, number> = {
    'trace_old.json': 10,
    'sub/trace_new.json': 1,
    'evidence_pack_pack_1.zip': 40,
    'sub/incident_pack_x.gaitenc': 5,
    'runpack_run_a.zip': 400,
    'notes.txt': 400,
  };
  for (const [name, ageDays] of Object.entries(files)) {
    const path = join(root, name);
    writeFileSync(path, 'x');
    const t = new Date(now.getTime() - ageDays * day);
    utimesSync(path, t, t);
  }
  return root;
}

describe('applyRetention (artifacts.md §7.4)', () => {
  it('classifies by lower-cased basename', () => {
    expect(classifyRetention('TRACE_A.JSON')).toBe('trace');
    expect(classifyRetention('incident_pack_1.zip')).toBe('pack');
    expect(classifyRetention('evidence_pack_1.gaitenc')).toBe('pack');
    expect(classifyRetention('runpack_run_a.zip')).toBeUndefined();
    expect(classifyRetention('pack_abc.zip')).toBeUndefined();
  });

  it('dry run reports without deleting; a real run deletes only expired traces and packs', async () => {
    const root = tree();
    const options = { root, traceTtlMs: 7 * day, packTtlMs: 30 * day, now };
    const dry = await applyRetention({ ...options, dryRun: true });
    expect(dry.deleted_files.map((f) => f.path)).toEqual([join(root, 'evidence_pack_pack_1.zip'), join(root, 'trace_old.json')]);
    expect(dry.kept_files.map((f) => f.kind)).toEqual(['pack', 'trace']);
    expect(dry.scanned_files).toBe(4);
    expect(dry.deleted_files[0]).toMatchObject({ kind: 'pack', age_seconds: 40 * 86400, action: 'deleted', modified_at: '2026-01-20T00:00:00Z' });
    expect(existsSync(join(root, 'trace_old.json'))).toBe(true);
    const real = await applyRetention(options);
    expect(real.dry_run).toBe(false);
    expect(existsSync(join(root, 'trace_old.json'))).toBe(false);
    expect(existsSync(join(root, 'evidence_pack_pack_1.zip'))).toBe(false);
    expect(existsSync(join(root, 'runpack_run_a.zip'))).toBe(true);
    expect(real).toMatchObject({ schema_id: 'gait.guard.retention_report', trace_ttl_seconds: 604800, pack_ttl_seconds: 2592000 });
  });

  it('a TTL of 0 keeps everything, and a missing root is invalid input', async () => {
    const root = tree();
    const report = await applyRetention({ root, traceTtlMs: 0, packTtlMs: 0, now });
    expect(report.deleted_files).toEqual([]);
    await expect(applyRetention({ root: join(root, 'absent'), traceTtlMs: 1, packTtlMs: 1 })).rejects.toMatchObject({ exitCode: 6 });
  });
});
