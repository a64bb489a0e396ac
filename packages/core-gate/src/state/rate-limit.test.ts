import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GoTime } from '../go/time.js';
import { normalizeIntent } from '../intent/normalize.js';
import { enforceRateLimit } from './rate-limit.js';

const intentFor = (tool: string) => normalizeIntent({ tool_name: tool, context: { identity: 'alice', workspace: '/w', risk_class: 'low' } });
const at = (text: string) => GoTime.parse(text);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gait-rate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('enforceRateLimit', () => {
  it('allows up to the limit per fixed minute window and persists the counter', async () => {
    const path = join(dir, 'state.json');
    const spec = { requests: 2, window: 'minute', scope: 'tool_identity' };
    const now = at('2026-02-05T10:00:30Z');
    expect(await enforceRateLimit(path, spec, intentFor('tool.write'), now)).toMatchObject({ allowed: true, used: 1, remaining: 1 });
    expect(await enforceRateLimit(path, spec, intentFor('tool.write'), now)).toMatchObject({ allowed: true, used: 2, remaining: 0 });
    expect(await enforceRateLimit(path, spec, intentFor('tool.write'), now)).toMatchObject({ allowed: false, used: 2, remaining: 0 });
    const state = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(state).toEqual({
      schema_id: 'gait.gate.rate_limit_state',
      schema_version: '1.0.0',
      counters: [{ key: 'minute|tool_identity|2026-02-05T10:00:00Z|tool.write|alice', count: 2 }],
    });
  });

  it('shares an identity budget across tools and resets on the next hour', async () => {
    const path = join(dir, 'state.json');
    const perIdentity = { requests: 1, window: 'minute', scope: 'identity' };
    await enforceRateLimit(path, perIdentity, intentFor('tool.write'), at('2026-02-05T10:00:00Z'));
    expect((await enforceRateLimit(path, perIdentity, intentFor('tool.other'), at('2026-02-05T10:00:10Z'))).allowed).toBe(false);
    const hourly = { requests: 1, window: 'hour', scope: 'tool' };
    expect((await enforceRateLimit(path, hourly, intentFor('tool.x'), at('2026-02-05T10:30:00Z'))).allowed).toBe(true);
    expect((await enforceRateLimit(path, hourly, intentFor('tool.x'), at('2026-02-05T10:45:00Z'))).allowed).toBe(false);
    expect((await enforceRateLimit(path, hourly, intentFor('tool.x'), at('2026-02-05T11:00:00Z'))).allowed).toBe(true);
  });

  it('keeps counters in memory without a state path', async () => {
    const memory = new Map<string, number>();
    const spec = { requests: 1, window: 'minute', scope: 'tool' };
    expect((await enforceRateLimit('', spec, intentFor('t'), at('2026-02-05T10:00:00Z'), memory)).allowed).toBe(true);
    expect((await enforceRateLimit('', spec, intentFor('t'), at('2026-02-05T10:00:00Z'), memory)).allowed).toBe(false);
  });

  it('times out with a lock error (exit 1) while another process holds the lock', async () => {
    const path = join(dir, 'state.json');
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.pid, created_at: new Date().toISOString() }));
    const run = enforceRateLimit(path, { requests: 1, window: 'minute', scope: 'tool' }, intentFor('t'), at('2026-02-05T10:00:00Z'));
    await expect(run).rejects.toMatchObject({ exitCode: 1 });
  });
});
