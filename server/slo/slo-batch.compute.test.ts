import { describe, expect, it } from 'vitest';
import { BATCH_LABEL, batchedQuery, planBatches, splitBatched } from './slo-batch.compute';

const e = (key: string, expr = `sum(rate(x_${key}[5m]))`) => ({ key, expr });

describe('batchedQuery', () => {
  it.each([
    [[e('a')], 'label_replace(sum(rate(x_a[5m])), "runwell_batch_key", "a", "", "")'],
    [[e('a'), e('b')], 'label_replace(sum(rate(x_a[5m])), "runwell_batch_key", "a", "", "") or label_replace(sum(rate(x_b[5m])), "runwell_batch_key", "b", "", "")'],
  ])('tags each expression and joins them with or (%#)', (parts, query) => {
    expect(batchedQuery(parts)).toBe(query);
  });

  it('nests the ors as a balanced tree (depth log2 n, not n)', () => {
    const q = batchedQuery(['a', 'b', 'c', 'd', 'e'].map((k) => e(k, 'v')));
    const depth = Math.max(...[...q].reduce<number[]>((acc, ch) => [...acc, (acc.at(-1) ?? 0) + (ch === '(' ? 1 : ch === ')' ? -1 : 0)], []));
    // label_replace( adds one level; the tree adds at most ceil(log2 5) = 3.
    expect(depth).toBeLessThanOrEqual(4);
    expect(q.match(/ or /g)).toHaveLength(4);
    expect(q.startsWith('(')).toBe(true);
  });

  it.each([[[]], [[e('a b')]], [[e('a"b')]]])('refuses an empty batch or a key that is not a plain label value (%#)', (parts) => {
    expect(() => batchedQuery(parts)).toThrow(RangeError);
  });
});

describe('planBatches', () => {
  const parts = Array.from({ length: 7 }, (_, i) => e(`k${i}`));
  it.each([
    [{ expressions: 3, chars: 1e9 }, [3, 3, 1]],
    [{ expressions: 100, chars: 1e9 }, [7]],
    [{ expressions: 100, chars: 130 }, [1, 1, 1, 1, 1, 1, 1]],
    [{ expressions: 100, chars: 160 }, [2, 2, 2, 1]],
  ])('%o -> batches of %o, in order', (limits, sizes) => {
    const batches = planBatches(parts, limits);
    expect(batches.map((b) => b.length)).toEqual(sizes);
    expect(batches.flat()).toEqual(parts);
  });
});

describe('splitBatched', () => {
  it('sums each key’s series per timestamp and ignores untagged series', () => {
    const split = splitBatched([
      { metric: { [BATCH_LABEL]: 'a', code: '500' }, points: [[1, 2], [2, 3]] },
      { metric: { [BATCH_LABEL]: 'a', code: '503' }, points: [[1, 0.5]] },
      { metric: { [BATCH_LABEL]: 'b' }, points: [[2, 7]] },
      { metric: { other: 'x' }, points: [[1, 99]] },
    ]);
    expect(split).toEqual(new Map([['a', new Map([[1, 2.5], [2, 3]])], ['b', new Map([[2, 7]])]]));
  });
});
