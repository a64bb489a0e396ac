/**
 * Fixed-window rate limits (gate.md §3.10), persisted in a JSON state file guarded by a lock file.
 * Every evaluation that reaches a limited rule consumes budget, whatever the verdict.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { withFileLock, writeFileAtomic } from '@gait/core-fsx';
import { isObject } from '../go/json-decode.js';
import { goJsonIndent } from '../go/json-encode.js';
import { compareBytes } from '../go/strings.js';
import type { GoTime } from '../go/time.js';
import type { NormalizedIntent } from '../intent/types.js';
import type { RateLimitSpec } from '../policy/types.js';

export interface RateLimitDecision {
  allowed: boolean;
  scope: string;
  key: string;
  used: number;
  remaining: number;
}

/** In-memory counters for library use without a state file. */
export type RateLimitMemory = Map<string, number>;

function scopeKey(spec: RateLimitSpec, intent: NormalizedIntent): string {
  if (spec.scope === 'tool') return intent.tool_name;
  if (spec.scope === 'identity') return intent.context.identity;
  return `${intent.tool_name}|${intent.context.identity}`;
}

function loadCounters(path: string): Map<string, number> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`parse rate limit state ${path}: ${(error as Error).message}`, { code: 'rate_limit_state_invalid' });
  }
  const counters = new Map<string, number>();
  const list = isObject(parsed) && Array.isArray(parsed.counters) ? parsed.counters : [];
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.key !== 'string' || typeof entry.count !== 'number') continue;
    if (entry.key === '' || entry.count <= 0) continue;
    counters.set(entry.key, entry.count);
  }
  return counters;
}

function stateText(counters: Map<string, number>): string {
  const entries = [...counters.entries()].sort((a, b) => compareBytes(a[0], b[0])).map(([key, count]) => ({ key, count }));
  return goJsonIndent({ schema_id: 'gait.gate.rate_limit_state', schema_version: '1.0.0', counters: entries });
}

/** The decision for one evaluation; mutates `counters` when allowed. */
function decide(counters: Map<string, number>, spec: RateLimitSpec, intent: NormalizedIntent, now: GoTime): RateLimitDecision {
  const start = now.utc().truncateSeconds(spec.window === 'hour' ? 3600 : 60);
  const bucket = start.toRFC3339();
  const key = scopeKey(spec, intent);
  const counterKey = `${spec.window}|${spec.scope}|${bucket}|${key}`;
  for (const existing of [...counters.keys()]) {
    const parts = existing.split('|');
    // Malformed keys go; keys of this window from another bucket are stale; other windows stay.
    if (parts.length < 4 || (parts[0] === spec.window && parts[2] !== bucket)) counters.delete(existing);
  }
  const used = counters.get(counterKey) ?? 0;
  if (used >= spec.requests) return { allowed: false, scope: spec.scope, key, used, remaining: 0 };
  counters.set(counterKey, used + 1);
  return { allowed: true, scope: spec.scope, key, used: used + 1, remaining: spec.requests - used - 1 };
}

/**
 * `EnforceRateLimit`: under `<statePath>.lock` (3 s wait, 15 ms poll, 15 s stale, as the reference),
 * load, prune, count and write back atomically. A denial writes nothing.
 */
export async function enforceRateLimit(
  statePath: string,
  spec: RateLimitSpec,
  intent: NormalizedIntent,
  now: GoTime,
  memory?: RateLimitMemory,
): Promise<RateLimitDecision> {
  if (statePath === '') {
    const counters = memory ?? new Map<string, number>();
    return decide(counters, spec, intent, now);
  }
  mkdirSync(dirname(statePath), { recursive: true, mode: 0o750 });
  return withFileLock(
    `${statePath}.lock`,
    async () => {
      const counters = loadCounters(statePath);
      const decision = decide(counters, spec, intent, now);
      if (decision.allowed) await writeFileAtomic(statePath, stateText(counters), { mode: 0o600 });
      return decision;
    },
    { timeoutMs: 3000, pollMs: 15, staleMs: 15_000 },
  );
}
