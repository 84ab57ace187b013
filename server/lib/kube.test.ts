import { describe, expect, it } from 'vitest';
import { parseImage, selectorMatches, toLabelSelector, toMapSelector } from './kube.compute';
import { ANY_NAMESPACE, SelectorIndex } from './selector-index.compute';

describe('parseImage', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['bitnami/redis:7', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' }],
    ['ghcr.io/org/app:v1', { registry: 'ghcr.io', repository: 'org/app', tag: 'v1' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    ['localhost/app:2', { registry: 'localhost', repository: 'app', tag: '2' }],
    ['app@sha256:abc', { registry: 'docker.io', repository: 'library/app', digest: 'sha256:abc' }],
    ['r.io:443/a/b:1@sha256:abc', { registry: 'r.io:443', repository: 'a/b', tag: '1', digest: 'sha256:abc' }],
  ])('%s', (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend' };
  it.each([
    { selector: {}, matches: true },
    { selector: { matchLabels: { app: 'web' } }, matches: true },
    { selector: { matchLabels: { app: 'api' } }, matches: false },
    { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }] }, matches: true },
    { selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] }, matches: false },
    { selector: { matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['true'] }] }, matches: true },
    { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, matches: true },
    { selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, matches: false },
    { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] }, matches: false },
  ])('$selector -> $matches', ({ selector, matches }) => {
    expect(selectorMatches(toLabelSelector(selector)!, labels)).toBe(matches);
  });

  it('a missing selector or an unknown operator selects nothing', () => {
    expect(toLabelSelector(undefined)).toBeNull();
    expect(toLabelSelector(null)).toBeNull();
    expect(toLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toBeNull();
  });

  it('a Service selector map: empty selects nothing', () => {
    expect(toMapSelector({})).toBeNull();
    expect(toMapSelector(undefined)).toBeNull();
    expect(selectorMatches(toMapSelector({ app: 'web' })!, labels)).toBe(true);
  });
});

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
