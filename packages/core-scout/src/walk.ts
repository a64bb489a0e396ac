import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareBytes, goPathMatch } from '@gait/core-gate';

const SKIPPED_DIRS = new Set(['.git', '.beads', 'node_modules', '__pycache__']);

export interface WalkFilter {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** The reference's loose pattern rule: a Go `path.Match` glob or a plain substring of the slash path. */
function matchesAny(patterns: readonly string[], slashPath: string): boolean {
  return patterns.some((pattern) => goPathMatch(pattern, slashPath) || slashPath.includes(pattern));
}

export function isSelected(slashPath: string, filter: WalkFilter): boolean {
  if (matchesAny(filter.exclude, slashPath)) return false;
  return filter.include.length === 0 || matchesAny(filter.include, slashPath);
}

export interface WalkedFile {
  /** Where to read it. */
  readonly path: string;
  /** The root as given joined with the relative path, in slash form: the reference's `locator`. */
  readonly shown: string;
}

/**
 * Files under `root` in lexical order (as Go's WalkDir), skipping VCS, dependency and cache
 * folders at any depth. Include/exclude patterns apply to the shown path, as in the reference.
 */
export function walkFiles(root: string, cwd: string, filter: WalkFilter): WalkedFile[] {
  const out: WalkedFile[] = [];
  const visit = (dir: string, shownDir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareBytes(a.name, b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      // Go's filepath.Join(".", name) is just `name`.
      const shown = shownDir === '.' ? entry.name : `${shownDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name.toLowerCase())) visit(path, shown);
      } else if (entry.isFile() && isSelected(shown, filter)) {
        out.push({ path, shown });
      }
    }
  };
  visit(resolve(cwd, root), root);
  return out;
}
