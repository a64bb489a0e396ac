import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail, pass, shellQuote, warn, type DoctorCheck } from '../check.js';

const DIGEST = /^(?:sha256:)?([0-9a-f]{64})$/i;

/** Whether a pin names a pack that is present: `<cache>/<publisher>/<name>/<digest>/registry_pack.json`. */
function pinResolves(cacheDir: string, digest: string): boolean {
  for (const publisher of safeList(cacheDir)) {
    if (publisher === 'pins') continue;
    for (const name of safeList(join(cacheDir, publisher))) {
      if (existsSync(join(cacheDir, publisher, name, digest, 'registry_pack.json'))) return true;
    }
  }
  return false;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

export function registryCacheCheck(cacheDir: string): DoctorCheck {
  let stats;
  try {
    stats = statSync(cacheDir);
  } catch {
    return warn('registry_cache', 'universal', `registry cache ${cacheDir} does not exist yet`, `mkdir -p ${shellQuote(cacheDir)}`);
  }
  if (!stats.isDirectory()) return fail('registry_cache', 'universal', `registry cache ${cacheDir} is not a directory`, `rm -f ${shellQuote(cacheDir)} && mkdir -p ${shellQuote(cacheDir)}`);
  const pinsDir = join(cacheDir, 'pins');
  const pins = existsSync(pinsDir) ? readdirSync(pinsDir).filter((f) => f.endsWith('.pin')) : [];
  let broken = 0;
  for (const pin of pins) {
    const match = DIGEST.exec(readFileSync(join(pinsDir, pin), 'utf8').trim());
    if (match === null || !pinResolves(cacheDir, match[1]!.toLowerCase())) broken++;
  }
  if (broken > 0) {
    return warn('registry_cache', 'universal', `registry cache has ${broken} inconsistent pin entries`, `gait registry list --cache-dir ${shellQuote(cacheDir)}`);
  }
  return pass('registry_cache', 'universal', `registry cache healthy (${pins.length} pinned pack(s))`);
}
