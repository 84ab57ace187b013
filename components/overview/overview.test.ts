import { describe, expect, it } from 'vitest';
import { headroomPercent, runOutVerdict } from './overview';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * DAY);

describe('runOutVerdict', () => {
  const trend = (resource: 'cpu' | 'memory', firstRunOut: unknown) => ({ resource, firstRunOut }) as never;
  const cluster = {} as never;
  it.each([
    ['no snapshot', undefined, { kind: 'no-snapshot' }],
    ['a snapshot but no trend', { cluster, trends: [] }, { kind: 'no-snapshot' }],
    ['one daily snapshot: no claim', { cluster, trends: [trend('cpu', { status: 'insufficient-data', points: 1, needed: 3 })] }, { kind: 'not-enough-history', points: 1, needed: 3 }],
    [
      'CPU forecast fine but memory too thin: still not enough history',
      { cluster, trends: [trend('cpu', { status: 'not-within', horizonDays: 183 }), trend('memory', { status: 'insufficient-data', points: 2, needed: 3 })] },
      { kind: 'not-enough-history', points: 2, needed: 3 },
    ],
    ['beyond six months', { cluster, trends: [trend('cpu', { status: 'within', date: at(200), days: 200 })] }, { kind: 'not-within', horizonDays: 183 }],
    ['not within the horizon', { cluster, trends: [trend('memory', { status: 'not-within', horizonDays: 365 })] }, { kind: 'not-within', horizonDays: 183 }],
    [
      'the earlier of CPU and memory',
      { cluster, trends: [trend('cpu', { status: 'within', date: at(90), days: 90 }), trend('memory', { status: 'within', date: at(30), days: 30 })] },
      { kind: 'runs-out', resource: 'memory', date: at(30), already: false },
    ],
    ['already full', { cluster, trends: [trend('cpu', { status: 'already', date: at(-2) })] }, { kind: 'runs-out', resource: 'cpu', date: at(-2), already: true }],
  ] as const)('%s', (_, capacity, expected) => {
    expect(runOutVerdict(capacity as never)).toEqual(expected);
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
