import { describe, expect, it } from 'vitest';
import { headroomPercent, nearestRunOut, worstSlos } from './overview';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * DAY);

type Item = { band: 'normal' | 'caution' | 'restricted' | 'freeze' | 'exhausted' | 'no-data'; remainingPercent: number };

describe('worstSlos', () => {
  it.each<[string, Item[], number[]]>([
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
    expect(worstSlos(items).map((s) => s.remainingPercent)).toEqual(expected);
  });

  it('keeps at most the limit', () => {
    const items = Array.from({ length: 9 }, (_, i) => ({ band: 'caution' as const, remainingPercent: 50 - i }));
    expect(worstSlos(items, 3).map((s) => s.remainingPercent)).toEqual([42, 43, 44]);
  });
});

describe('nearestRunOut', () => {
  const trend = (resource: 'cpu' | 'memory', firstRunOut: unknown) => ({ resource, firstRunOut }) as never;
  it.each([
    ['no snapshot', undefined, null],
    ['too little data', { trends: [trend('cpu', { status: 'insufficient-data', points: 2, needed: 7 })] }, null],
    ['beyond six months', { trends: [trend('cpu', { status: 'within', date: at(200), days: 200 })] }, null],
    ['not within the horizon', { trends: [trend('memory', { status: 'not-within', horizonDays: 365 })] }, null],
    [
      'the earlier of CPU and memory',
      { trends: [trend('cpu', { status: 'within', date: at(90), days: 90 }), trend('memory', { status: 'within', date: at(30), days: 30 })] },
      { resource: 'memory', date: at(30), already: false },
    ],
    ['already full', { trends: [trend('cpu', { status: 'already', date: at(-2) })] }, { resource: 'cpu', date: at(-2), already: true }],
  ] as const)('%s', (_, capacity, expected) => {
    expect(nearestRunOut(capacity as never)).toEqual(expected);
  });
});

describe('headroomPercent', () => {
  it.each([
    [null, 'cpu', null],
    [{ allocatable: { cpu: 0, memory: 1 }, headroom: { cpu: 0, memory: 1 } }, 'cpu', null],
    [{ allocatable: { cpu: 4000, memory: 8 }, headroom: { cpu: 1000, memory: 2 } }, 'cpu', 25],
    [{ allocatable: { cpu: 4000, memory: 3 }, headroom: { cpu: 1000, memory: 2 } }, 'memory', 67],
  ] as const)('%j %s → %s', (c, resource, expected) => {
    expect(headroomPercent(c, resource)).toBe(expected);
  });
});
