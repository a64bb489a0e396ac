import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallCancel } from './cancel-signal.js';
import { INTERNAL_ERROR, LANE_TIMEOUT_MS, PendingRequests, REQUEST_TIMEOUT } from './upstream-lane.js';

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

  it('tells whether each request left, never before start() returns', async () => {
    const pending = new PendingRequests();
    const told: string[] = [];
    const noCancel = () => undefined;
    const ok = pending.start(async () => undefined, noCancel, undefined, (sent) => told.push(`ok:${sent}`));
    const failed = pending.start(() => Promise.reject(new Error('Not connected')), noCancel, undefined, (sent) => told.push(`failed:${sent}`));
    // A lane that knows the outcome of its write before its promise settles.
    const early = pending.start(
      (_id, written) => {
        written(false);
        return new Promise<void>(() => undefined);
      },
      noCancel,
      undefined,
      (sent) => told.push(`early:${sent}`),
    );
    expect(told).toEqual([]);
    await expect(failed).resolves.toEqual({ error: { code: INTERNAL_ERROR, message: 'Not connected' } });
    expect(told.sort()).toEqual(['early:false', 'failed:false', 'ok:true']);
    pending.closeAll();
    await expect(ok).resolves.toEqual({ error: { code: INTERNAL_ERROR, message: 'upstream connection closed' } });
    await expect(early).resolves.toEqual({ error: { code: INTERNAL_ERROR, message: 'upstream connection closed' } });
    // Each is told once.
    expect(told).toHaveLength(3);
  });

  it('sends nothing once closed: later requests get the connection error at once and are told as not sent', async () => {
    const pending = new PendingRequests();
    pending.closeAll();
    const sent: string[] = [];
    const told: boolean[] = [];
    const outcome = pending.start(async (id) => void sent.push(id), () => undefined, undefined, (s) => told.push(s));
    expect(told).toEqual([]);
    await expect(outcome).resolves.toEqual({ error: { code: INTERNAL_ERROR, message: 'upstream connection closed' } });
    expect(told).toEqual([false]);
    expect(sent).toEqual([]);
  });

  it('sends nothing for a request cancelled before it started, and tells it as not sent', async () => {
    const pending = new PendingRequests();
    const signal = new CallCancel();
    signal.abort('client went away');
    const sent: string[] = [];
    const cancelled: string[] = [];
    const told: boolean[] = [];
    const outcome = pending.start(async (id) => void sent.push(id), (id) => cancelled.push(id), signal, (s) => told.push(s));
    await expect(outcome).resolves.toEqual({ error: { code: INTERNAL_ERROR, message: 'request cancelled: client went away' } });
    expect([sent, cancelled, told]).toEqual([[], [], [false]]);
  });

  it('tells a request whose write never completed as not sent when it ends by close, cancel or timeout', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const pending = new PendingRequests();
    const told: string[] = [];
    // A write stuck behind a full pipe (waiting for 'drain' that never comes).
    const stuckWrite = () => new Promise<void>(() => undefined);
    const signal = new CallCancel();
    const cancelled = pending.start(stuckWrite, () => undefined, signal, (s) => told.push(`cancelled:${s}`));
    const timedOut = pending.start(stuckWrite, () => undefined, undefined, (s) => told.push(`timed-out:${s}`));
    await Promise.resolve();
    signal.abort('client went away');
    await expect(cancelled).resolves.toMatchObject({ error: { code: INTERNAL_ERROR } });
    vi.advanceTimersByTime(LANE_TIMEOUT_MS + 2_000);
    await expect(timedOut).resolves.toMatchObject({ error: { code: REQUEST_TIMEOUT } });
    const closed = pending.start(stuckWrite, () => undefined, undefined, (s) => told.push(`closed:${s}`));
    await Promise.resolve();
    pending.closeAll();
    await expect(closed).resolves.toEqual({ error: { code: INTERNAL_ERROR, message: 'upstream connection closed' } });
    expect(told).toEqual(['cancelled:false', 'timed-out:false', 'closed:false']);
  });

  it('tells a request answered before its write was reported as sent', async () => {
    const pending = new PendingRequests();
    const told: boolean[] = [];
    let id = '';
    const outcome = pending.start(
      (sentId) => {
        id = sentId;
        return new Promise<void>(() => undefined);
      },
      () => undefined,
      undefined,
      (s) => told.push(s),
    );
    expect(pending.answer({ jsonrpc: '2.0', id, result: { ok: true } })).toBe(true);
    await expect(outcome).resolves.toEqual({ result: { ok: true } });
    expect(told).toEqual([true]);
  });
});
