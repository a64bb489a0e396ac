import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSessionJournal } from './journal.js';
import { sessionStatus, startSession } from './session.js';

const worker = fileURLToPath(new URL('../test-fixtures/append-worker.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/index.js', import.meta.url)));
if (!built) console.warn('[skipped] session concurrency test: packages/core-runpack/dist is missing (run the build first)');

function run(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    // A generous lock wait: the test is about correctness under contention, not latency.
    const child = spawn(process.execPath, [worker, ...args], { stdio: 'inherit', env: { ...process.env, GAIT_SESSION_LOCK_TIMEOUT: '60s' } });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

describe.runIf(built)('concurrent appenders', () => {
  it('lose no event and tear no line across processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gait-session-race-'));
    const journal = join(dir, 'race.jsonl');
    await startSession(journal, { sessionId: 'sess_race', runId: 'run_race' });
    const workers = 4;
    const perWorker = 12;
    const codes = await Promise.all(Array.from({ length: workers }, (_, w) => run([journal, String(w), String(perWorker)])));
    expect(codes).toEqual(Array(workers).fill(0));

    const lines = readFileSync(journal, 'utf8').split('\n').filter((l) => l !== '');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const { events } = await readSessionJournal(journal);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: workers * perWorker }, (_, i) => i + 1));
    for (let w = 0; w < workers; w++) {
      const mine = events.filter((e) => e.tool_name === `tool.worker_${w}`).map((e) => e.intent_id);
      expect(mine).toEqual(Array.from({ length: perWorker }, (_, i) => `w${w}_${i}`));
    }
    expect((await sessionStatus(journal)).event_count).toBe(workers * perWorker);
    expect(existsSync(`${journal}.lock`)).toBe(false);
  }, 120_000);
});
