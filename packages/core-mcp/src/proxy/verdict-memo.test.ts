import { describe, expect, it } from 'vitest';
import { VerdictMemo } from './verdict-memo.js';

describe('VerdictMemo', () => {
  it('tells shapes apart by tool, session and annotations object, and keeps what it is told', () => {
    const memo = new VerdictMemo();
    const readOnly = { readOnlyHint: true };
    const shapes = [
      memo.shapeOf('echo', 's1', undefined),
      memo.shapeOf('echo', 's2', undefined),
      memo.shapeOf('Echo', 's1', undefined),
      memo.shapeOf('echo', 's1', readOnly),
      memo.shapeOf('echo', 's1', { readOnlyHint: true }),
    ];
    expect(new Set(shapes).size).toBe(shapes.length);
    expect(memo.shapeOf('echo', 's1', readOnly)).toBe(shapes[3]);
    memo.set(shapes[0]!, 'allow');
    expect([memo.get(shapes[0]!), memo.get(shapes[1]!)]).toEqual(['allow', undefined]);
  });

  it('does not remember calls with very long names or session ids, and stays bounded', () => {
    const memo = new VerdictMemo();
    expect(memo.shapeOf('x'.repeat(257), 's1', undefined)).toBeUndefined();
    expect(memo.shapeOf('echo', 's'.repeat(257), undefined)).toBeUndefined();
    expect(memo.shapeOf('x'.repeat(256), 's1', undefined)).toBeDefined();
    for (let i = 0; i <= 4096; i++) memo.set(memo.shapeOf(`tool${i}`, 's', undefined)!, 'block');
    // The 4097th shape started the memo again.
    expect(memo.get(memo.shapeOf('tool0', 's', undefined)!)).toBeUndefined();
    expect(memo.get(memo.shapeOf('tool4096', 's', undefined)!)).toBe('block');
  });
});
