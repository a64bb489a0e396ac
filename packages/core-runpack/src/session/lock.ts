import { ContentionError, InvalidInputError, isGaitError } from '@gait/core-errors';
import { withFileLock } from '@gait/core-fsx';

export interface SessionLockProfile {
  name: 'standard' | 'swarm';
  timeoutMs: number;
  retryMs: number;
  staleMs: number;
}

// Unlike the reference, `swarm` still fsyncs every append: it keeps its longer waits but does not
// trade away durability.
const PROFILES: Record<SessionLockProfile['name'], SessionLockProfile> = {
  standard: { name: 'standard', timeoutMs: 2_000, retryMs: 50, staleMs: 5 * 60_000 },
  swarm: { name: 'swarm', timeoutMs: 10_000, retryMs: 20, staleMs: 10 * 60_000 },
};

/**
 * The lock profile from `GAIT_SESSION_LOCK_PROFILE` (`standard` | `swarm`) with the
 * `GAIT_SESSION_LOCK_TIMEOUT` / `_RETRY` / `_STALE_AFTER` overrides in Go duration syntax.
 */
export function sessionLockProfile(env: NodeJS.ProcessEnv = process.env): SessionLockProfile {
  const name = (env.GAIT_SESSION_LOCK_PROFILE ?? '').trim().toLowerCase() === 'swarm' ? 'swarm' : 'standard';
  const base = PROFILES[name];
  const override = (key: string, fallback: number) => {
    const raw = env[key]?.trim();
    return raw ? parseGoDuration(raw, key) : fallback;
  };
  return {
    ...base,
    timeoutMs: override('GAIT_SESSION_LOCK_TIMEOUT', base.timeoutMs),
    retryMs: override('GAIT_SESSION_LOCK_RETRY', base.retryMs),
    staleMs: override('GAIT_SESSION_LOCK_STALE_AFTER', base.staleMs),
  };
}

/** Runs `fn` holding `<journal>.lock`, shared with Go processes through the same file format. */
export async function withSessionLock<T>(journalPath: string, fn: () => Promise<T>, profile = sessionLockProfile()): Promise<T> {
  const lockPath = `${journalPath}.lock`;
  const started = Date.now();
  try {
    return await withFileLock(lockPath, fn, { timeoutMs: profile.timeoutMs, pollMs: profile.retryMs, staleMs: profile.staleMs });
  } catch (error) {
    if (error instanceof ContentionError || (isGaitError(error) && error.category === 'state_contention')) {
      throw new ContentionError(
        `session state contention: lock timeout (path=${lockPath} waited=${Date.now() - started}ms timeout=${profile.timeoutMs}ms retry=${profile.retryMs}ms profile=${profile.name})`,
        { code: 'session_lock_timeout', cause: error },
      );
    }
    throw error;
  }
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Go's `time.ParseDuration` (e.g. `2s`, `50ms`, `1m30s`), in milliseconds. */
export function parseGoDuration(text: string, what = 'duration'): number {
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!match && text !== '0') throw new InvalidInputError(`${what}: invalid duration ${JSON.stringify(text)} (expected e.g. 2s, 50ms)`, { code: 'invalid_duration' });
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * UNITS[part[2]!]!;
  return text.startsWith('-') ? -total : total;
}
