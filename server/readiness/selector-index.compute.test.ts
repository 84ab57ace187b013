import { describe, expect, it } from 'vitest';
import { selectorMatches, toLabelSelector } from '../lib/kube';
import { ANY_NAMESPACE, SelectorIndex } from './selector-index.compute';

describe('SelectorIndex', () => {
  it('finds the same selectors as comparing with every one of them', () => {
    // Deterministic pseudo-random selectors and pods over a small label space.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const keys = ['app', 'tier', 'team', 'track'];
    const values = ['a', 'b', 'c'];
    const randomLabels = () => Object.fromEntries(keys.filter(() => rand(2) === 0).map((k) => [k, values[rand(3)]!]));
    const ops = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
    const selectors = Array.from({ length: 300 }, () =>
      toLabelSelector({
        matchLabels: randomLabels(),
        matchExpressions: keys
          .filter(() => rand(4) === 0)
          .map((key) => ({ key, operator: ops[rand(4)], values: [values[rand(3)]!] })),
      })!,
    );
    const index = new SelectorIndex<number>();
    selectors.forEach((s, i) => index.add(i % 3 === 0 ? 'other' : 'ns', s, i));
    index.add(ANY_NAMESPACE, { matchLabels: { app: 'a' }, matchExpressions: [] }, 1000);
    for (let n = 0; n < 300; n++) {
      const pod = randomLabels();
      const expected = selectors.map((s, i) => [s, i] as const).filter(([s, i]) => i % 3 !== 0 && selectorMatches(s, pod)).map(([, i]) => i);
      if (pod.app === 'a') expected.push(1000);
      expect(index.match('ns', pod).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    }
  });
});
