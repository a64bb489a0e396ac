import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGoDuration, sessionLockProfile, withSessionLock } from './lock.js';

describe('session lock profile', () => {
  it('reads the profile and Go-duration overrides from the environment', () => {
    expect(sessionLockProfile({})).toMatchObject({ name: 'standard', timeoutMs: 2000, retryMs: 50, staleMs: 300000 });
    expect(sessionLockProfile({ GAIT_SESSION_LOCK_PROFILE: 'SWARM' })).toMatchObject({ name: 'swarm', timeoutMs: 10000, retryMs: 20 });
    expect(sessionLockProfile({ GAIT_SESSION_LOCK_TIMEOUT: '1m30s', GAIT_SESSION_LOCK_RETRY: '5ms' })).toMatchObject({ timeoutMs: 90000, retryMs: 5 });
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(() => parseGoDuration('10 seconds')).toThrow(/invalid duration/);
  });

  it('times out on a held lock with a contention error (exit 1) naming the lock', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'gait-lock-')), 'j.jsonl');
    // A fresh lock owned by this (live) process: neither stale nor ours to take.
    writeFileSync(`${journal}.lock`, `${JSON.stringify({ created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), pid: process.pid, schema_id: 'gait.runpack.session_lock', schema_version: '1.0.0' })}\n`);
    const profile = { name: 'standard' as const, timeoutMs: 150, retryMs: 20, staleMs: 60_000 };
    await expect(withSessionLock(journal, async () => 1, profile)).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/^session state contention: lock timeout \(path=.*j\.jsonl\.lock /),
    });
  });
});
