import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type OnboardingMode = 'repo_checkout' | 'installed_package';

/** A checkout of this repository (the root `gait-ts` workspace with its CLI and schemas), else an installed package. */
export function onboardingMode(workdir: string): OnboardingMode {
  try {
    const pkg = JSON.parse(readFileSync(join(workdir, 'package.json'), 'utf8')) as { name?: unknown };
    if (
      pkg.name === 'gait-ts' &&
      existsSync(join(workdir, 'pnpm-workspace.yaml')) &&
      existsSync(join(workdir, 'packages', 'cli', 'package.json')) &&
      existsSync(join(workdir, 'schemas', 'v1'))
    ) {
      return 'repo_checkout';
    }
  } catch {
    // no package.json, or not JSON: not a checkout
  }
  return 'installed_package';
}
