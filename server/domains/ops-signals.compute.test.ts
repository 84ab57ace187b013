import { describe, expect, it } from 'vitest';
import { bandOf, formatBytes, formatMs, formatPercent, formatRate, serviceFor, worstFirst } from './ops-signals.compute';

describe('shared operations signals', () => {
  it.each([
    [0.79, 'ok'],
    [0.8, 'warning'],
    [0.9, 'critical'],
    [Infinity, 'critical'],
  ])('band of %s against 0.8/0.9 is %s', (v, status) => expect(bandOf(v, { warning: 0.8, critical: 0.9 })).toBe(status));

  it.each([
    [formatMs(0.0043), '4.3 ms'],
    [formatMs(0.44), '440 ms'],
    [formatMs(1.234), '1.23 s'],
    [formatPercent(0.0004), '0.04 %'],
    [formatPercent(0.06), '6.0 %'],
    [formatPercent(0.94), '94 %'],
    [formatRate(0.05, 'drops'), '0.05 drops/s'],
    [formatRate(14.2, 'drops'), '14 drops/s'],
    [formatBytes(512), '512 B'],
    [formatBytes(187 * 1024 ** 3), '187 GiB'],
    [formatBytes(41.5 * 1024 ** 3), '41.5 GiB'],
  ])('%s', (got, want) => expect(got).toBe(want));

  it('orders by band, then distance past the critical threshold, then id', () => {
    const rows = [
      { id: 'c', status: 'ok' as const, severity: 0.9 },
      { id: 'b', status: 'critical' as const, severity: 1.2 },
      { id: 'a', status: 'critical' as const, severity: 1.2 },
      { id: 'd', status: 'warning' as const, severity: 0.95 },
      { id: 'e', status: 'critical' as const, severity: 2 },
    ];
    expect(worstFirst(rows).map((r) => r.id)).toEqual(['e', 'a', 'b', 'd', 'c']);
  });

  it('maps the first candidate that is a catalog slug', () => {
    const services = new Map([['search-api', { slug: 'search-api', name: 'Search API', team: 'search' }]]);
    expect(serviceFor([null, 'nope', 'search-api', 'search'], services)?.slug).toBe('search-api');
    expect(serviceFor(['search'], services)).toBeNull();
  });
});
