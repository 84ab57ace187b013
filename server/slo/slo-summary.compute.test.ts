import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../lib/duration';
import { computeBudget, type BudgetSlo } from './slo-budget.compute';
import { bucketRangeFor } from './slo-buckets.compute';
import { budgetSummary, splitRange, sumBuckets, summaryRanges, type RangeSums } from './slo-summary.compute';

const FIVE_MIN = 5 * MINUTE_MS;

// Deterministic pseudo-random numbers (mulberry32) so failures reproduce.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = { start: number; bad: number; total: number; missing: boolean };

function randomBuckets(from: number, to: number, seed: number): Row[] {
  const r = rng(seed);
  const out: Row[] = [];
  for (let s = from; s < to; s += FIVE_MIN) {
    const roll = r();
    if (roll < 0.03) out.push({ start: s, bad: 0, total: 0, missing: true });
    else if (roll < 0.05) out.push({ start: s, bad: 0, total: 0, missing: false }); // no traffic
    else {
      const total = Math.round(r() * 1000);
      out.push({ start: s, bad: Math.round(total * r() * (r() < 0.1 ? 0.5 : 0.002)), total, missing: false });
    }
  }
  return out;
}

/** The sums as the repository computes them: whole days from a roll-up plus edge buckets. */
function sumsLikeTheRepo(rows: Row[], from: number, to: number): RangeSums {
  const { dayFrom, dayTo } = splitRange(from, to);
  const edges = [sumBuckets(rows, from, dayFrom), sumBuckets(rows, dayTo, to)];
  const days: RangeSums[] = [];
  for (let d = dayFrom; d < dayTo; d += DAY_MS) days.push(sumBuckets(rows, d, d + DAY_MS));
  return [...edges, ...days].reduce((a, b) => ({ bad: a.bad + b.bad, total: a.total + b.total, presentBuckets: a.presentBuckets + b.presentBuckets }));
}

const slos: Array<[string, BudgetSlo]> = [
  ['rolling 30 d', { objective: 99.9, window: { type: 'rolling', days: 30 }, budgeting: { method: 'occurrences' } }],
  ['rolling 7 d at 99 %', { objective: 99, window: { type: 'rolling', days: 7 }, budgeting: { method: 'occurrences' } }],
  ['calendar month in Berlin', { objective: 99.5, window: { type: 'calendar', unit: 'month', timeZone: 'Europe/Berlin' }, budgeting: { method: 'occurrences' } }],
];

describe('budgetSummary equals computeBudget for occurrences', () => {
  it.each(slos.flatMap(([name, slo], i) => [0, 1].map((k) => [name, slo, Date.UTC(2026, 2, 29, 13, 35) + k * 7 * HOUR_MS, i * 10 + k] as const)))(
    '%s at %s',
    (_name, slo, now, seed) => {
      const range = bucketRangeFor(slo, now);
      const rows = randomBuckets(Math.floor(range.from / FIVE_MIN) * FIVE_MIN, now, seed + 1);
      const full = computeBudget({
        slo,
        bucketMs: FIVE_MIN,
        now,
        buckets: rows.map((b) => (b.missing ? { start: b.start, missing: true as const } : { start: b.start, bad: b.bad, total: b.total })),
      });
      const sums = Object.fromEntries(summaryRanges(slo, now, FIVE_MIN).map((r) => [r.key, sumsLikeTheRepo(rows, r.from, r.to)]));
      const summary = budgetSummary({ slo, bucketMs: FIVE_MIN, now, sums });
      expect(summary.sli).toBeCloseTo(full.sli!, 12);
      expect(summary.budget.remainingMinutes).toBeCloseTo(full.budget.remainingMinutes, 9);
      expect(summary.budget.totalMinutes).toBeCloseTo(full.budget.totalMinutes, 9);
      expect(summary.policy.band).toBe(full.policy.band);
      expect(summary.coverage.observedMs).toBe(full.coverage.observedMs);
      for (const b of full.burnRates) {
        const s = summary.burnRates.find((x) => x.window === b.window)!;
        expect(s.status).toBe(b.status);
        if (b.burnRate === null) expect(s.burnRate).toBeNull();
        else expect(s.burnRate).toBeCloseTo(b.burnRate, 9);
        expect(s.coverage).toBeCloseTo(b.coverage, 12);
      }
      expect(summary.exhaustion.inMs === null).toBe(full.exhaustion.inMs === null);
    },
  );

  it('no traffic is no data, with the budget whole', () => {
    const slo = slos[0]![1];
    const s = budgetSummary({ slo, bucketMs: FIVE_MIN, now: Date.UTC(2026, 0, 1), sums: { window: { bad: 0, total: 0, presentBuckets: 8640 } } });
    expect(s.dataState).toBe('no-data');
    expect(s.sli).toBeNull();
    expect(s.budget.remainingPercent).toBe(100);
    expect(s.burnRates.every((b) => b.status === 'no-data')).toBe(true);
  });

  it('refuses time-slice methods and instants between buckets', () => {
    const ts: BudgetSlo = { objective: 99, window: { type: 'rolling', days: 30 }, budgeting: { method: 'ratioTimeslices', timesliceSize: '5m' } };
    expect(() => budgetSummary({ slo: ts, bucketMs: FIVE_MIN, now: 0, sums: {} })).toThrow(/computeBudget/);
    expect(() => budgetSummary({ slo: slos[0]![1], bucketMs: FIVE_MIN, now: 1000, sums: {} })).toThrow(/boundary/);
  });
});

describe('splitRange', () => {
  it.each([
    ['within one day', Date.UTC(2026, 0, 1, 3), Date.UTC(2026, 0, 1, 9), Date.UTC(2026, 0, 1, 9), Date.UTC(2026, 0, 1, 9)],
    ['30 days ending mid-day', Date.UTC(2026, 0, 1, 13), Date.UTC(2026, 0, 31, 13), Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 31)],
    ['aligned days', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 3), Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 3)],
  ])('%s', (_n, from, to, dayFrom, dayTo) => {
    expect(splitRange(from, to)).toEqual({ dayFrom, dayTo });
  });
});
