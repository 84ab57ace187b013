import { describe, expect, it } from 'vitest';
import type { BandOrNoData } from '../lib/policy-bands';
import type { SloListItem } from './slo-api.schema';
import { countByBand, pageOfSlos, sloOverviewOf, sortSlos, worstSlos } from './slo-list.compute';

// Items in service order (the repo's order), named by that position.
const item = (name: string, band: BandOrNoData, remainingPercent: number, extra: Partial<SloListItem> = {}): SloListItem =>
  ({ id: name, name, band, remainingPercent, dataState: band === 'no-data' ? 'no-data' : 'ok', stale: false, ...extra }) as SloListItem;

const LIST = [
  item('a', 'normal', 80),
  item('b', 'no-data', 100),
  item('c', 'caution', 40),
  item('d', 'exhausted', -5),
  item('e', 'normal', 80),
  item('f', 'restricted', 20),
];

describe('sortSlos', () => {
  it.each<[string, 'budget-asc' | 'budget-desc' | 'service', string[]]>([
    ['least budget first; equal budgets keep service order; no data last', 'budget-asc', ['d', 'f', 'c', 'a', 'e', 'b']],
    ['most budget first; no data still last', 'budget-desc', ['a', 'e', 'c', 'f', 'd', 'b']],
    ['service order as given', 'service', ['a', 'b', 'c', 'd', 'e', 'f']],
  ])('%s', (_, sort, expected) => {
    expect(sortSlos(LIST, sort).map((i) => i.name)).toEqual(expected);
  });

  it('returns a copy', () => {
    const before = LIST.map((i) => i.name);
    sortSlos(LIST, 'budget-asc');
    expect(LIST.map((i) => i.name)).toEqual(before);
  });
});

describe('pageOfSlos', () => {
  const items = Array.from({ length: 7 }, (_, i) => item(`s${i}`, 'normal', i));
  it.each<[string, number, number, string[], number]>([
    ['first page', 1, 3, ['s0', 's1', 's2'], 1],
    ['last, partial page', 3, 3, ['s6'], 3],
    ['past the end: the last page', 9, 3, ['s6'], 3],
    ['below 1: the first page', 0, 3, ['s0', 's1', 's2'], 1],
    ['one page holds all', 1, 50, items.map((i) => i.name), 1],
  ])('%s', (_, page, size, names, expectedPage) => {
    const p = pageOfSlos(items, page, size);
    expect(p.items.map((i) => i.name)).toEqual(names);
    expect(p).toMatchObject({ total: 7, page: expectedPage, pageSize: size });
  });

  it('an empty list is page 1 of nothing', () => {
    expect(pageOfSlos([], 4, 10)).toEqual({ items: [], total: 0, page: 1, pageSize: 10 });
  });
});

describe('countByBand', () => {
  it('counts every band, zero where none', () => {
    expect(countByBand(LIST)).toEqual({ exhausted: 1, freeze: 0, restricted: 1, caution: 1, normal: 2, 'no-data': 1 });
  });
});

describe('worstSlos', () => {
  it.each<[string, Array<Pick<SloListItem, 'band' | 'remainingPercent'>>, number[]]>([
    ['nothing outside normal', [{ band: 'normal', remainingPercent: 80 }, { band: 'no-data', remainingPercent: 100 }], []],
    [
      'worst band first, then least budget left',
      [
        { band: 'caution', remainingPercent: 40 },
        { band: 'exhausted', remainingPercent: -5 },
        { band: 'restricted', remainingPercent: 20 },
        { band: 'caution', remainingPercent: 30 },
        { band: 'freeze', remainingPercent: 8 },
      ],
      [-5, 8, 20, 30, 40],
    ],
  ])('%s', (_, items, expected) => {
    expect(worstSlos(items, 5).map((s) => s.remainingPercent)).toEqual(expected);
  });

  it('keeps at most the limit', () => {
    const items = Array.from({ length: 9 }, (_, i) => ({ band: 'caution' as const, remainingPercent: 50 - i }));
    expect(worstSlos(items, 3).map((s) => s.remainingPercent)).toEqual([42, 43, 44]);
  });
});

describe('sloOverviewOf', () => {
  it('totals, counts, the worst few and how many are stale', () => {
    const o = sloOverviewOf([...LIST, item('g', 'caution', 10, { stale: true })], 2);
    expect(o.total).toBe(7);
    expect(o.counts.caution).toBe(2);
    expect(o.worst.map((i) => i.name)).toEqual(['d', 'f']);
    expect(o.stale).toBe(1);
  });
});
