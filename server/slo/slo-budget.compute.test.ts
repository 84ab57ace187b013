import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../lib/duration';
import { computeBudget, type BudgetReport, type BudgetSlo } from './slo-budget.compute';
import { bucketRangeFor, indexBuckets, type CountBucket } from './slo-buckets.compute';
import { POLICY_BANDS, policyBand, policyFor } from './slo-policy.compute';

const FIVE_MIN = 5 * MINUTE_MS;
const occurrences = (window: BudgetSlo['window'], objective = 99.9): BudgetSlo => ({ objective, window, budgeting: { method: 'occurrences' } });
const rolling30 = occurrences({ type: 'rolling', days: 30 });
const utcMonth = occurrences({ type: 'calendar', unit: 'month', timeZone: 'UTC' });

/**
 * Buckets of `bucketMs` over [from, to) at `perMinute` requests a minute, with
 * `errorShare(minuteStart)` of each minute's requests failing (0..1).
 */
function traffic(opts: { from: number; to: number; bucketMs: number; perMinute?: number; errorShare?: (minute: number) => number }): CountBucket[] {
  const { from, to, bucketMs, perMinute = 20, errorShare = () => 0 } = opts;
  const out: CountBucket[] = [];
  for (let start = from; start < to; start += bucketMs) {
    let bad = 0;
    for (let m = start; m < start + bucketMs; m += MINUTE_MS) bad += errorShare(m) * perMinute;
    out.push({ start, bad, total: (bucketMs / MINUTE_MS) * perMinute });
  }
  return out;
}

function finiteEverywhere(value: unknown, path = 'report'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => finiteEverywhere(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => finiteEverywhere(v, `${path}.${k}`));
  return [];
}

// ---------------------------------------------------------------------------
// The product spec's example: 99.9 % over 30 days = 43.2 minutes.
//   Day 12: 5 min incident -> 38.2 min; day 20: 30 min incident -> 8.2 min;
//   day 22: below 10 % -> feature freeze (here: 4 more minutes of errors).

const JUNE = Date.UTC(2026, 5, 1); // a 30-day month
const day = (n: number, hour = 0, minute = 0) => JUNE + (n - 1) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS;
function seedIncidents(minute: number): number {
  if (minute >= day(12, 10) && minute < day(12, 10, 5)) return 1; // 5 minutes, every request fails
  if (minute >= day(20, 14) && minute < day(20, 14, 30)) return 1; // 30 minutes
  if (minute >= day(22, 9) && minute < day(22, 9, 8)) return 0.5; // 8 minutes at half errors = 4 minutes
  return 0;
}
const seedNow = day(23); // end of day 22

describe('the product spec example', () => {
  const report = computeBudget({ slo: utcMonth, buckets: traffic({ from: JUNE, to: seedNow, bucketMs: FIVE_MIN, errorShare: seedIncidents }), bucketMs: FIVE_MIN, now: seedNow });

  it('99.9 % over 30 days is 43.2 minutes', () => {
    expect(report.budget.totalMinutes).toBeCloseTo(43.2, 10);
  });

  it.each([
    { day: 1, remaining: 43.2, band: 'normal' },
    { day: 5, remaining: 43.2, band: 'normal' },
    { day: 11, remaining: 43.2, band: 'normal' },
    { day: 12, remaining: 38.2, band: 'normal' },
    { day: 19, remaining: 38.2, band: 'normal' },
    { day: 20, remaining: 8.2, band: 'restricted' },
    { day: 21, remaining: 8.2, band: 'restricted' },
    { day: 22, remaining: 4.2, band: 'freeze' },
  ])('day $day: $remaining min left ($band)', ({ day: n, remaining, band }) => {
    const row = report.days[n - 1]!;
    expect(row.day).toBe(n);
    expect(row.date).toBe(`2026-06-${String(n).padStart(2, '0')}`);
    expect(row.remainingMinutes).toBeCloseTo(remaining, 9);
    expect(row.band).toBe(band);
  });

  it('day 22 is a feature freeze, with the policy text', () => {
    expect(report.days).toHaveLength(22);
    expect(report.budget.consumedMinutes).toBeCloseTo(39, 9);
    expect(report.budget.remainingPercent).toBeCloseTo((4.2 / 43.2) * 100, 9);
    expect(report.policy).toMatchObject({ band: 'freeze', range: '< 10%', action: 'Feature freeze: only reliability/security work merges; all-hands reliability sprint' });
    expect(report.days.map((d) => d.consumedMinutes).filter((c) => c > 0).map((c) => Number(c.toFixed(9)))).toEqual([5, 30, 4]);
  });

  it('the timeline starts at 100 % at the period start and only goes down to the headline figure', () => {
    const t = report.timeline;
    expect(t[0]).toEqual({ t: JUNE, remainingMinutes: 43.2, remainingPercent: 100, missing: false });
    expect(t).toHaveLength(22 * 288 + 1);
    expect(t.every((p, i) => i === 0 || p.remainingMinutes <= t[i - 1]!.remainingMinutes + 1e-12)).toBe(true);
    expect(t.at(-1)!.remainingMinutes).toBeCloseTo(report.budget.remainingMinutes, 12);
    expect(t.at(-1)!.t).toBe(seedNow);
  });

  it.each([
    { label: '1-minute buckets', bucketMs: MINUTE_MS },
    { label: '5-minute buckets', bucketMs: FIVE_MIN },
    { label: '1-hour buckets', bucketMs: HOUR_MS },
  ])('gives the same budget with $label', ({ bucketMs }) => {
    const r = computeBudget({ slo: utcMonth, buckets: traffic({ from: JUNE, to: seedNow, bucketMs, errorShare: seedIncidents }), bucketMs, now: seedNow });
    expect(r.budget.remainingMinutes).toBeCloseTo(4.2, 9);
    expect(r.days.map((d) => Number(d.remainingMinutes.toFixed(6)))).toEqual(report.days.map((d) => Number(d.remainingMinutes.toFixed(6))));
  });

  it('a rolling 30 d window over the same days (clean before) agrees', () => {
    const buckets = traffic({ from: seedNow - 30 * DAY_MS, to: seedNow, bucketMs: FIVE_MIN, errorShare: seedIncidents });
    const r = computeBudget({ slo: rolling30, buckets, bucketMs: FIVE_MIN, now: seedNow });
    expect(r.window).toEqual({ start: seedNow - 30 * DAY_MS, end: seedNow, lengthMs: 30 * DAY_MS, elapsedMs: 30 * DAY_MS });
    expect(r.budget.remainingMinutes).toBeCloseTo(4.2, 9);
    expect(r.days).toHaveLength(30);
  });
});

// ---------------------------------------------------------------------------

describe('calendar windows', () => {
  it.each([
    { tz: 'Europe/Berlin', month: 2, hours: 743, days: 31, dstDay: 29, dstHours: 23 },
    { tz: 'Europe/Berlin', month: 9, hours: 745, days: 31, dstDay: 25, dstHours: 25 },
    { tz: 'America/New_York', month: 2, hours: 743, days: 31, dstDay: 8, dstHours: 23 },
    { tz: 'America/New_York', month: 10, hours: 721, days: 30, dstDay: 1, dstHours: 25 },
  ])('$tz month $month: $hours h, the budget scales with it, days follow local midnight', ({ tz, month, hours, days, dstDay, dstHours }) => {
    const slo = occurrences({ type: 'calendar', unit: 'month', timeZone: tz });
    const probe = computeBudget({ slo, buckets: [], bucketMs: FIVE_MIN, now: Date.UTC(2026, month, 15) });
    const { start, end } = probe.window;
    const now = end - FIVE_MIN; // the last bucket of the month
    // 0.1 % errors all month: exactly the budget's pace.
    const r = computeBudget({ slo, buckets: traffic({ from: start, to: now, bucketMs: FIVE_MIN, errorShare: () => 0.001 }), bucketMs: FIVE_MIN, now });
    expect(r.window.lengthMs / HOUR_MS).toBe(hours);
    expect(r.budget.totalMinutes).toBeCloseTo(hours * 60 * 0.001, 10);
    expect(r.budget.consumedMinutes).toBeCloseTo((hours * 60 - 5) * 0.001, 9);
    expect(r.days).toHaveLength(days);
    const dst = r.days[dstDay - 1]!;
    expect((dst.end - dst.start) / HOUR_MS).toBe(dstHours);
    expect(r.days[0]!.start).toBe(start);
    expect(r.burnRates.find((b) => b.window === '1d')!.burnRate).toBeCloseTo(1, 9);
  });

  it('resets at the period start: yesterday’s outage is gone from the budget, not from the burn rates', () => {
    const now = Date.UTC(2026, 6, 1, 0, 30); // 30 minutes into July (UTC)
    const outage = (m: number) => (m >= Date.UTC(2026, 5, 30, 20) && m < Date.UTC(2026, 5, 30, 21) ? 1 : 0);
    const buckets = traffic({ from: Date.UTC(2026, 5, 27), to: now, bucketMs: FIVE_MIN, errorShare: outage });
    const r = computeBudget({ slo: utcMonth, buckets, bucketMs: FIVE_MIN, now });
    expect(r.window.start).toBe(Date.UTC(2026, 6, 1));
    expect(r.budget.remainingPercent).toBe(100);
    expect(r.timeline).toHaveLength(7);
    expect(r.days).toEqual([expect.objectContaining({ day: 1, date: '2026-07-01', consumedMinutes: 0 })]);
    // 1 hour of total failure in the last day: 1/24 errors / 0.001 budget.
    expect(r.burnRates.find((b) => b.window === '1d')!.burnRate).toBeCloseTo(1000 / 24, 6);
    expect(bucketRangeFor(utcMonth, now)).toEqual({ from: now - 3 * DAY_MS, to: now });
  });

  it('a calendar quarter in New York is 2159 h in Q1 2026', () => {
    const slo = occurrences({ type: 'calendar', unit: 'quarter', timeZone: 'America/New_York' });
    const r = computeBudget({ slo, buckets: [], bucketMs: FIVE_MIN, now: Date.UTC(2026, 1, 1) });
    expect(r.window.lengthMs / HOUR_MS).toBe(2159);
    expect(r.budget.totalMinutes).toBeCloseTo(129.54, 10);
  });
});

// ---------------------------------------------------------------------------

describe('no data and missing data', () => {
  const now = Date.UTC(2026, 5, 30);
  const from = now - 30 * DAY_MS;

  it('zero traffic is "no data": no SLI, no burn rate, nothing consumed, no NaN', () => {
    const buckets = traffic({ from, to: now, bucketMs: FIVE_MIN, perMinute: 0 });
    const r = computeBudget({ slo: rolling30, buckets, bucketMs: FIVE_MIN, now });
    expect(r.dataState).toBe('no-data');
    expect(r.sli).toBeNull();
    expect(r.budget).toMatchObject({ consumedMinutes: 0, remainingPercent: 100 });
    expect(r.policy.band).toBe('normal');
    expect(r.burnRates.map((b) => [b.window, b.status, b.burnRate, b.coverage])).toEqual(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => [w, 'no-data', null, 1]),
    );
    expect(r.exhaustion).toEqual({ burnRate: null, inMs: null, at: null, beforeWindowEnd: null });
    expect(r.days.every((d) => d.sli === null)).toBe(true);
    expect(finiteEverywhere(r)).toEqual([]);
  });

  it('with no buckets at all every bucket is missing', () => {
    const r = computeBudget({ slo: rolling30, buckets: [], bucketMs: FIVE_MIN, now });
    expect(r.coverage).toEqual({ buckets: 8640, missingBuckets: 8640, observedMs: 0, ratio: 0 });
    expect(r.dataState).toBe('no-data');
    expect(r.timeline.at(-1)).toMatchObject({ remainingPercent: 100, missing: true });
    expect(finiteEverywhere(r)).toEqual([]);
  });

  // 0.05 % errors (burn 0.5); every other day unobserved.
  const halfErrors = () => 0.0005;
  const everySecondDayMissing = (buckets: CountBucket[]) =>
    buckets.map((b) => (Math.floor((b.start - from) / DAY_MS) % 2 === 1 ? { start: b.start, missing: true as const } : b));

  it.each([
    { label: 'marked missing', transform: everySecondDayMissing },
    { label: 'absent from the input', transform: (b: CountBucket[]) => everySecondDayMissing(b).filter((x) => !('missing' in x)) },
  ])('missing buckets ($label) are not zeros: SLI from the rest, consumption over observed time, coverage reported', ({ transform }) => {
    const buckets = transform(traffic({ from, to: now, bucketMs: FIVE_MIN, errorShare: halfErrors }));
    const r = computeBudget({ slo: rolling30, buckets, bucketMs: FIVE_MIN, now });
    expect(r.sli).toBeCloseTo(0.9995, 12);
    expect(r.coverage).toMatchObject({ buckets: 8640, missingBuckets: 4320, ratio: 0.5 });
    expect(r.budget.consumedMinutes).toBeCloseTo(0.0005 * 15 * 24 * 60, 9); // 10.8 min over the 15 observed days
    expect(r.days.filter((d) => d.missingBuckets === 288)).toHaveLength(15);
    expect(r.timeline.filter((p) => p.missing)).toHaveLength(4320);
  });

  it('stored zeros instead would read as quiet traffic: observed time that dilutes nothing but counts', () => {
    const buckets = traffic({ from, to: now, bucketMs: FIVE_MIN, errorShare: halfErrors }).map((b) =>
      Math.floor((b.start - from) / DAY_MS) % 2 === 1 ? { start: b.start, bad: 0, total: 0 } : b,
    );
    const r = computeBudget({ slo: rolling30, buckets, bucketMs: FIVE_MIN, now });
    expect(r.coverage.ratio).toBe(1);
    expect(r.budget.consumedMinutes).toBeCloseTo(0.0005 * 30 * 24 * 60, 9);
  });
});

// ---------------------------------------------------------------------------

describe('burn rates and time to exhaustion', () => {
  const now = Date.UTC(2026, 5, 30, 12);
  const from = now - 30 * DAY_MS;

  it('two hours at 15x after a clean month: burn 15 in the short windows, exhaustion in under 2 days', () => {
    const share = (m: number) => (m >= now - 2 * HOUR_MS ? 0.015 : 0);
    const r = computeBudget({ slo: rolling30, buckets: traffic({ from, to: now, bucketMs: FIVE_MIN, errorShare: share }), bucketMs: FIVE_MIN, now });
    const burn = Object.fromEntries(r.burnRates.map((b) => [b.window, Number(b.burnRate!.toFixed(9))]));
    expect(burn).toEqual({ '5m': 15, '30m': 15, '1h': 15, '2h': 15, '6h': 5, '1d': 1.25, '3d': 0.416666667 });
    expect(r.budget.consumedMinutes).toBeCloseTo(1.8, 9); // 2 h x 1.5 %
    const remainingShare = (43.2 - 1.8) / 43.2;
    expect(r.exhaustion.burnRate).toBeCloseTo(15, 9);
    expect(r.exhaustion.inMs! / DAY_MS).toBeCloseTo((remainingShare * 30) / 15, 9);
    expect(r.exhaustion.at).toBe(now + r.exhaustion.inMs!);
    expect(r.exhaustion.beforeWindowEnd).toBe(true);
  });

  it('an overspent budget is exhausted now', () => {
    const r = computeBudget({ slo: rolling30, buckets: traffic({ from, to: now, bucketMs: FIVE_MIN, errorShare: () => 0.002 }), bucketMs: FIVE_MIN, now });
    expect(r.budget.remainingPercent).toBeCloseTo(-100, 9);
    expect(r.policy.band).toBe('exhausted');
    expect(r.exhaustion).toEqual({ burnRate: expect.closeTo(2, 9), inMs: 0, at: now, beforeWindowEnd: true });
  });

  it('partial data: rates from what is there, with coverage; windows without data say so', () => {
    const buckets = traffic({ from: now - DAY_MS, to: now - 30 * MINUTE_MS, bucketMs: FIVE_MIN, errorShare: () => 0.003 });
    const r = computeBudget({ slo: rolling30, buckets, bucketMs: FIVE_MIN, now });
    const by = Object.fromEntries(r.burnRates.map((b) => [b.window, b]));
    expect(by['5m']).toMatchObject({ status: 'no-data', burnRate: null, coverage: 0 });
    expect(by['30m']).toMatchObject({ status: 'no-data', burnRate: null, coverage: 0 });
    expect(by['1h']).toMatchObject({ status: 'partial', coverage: 0.5, burnRate: expect.closeTo(3, 9) });
    expect(by['1d']).toMatchObject({ status: 'partial', burnRate: expect.closeTo(3, 9) });
    expect(by['1d']!.coverage).toBeCloseTo(23.5 / 24, 12);
  });

  it('buckets coarser than a window cannot answer it', () => {
    const r = computeBudget({ slo: rolling30, buckets: traffic({ from, to: now, bucketMs: HOUR_MS }), bucketMs: HOUR_MS, now });
    expect(r.burnRates.map((b) => b.status)).toEqual(['too-coarse', 'too-coarse', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('a window holds the buckets that start inside it; an in-progress bucket counts for its elapsed part', () => {
    const mid = now + 2 * MINUTE_MS;
    const buckets = traffic({ from, to: now + FIVE_MIN, bucketMs: FIVE_MIN });
    const r = computeBudget({ slo: rolling30, buckets, bucketMs: FIVE_MIN, now: mid });
    // [mid - 5m, mid) holds only the bucket started at `now`, 2 of its 5 minutes elapsed.
    expect(r.burnRates[0]).toMatchObject({ window: '5m', status: 'partial', coverage: 0.4, burnRate: 0 });
    // Unaligned `now` also cuts the oldest bucket out: 27 of 30 minutes. Callers pass `now`
    // on a bucket boundary (the end of the last complete bucket) for exact windows.
    expect(r.burnRates[1]).toMatchObject({ window: '30m', status: 'partial', coverage: 0.9 });
    expect(r.timeline.at(-1)!.t).toBe(mid);
  });
});

// ---------------------------------------------------------------------------

describe('timeslices (OpenSLO)', () => {
  const now = Date.UTC(2026, 5, 30);
  const from = now - 7 * DAY_MS;
  const slo = (budgeting: BudgetSlo['budgeting']): BudgetSlo => ({ objective: 99, window: { type: 'rolling', days: 7 }, budgeting });

  // Day 2: six 5-minute slices at 10 % errors (bad at a 95 % slice target);
  // day 3: twelve slices at 2 % errors (good); day 4: 2 hours without traffic.
  const share = (m: number) => {
    if (m >= from + DAY_MS && m < from + DAY_MS + 30 * MINUTE_MS) return 0.1;
    if (m >= from + 2 * DAY_MS && m < from + 2 * DAY_MS + HOUR_MS) return 0.02;
    return 0;
  };
  const buckets = (bucketMs: number) =>
    traffic({ from, to: now, bucketMs, errorShare: share }).map((b) =>
      b.start >= from + 3 * DAY_MS && b.start < from + 3 * DAY_MS + 2 * HOUR_MS ? { start: b.start, bad: 0, total: 0 } : b,
    );

  it.each([
    { label: '5m buckets', bucketMs: FIVE_MIN },
    { label: '1m buckets', bucketMs: MINUTE_MS },
  ])('Timeslices with $label: bad slices consume their length', ({ bucketMs }) => {
    const r = computeBudget({ slo: slo({ method: 'timeslices', timesliceSize: '5m', timesliceTarget: 95 }), buckets: buckets(bucketMs), bucketMs, now });
    const slices = 7 * 288;
    expect(r.slices).toEqual({ good: slices - 24 - 6, bad: 6, noData: 24 });
    expect(r.sli).toBeCloseTo(1 - 6 / (slices - 24), 12);
    expect(r.budget.totalMinutes).toBeCloseTo(0.01 * 7 * 24 * 60, 9); // 100.8 min
    expect(r.budget.consumedMinutes).toBeCloseTo(30, 9);
    expect(r.days[1]!.consumedMinutes).toBeCloseTo(30, 9);
  });

  it('a slice at exactly the target is good', () => {
    const exact = traffic({ from, to: now, bucketMs: FIVE_MIN, errorShare: () => 0.05 });
    const r = computeBudget({ slo: slo({ method: 'timeslices', timesliceSize: '5m', timesliceTarget: 95 }), buckets: exact, bucketMs: FIVE_MIN, now });
    expect(r.slices!.bad).toBe(0);
  });

  it('RatioTimeslices: each slice consumes its length x its error ratio', () => {
    const r = computeBudget({ slo: slo({ method: 'ratioTimeslices', timesliceSize: '5m' }), buckets: buckets(FIVE_MIN), bucketMs: FIVE_MIN, now });
    expect(r.budget.consumedMinutes).toBeCloseTo(30 * 0.1 + 60 * 0.02, 9); // 4.2 min
    expect(r.slices).toEqual({ good: 0, bad: 0, noData: 24 });
  });

  it('burn rate over slices: 1h window with one bad 5m slice in twelve', () => {
    const share1h = (m: number) => (m >= now - 10 * MINUTE_MS && m < now - 5 * MINUTE_MS ? 0.5 : 0);
    const r = computeBudget({
      slo: slo({ method: 'timeslices', timesliceSize: '5m', timesliceTarget: 95 }),
      buckets: traffic({ from, to: now, bucketMs: FIVE_MIN, errorShare: share1h }),
      bucketMs: FIVE_MIN,
      now,
    });
    expect(r.burnRates.find((b) => b.window === '1h')!.burnRate).toBeCloseTo(1 / 12 / 0.01, 9);
  });

  it('slices longer than a window cannot answer it; sizes must be whole buckets', () => {
    const r = computeBudget({ slo: slo({ method: 'timeslices', timesliceSize: '1h', timesliceTarget: 95 }), buckets: buckets(FIVE_MIN), bucketMs: FIVE_MIN, now });
    expect(r.burnRates.slice(0, 3).map((b) => b.status)).toEqual(['too-coarse', 'too-coarse', 'ok']);
    expect(() =>
      computeBudget({ slo: slo({ method: 'timeslices', timesliceSize: '7m', timesliceTarget: 95 }), buckets: [], bucketMs: FIVE_MIN, now }),
    ).toThrow(/not a whole number of 300s buckets/);
  });
});

// ---------------------------------------------------------------------------

describe('policy bands', () => {
  it.each([
    [100, 'normal'],
    [50.01, 'normal'],
    [50, 'caution'],
    [25, 'caution'],
    [24.99, 'restricted'],
    [10, 'restricted'],
    [9.999999999999, 'restricted'], // float noise around 10 % counts as 10 %
    [9.99, 'freeze'],
    [0.01, 'freeze'],
    [0, 'exhausted'],
    [-40, 'exhausted'],
  ])('%f %% remaining -> %s', (remaining, band) => {
    expect(policyBand(remaining)).toBe(band);
  });

  it('carries the spec’s action for every band', () => {
    expect(POLICY_BANDS.map((b) => [b.range, b.action])).toEqual([
      ['> 50%', 'Normal operations; T1/T2/T3 changes allowed'],
      ['25–50%', 'T3 changes require extra review; increase canary duration'],
      ['10–25%', 'No T3 changes; T2 changes require CISO/VP approval'],
      ['< 10%', 'Feature freeze: only reliability/security work merges; all-hands reliability sprint'],
      ['Exhausted', 'Incident declared; post-mortem mandatory; SLO review within 1 week'],
    ]);
    expect(policyFor(30).band).toBe('caution');
  });
});

describe('bucket input', () => {
  it.each([
    { label: 'misaligned start', buckets: [{ start: 1000, bad: 0, total: 1 }], error: /not aligned/ },
    { label: 'duplicate start', buckets: [{ start: 0, bad: 0, total: 1 }, { start: 0, missing: true as const }], error: /two buckets start at/ },
    { label: 'negative total', buckets: [{ start: 0, bad: 0, total: -1 }], error: /invalid counts/ },
    { label: 'NaN count', buckets: [{ start: 0, good: Number.NaN, total: 1 }], error: /invalid counts/ },
  ])('rejects $label', ({ buckets, error }) => {
    expect(() => indexBuckets(buckets, FIVE_MIN)).toThrow(error);
  });

  it('rejects a bucket size that is not whole seconds', () => {
    expect(() => indexBuckets([], 1500)).toThrow(/whole number of seconds/);
  });

  it('clamps sampling skew (good above total) and counts it', () => {
    const index = indexBuckets([{ start: 0, good: 101, total: 100 }, { start: FIVE_MIN, bad: 120, total: 100 }], FIVE_MIN);
    expect([index.get(0), index.get(FIVE_MIN), index.clamped]).toEqual([
      { start: 0, missing: false, bad: 0, total: 100 },
      { start: FIVE_MIN, missing: false, bad: 100, total: 100 },
      2,
    ]);
  });

  it('the read range covers the window and the 3d burn window', () => {
    const now = Date.UTC(2026, 5, 30);
    expect(bucketRangeFor(rolling30, now)).toEqual({ from: now - 30 * DAY_MS, to: now });
  });
});

describe('report shape', () => {
  it('is plain finite data for a typical month', () => {
    const now = Date.UTC(2026, 5, 20, 7, 35);
    const r: BudgetReport = computeBudget({
      slo: occurrences({ type: 'calendar', unit: 'month', timeZone: 'Europe/Berlin' }),
      buckets: traffic({ from: now - 25 * DAY_MS, to: now, bucketMs: FIVE_MIN, errorShare: (m) => (m % (7 * HOUR_MS) === 0 ? 1 : 0) }),
      bucketMs: FIVE_MIN,
      now,
    });
    expect(finiteEverywhere(r)).toEqual([]);
    expect(r.days.reduce((s, d) => s + d.consumedMinutes, 0)).toBeCloseTo(r.budget.consumedMinutes, 9);
    expect(r.days[0]!.date).toBe('2026-06-01');
  });
});
