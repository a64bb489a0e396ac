import { describe, expect, it } from 'vitest';
import type { GateDecision } from '../types.js';
import { DecisionCache } from './decision-cache.js';

const decision = (verdict: GateDecision['verdict']) => ({ verdict }) as GateDecision;

describe('DecisionCache', () => {
  it('decides a call once: peek remembers, take hands it over and forgets', async () => {
    const cache = new DecisionCache();
    let evaluations = 0;
    const evaluate = async () => (evaluations++, decision('require_approval'));
    const call = { toolName: 'write_file', args: { path: '/a' }, callId: 'c1' };

    expect((await cache.peek(call, evaluate)).verdict).toBe('require_approval');
    expect((await cache.peek(call, evaluate)).verdict).toBe('require_approval');
    expect((await cache.take(call, evaluate)).verdict).toBe('require_approval');
    expect(evaluations).toBe(1);
    await cache.take(call, evaluate);
    expect(evaluations).toBe(2);
  });

  it('does not reuse a decision for other arguments, a call without id, or a failed evaluation', async () => {
    const cache = new DecisionCache();
    let evaluations = 0;
    const evaluate = async () => (evaluations++, decision('allow'));
    await cache.peek({ toolName: 't', args: { path: '/a' }, callId: 'c1' }, evaluate);
    await cache.take({ toolName: 't', args: { path: '/b' }, callId: 'c1' }, evaluate);
    await cache.peek({ toolName: 't', args: {} }, evaluate);
    await cache.take({ toolName: 't', args: {} }, evaluate);
    expect(evaluations).toBe(4);

    const failing = { toolName: 't', args: {}, callId: 'c2' };
    await expect(cache.peek(failing, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.take(failing, evaluate)).verdict).toBe('allow');
  });
});
