import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pass, shellQuote, warn, type DoctorCheck } from '../check.js';

const STALE_MS = 30_000;

/**
 * A gate rate-limit lock older than 30 s was left by a crashed `gate eval`. The reference looks in
 * the output folder; its gate writes the state under `./.gait-out` by default, so both are checked.
 */
export function rateLimitLockCheck(outputDir: string, workdir: string, nowMs = Date.now()): DoctorCheck {
  const candidates = [...new Set([join(outputDir, 'gate_rate_limits.json.lock'), join(workdir, '.gait-out', 'gate_rate_limits.json.lock')])];
  for (const lock of candidates) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(lock).mtimeMs;
    } catch {
      continue;
    }
    const age = nowMs - mtimeMs;
    if (age > STALE_MS) {
      return warn('gate_rate_limit_lock', 'universal', `stale gate rate-limit lock detected (${Math.round(age / 1000)}s old)`, `rm -f ${shellQuote(lock)}`);
    }
  }
  return pass('gate_rate_limit_lock', 'universal', 'no stale gate rate-limit lock');
}
