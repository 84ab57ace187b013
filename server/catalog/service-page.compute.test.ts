import { describe, expect, it } from 'vitest';
import { budgetState, onCallNow, sortSlos, splitIncidents } from './service-page.compute';

const DAY = 86_400_000;

describe('budgetState', () => {
  it.each([
    { name: 'no SLO: no state', slos: [], worst: null, counts: [] },
    { name: 'the worst measured band speaks for the service', slos: [{ band: 'normal', remainingPercent: 90 }, { band: 'freeze', remainingPercent: 10 }, { band: 'no-data', remainingPercent: 100 }], worst: 'freeze', counts: [{ band: 'freeze', count: 1 }, { band: 'normal', count: 1 }, { band: 'no-data', count: 1 }] },
    { name: 'no data beats nothing only when nothing is measured', slos: [{ band: 'no-data', remainingPercent: 100 }], worst: 'no-data', counts: [{ band: 'no-data', count: 1 }] },
    { name: 'a missing SLO does not hide a healthy one', slos: [{ band: 'no-data', remainingPercent: 100 }, { band: 'normal', remainingPercent: 80 }], worst: 'normal', counts: [{ band: 'normal', count: 1 }, { band: 'no-data', count: 1 }] },
  ] as const)('$name', ({ slos, worst, counts }) => {
    expect(budgetState(slos)).toEqual({ worst, counts });
  });
});

describe('sortSlos', () => {
  it('orders worst band first, then least budget left, then name', () => {
    const sorted = sortSlos([
      { name: 'b', band: 'normal', remainingPercent: 50 },
      { name: 'a', band: 'normal', remainingPercent: 50 },
      { name: 'c', band: 'normal', remainingPercent: 20 },
      { name: 'd', band: 'exhausted', remainingPercent: -5 },
    ] as const);
    expect(sorted.map((s) => s.name)).toEqual(['d', 'c', 'a', 'b']);
  });
});

describe('splitIncidents', () => {
  const now = 100 * DAY;
  it.each([
    { name: 'open incidents are open, whatever their age', i: { open: true, startedAt: 0, resolvedAt: null }, open: 1, recent: 0 },
    { name: 'resolved within 30 days is recent', i: { open: false, startedAt: now - 40 * DAY, resolvedAt: now - 29 * DAY }, open: 0, recent: 1 },
    { name: 'resolved before that is left out', i: { open: false, startedAt: now - 40 * DAY, resolvedAt: now - 31 * DAY }, open: 0, recent: 0 },
    { name: 'closed without resolution time falls back on its start', i: { open: false, startedAt: now - DAY, resolvedAt: null }, open: 0, recent: 1 },
  ])('$name', ({ i, open, recent }) => {
    const split = splitIncidents([i], now);
    expect([split.open.length, split.recent.length]).toEqual([open, recent]);
  });
});

describe('onCallNow', () => {
  it('names the person on call and the next one, and says nobody for a gap', () => {
    const people = [{ id: 'u1', name: 'Ada' }, { id: 'u2', name: 'Bo' }];
    expect(
      onCallNow(
        [
          { id: 's1', name: 'Primary', now: { userId: 'u1', since: 5, next: { at: 9, userId: 'u2' } } },
          { id: 's2', name: 'Secondary', now: { userId: null, since: 5, next: null } },
        ],
        people,
      ),
    ).toEqual([
      { scheduleId: 's1', schedule: 'Primary', person: 'Ada', since: 5, nextAt: 9, nextPerson: 'Bo' },
      { scheduleId: 's2', schedule: 'Secondary', person: null, since: 5, nextAt: null, nextPerson: null },
    ]);
  });
});
