import { describe, expect, it } from 'vitest';
import { actionMetrics, completion, completionBand, completionByTeam, type CompletionItem } from './metrics.compute';

const H = 3_600_000;
const D = 24 * H;
const period = { from: 0, to: 28 * D };
const now = 30 * D;
const item = (over: Partial<CompletionItem>): CompletionItem => ({ teamId: 't1', severity: 'P1', required: true, resolvedAt: D, dueAt: 3 * D, filedAt: null, ...over });

describe('completion (the seed: 100 % of P1/P2 healthy, < 80 % warning)', () => {
  it.each([
    [[item({ filedAt: 2 * D }), item({ severity: 'P2', filedAt: 2 * D })], 100, 'healthy'],
    [[item({ filedAt: 2 * D }), item({}), item({ filedAt: D }), item({ filedAt: D }), item({ filedAt: D })], 80, 'watch'],
    [[item({ filedAt: 2 * D }), item({})], 50, 'warning'],
    [[item({ severity: 'P3' })], null, 'no-data'],
    // Resolved outside the period: not counted.
    [[item({ resolvedAt: 29 * D })], null, 'no-data'],
  ] as const)('%#: rate %s band %s', (items, rate, band) => {
    const c = completion(items, period, now);
    expect(c.rate).toBe(rate);
    expect(c.band).toBe(band);
  });
  it('leaves out an unfiled one that is not due yet, and says so', () => {
    const c = completion([item({ filedAt: D }), item({ resolvedAt: 27 * D, dueAt: 29 * D })], period, 28 * D);
    expect(c).toMatchObject({ due: 1, filed: 1, pending: 1, rate: 100 });
    expect(c.detail).toBe('1 of 1 P1/P2 post-mortems filed; 1 not due yet');
  });
  it('counts a late filing as filed', () => {
    expect(completion([item({ filedAt: 10 * D })], period, now).rate).toBe(100);
  });
  it('splits by team', () => {
    const m = completionByTeam([item({ filedAt: D }), item({ teamId: 't2' })], period, now);
    expect(m.get('t1')!.rate).toBe(100);
    expect(m.get('t2')!.rate).toBe(0);
  });
  it.each([
    [100, 'healthy'],
    [99.99, 'watch'],
    [80, 'watch'],
    [79.9, 'warning'],
    [null, 'no-data'],
  ] as const)('band of %s is %s', (rate, band) => {
    expect(completionBand(rate)).toBe(band);
  });
});

describe('actionMetrics', () => {
  it("rates done over all but won't do, with median ages", () => {
    const m = actionMetrics(
      [
        { teamId: 't', status: 'done', createdAt: 0, completedAt: 2 * D },
        { teamId: 't', status: 'done', createdAt: D, completedAt: 5 * D },
        { teamId: 't', status: 'wont_do', createdAt: D, completedAt: D },
        { teamId: 't', status: 'open', createdAt: 10 * D, completedAt: null },
        { teamId: 't', status: 'in_progress', createdAt: 20 * D, completedAt: null },
        { teamId: 't', status: 'open', createdAt: 40 * D, completedAt: null },
      ],
      period,
      now,
    );
    expect(m).toEqual({ total: 5, done: 2, wontDo: 1, open: 2, completionRate: 50, medianOpenAgeDays: 15, medianDaysToDone: 3 });
  });
  it('has no rate without items', () => {
    expect(actionMetrics([], period, now).completionRate).toBeNull();
  });
});
