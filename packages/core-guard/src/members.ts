import { sha256Hex } from '@gait/core-sign';
import type { Archive } from './archive.js';
import { compareBytes } from './go-strings.js';

export interface HashMismatch {
  path: string;
  expected: string;
  actual: string;
}

export interface MemberCheck {
  missing_files: string[];
  hash_mismatches: HashMismatch[];
  /** Members the manifest does not list (the manifest itself excepted). */
  undeclared_files: string[];
}

/** Every declared member present with its digest (compared case-insensitively), and nothing else in the zip. */
export function checkMembers(archive: Archive, contents: readonly { path: string; sha256: string }[], manifestFile: string): MemberCheck {
  const missing: string[] = [];
  const mismatches: HashMismatch[] = [];
  const declared = new Set<string>([manifestFile]);
  for (const entry of contents) {
    declared.add(entry.path);
    const data = archive.get(entry.path);
    if (data === undefined) {
      missing.push(entry.path);
      continue;
    }
    const actual = sha256Hex(data);
    if (actual !== entry.sha256.toLowerCase()) mismatches.push({ path: entry.path, expected: entry.sha256, actual });
  }
  return {
    missing_files: missing.sort(compareBytes),
    hash_mismatches: mismatches.sort((a, b) => compareBytes(a.path, b.path)),
    undeclared_files: archive.names.filter((n) => !declared.has(n)).sort(compareBytes),
  };
}
