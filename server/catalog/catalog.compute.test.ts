import { describe, expect, it } from 'vitest';
import { compareServices, linksFromJson } from './catalog.compute';

describe('linksFromJson', () => {
  it.each([
    [null, []],
    ['[]', []],
    [{}, []],
    [[], []],
    [[{ label: 'Runbook', url: 'https://r.example' }], [{ label: 'Runbook', url: 'https://r.example' }]],
    [[{ label: 'Bad', url: 'javascript:x' }, { label: 'Ok', url: 'http://ok.example' }], [{ label: 'Ok', url: 'http://ok.example' }]],
    [[null, 3, 'x', { label: 1, url: 'https://a' }, { url: 'https://a' }], []],
  ])('%j -> %j', (input, expected) => {
    expect(linksFromJson(input)).toEqual(expected);
  });
});

describe('compareServices', () => {
  it('orders by tier, then name', () => {
    const services = [
      { tier: 'tier3' as const, name: 'alpha' },
      { tier: 'tier1' as const, name: 'zeta' },
      { tier: 'tier1' as const, name: 'beta' },
      { tier: 'tier2' as const, name: 'alpha' },
    ];
    expect([...services].sort(compareServices)).toEqual([
      { tier: 'tier1', name: 'beta' },
      { tier: 'tier1', name: 'zeta' },
      { tier: 'tier2', name: 'alpha' },
      { tier: 'tier3', name: 'alpha' },
    ]);
  });
});
