import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANE_TIMEOUT_MS, PendingRequests, REQUEST_TIMEOUT } from './upstream-lane.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('PendingRequests', () => {
  it('times out a request the upstream never answers, tells the upstream, and keeps answering others', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const pending = new PendingRequests();
    const cancelled: string[] = [];
    const sent: string[] = [];
    const cancel = (id: string, reason: string) => cancelled.push(`${id}:${reason}`);
    const stuck = pending.start(async (id) => void sent.push(id), cancel);
    vi.advanceTimersByTime(LANE_TIMEOUT_MS - 5_000);
    const answered = pending.start(async (id) => void sent.push(id), cancel);
    expect(pending.answer({ jsonrpc: '2.0', id: sent[1], result: { ok: true } })).toBe(true);
    await expect(answered).resolves.toEqual({ result: { ok: true } });
    vi.advanceTimersByTime(6_000);
    await expect(stuck).resolves.toEqual({ error: { code: REQUEST_TIMEOUT, message: `upstream did not answer within ${LANE_TIMEOUT_MS} ms` } });
    expect(cancelled).toEqual([`${sent[0]}:timeout`]);
    // A late answer to the timed-out request is not taken as an answer.
    expect(pending.answer({ jsonrpc: '2.0', id: sent[0], result: {} })).toBe(false);
    pending.closeAll();
  });
});
