/**
 * Retention for the decision service (`applyMCPServeRetention`, HEAD class filters): after every
 * request, per class with a max age or count, newest first (ties: path descending), keep the
 * first `maxCount` and delete the rest and anything older than `maxAge`. Only regular files
 * directly in the folder are considered.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type RetentionClass = 'trace' | 'runpack' | 'session';

export interface RetentionRule {
  cls: RetentionClass;
  dir: string;
  /** Milliseconds; 0 = no age limit. */
  maxAgeMs: number;
  /** 0 = no count limit. */
  maxCount: number;
}

const FILTERS: Record<RetentionClass, (name: string) => boolean> = {
  trace: (n) => n.endsWith('.json') && n.includes('trace'),
  runpack: (n) => (n.startsWith('runpack_') && n.endsWith('.zip')) || (n.endsWith('.zip') && n.includes('_cp_')),
  session: (n) => n.endsWith('.json') || n.endsWith('.jsonl') || n.endsWith('.state'),
};

/** Applies every rule; returns the reference's warnings (`retention_<class>_…`). */
export async function applyRetention(rules: readonly RetentionRule[], now: number = Date.now()): Promise<string[]> {
  const warnings: string[] = [];
  for (const rule of rules) {
    if (rule.dir === '' || (rule.maxAgeMs <= 0 && rule.maxCount <= 0)) continue;
    try {
      const removed = await applyRule(rule, now);
      if (removed.age > 0 || removed.count > 0) warnings.push(`retention_${rule.cls}_removed_age=${removed.age} removed_count=${removed.count}`);
    } catch (error) {
      warnings.push(`retention_${rule.cls}_error=${(error as Error).message}`);
    }
  }
  return warnings;
}

async function applyRule(rule: RetentionRule, now: number): Promise<{ age: number; count: number }> {
  const filter = FILTERS[rule.cls];
  const files: { path: string; mtime: number }[] = [];
  for (const entry of await readdir(rule.dir, { withFileTypes: true })) {
    if (!entry.isFile() || !filter(entry.name.toLowerCase())) continue;
    const path = join(rule.dir, entry.name);
    files.push({ path, mtime: (await stat(path)).mtimeMs });
  }
  files.sort((a, b) => b.mtime - a.mtime || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
  let age = 0;
  let count = 0;
  for (const [index, file] of files.entries()) {
    const tooOld = rule.maxAgeMs > 0 && now - file.mtime > rule.maxAgeMs;
    const beyond = rule.maxCount > 0 && index >= rule.maxCount;
    if (!tooOld && !beyond) continue;
    await rm(file.path, { force: true });
    if (tooOld) age += 1;
    if (beyond) count += 1;
  }
  return { age, count };
}
