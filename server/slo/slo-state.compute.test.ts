import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../lib/duration';
import { exactAdd, exactValue } from './exact-sum.compute';
import { computeBudget, type BudgetSlo } from './slo-budget.compute';
import type { Slot } from './slo-buckets.compute';
import type { BudgetSummary } from './slo-summary.compute';
import {
  advanceNeeds,
  advanceState,
  applyBucketChanges,
  changeNeeds,
  mergeRanges,
  type BucketLookup,
  type BucketRange,
  type SloStateData,
  type StateResult,
} from './slo-state.compute';

// The exact-math guarantee of the precomputed state (docs/slo.md, "Precomputed
// state"): whatever sequence of bucket closes, late rewrites, gaps and window
// roll-overs produced a state, its figures equal computeBudget over all the
// stored buckets at the state's instant (to 1e-9), and equal to the last bit a
// state recomputed from scratch.

const FIVE_MIN = 5 * MINUTE_MS;

describe('exact sums', () => {
  it.each([
    { name: 'adding and removing leaves exactly zero', values: [0.1, 1e16, 0.2, -1e16, -0.1, -0.2], sum: 0 },
    { name: 'a tiny value survives a huge one leaving', values: [1e20, 3.5, -1e20], sum: 3.5 },
    { name: 'the correctly rounded sum of many tenths', values: Array(10).fill(0.1), sum: 1 },
    { name: 'nothing is zero', values: [], sum: 0 },
  ])('$name', ({ values, sum }) => {
    expect(exactValue(values.reduce((p, v) => exactAdd(p, v), [] as number[]))).toBe(sum);
  });

  it('is independent of the order of additions (any permutation, any removals)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 40 }), fc.integer({ min: 0, max: 1000 }), (xs, seed) => {
        const shuffled = [...xs].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        const a = xs.reduce((p, v) => exactAdd(p, v), [] as number[]);
        const b = [...shuffled, 12345.678, -12345.678].reduce((p, v) => exactAdd(p, v), [] as number[]);
        expect(exactValue(a)).toBe(exactValue(b));
      }),
    );
  });
});

describe('mergeRanges', () => {
  it.each([
    { name: 'drops empty ranges', in: [{ from: 5, to: 5 }, { from: 7, to: 6 }], out: [] },
    { name: 'joins touching and overlapping ranges', in: [{ from: 10, to: 20 }, { from: 0, to: 10 }, { from: 15, to: 30 }], out: [{ from: 0, to: 30 }] },
    { name: 'keeps apart what is apart', in: [{ from: 20, to: 30 }, { from: 0, to: 10 }], out: [{ from: 0, to: 10 }, { from: 20, to: 30 }] },
  ])('$name', (c) => {
    expect(mergeRanges(c.in)).toEqual(c.out);
  });
});

// ---------------------------------------------------------------------------
// The property: incremental state == full recomputation

type Op =
  | { kind: 'close'; buckets: number; gaps: number[] } // the sampler closes `buckets` buckets (some absent, some missing)
  | { kind: 'late'; back: number; slot: SlotValue } // a bucket before the instant is rewritten
  | { kind: 'down'; buckets: number }; // nothing sampled for a while, then the state catches up

type SlotValue = { missing: true } | { missing: false; total: number; badShare: number };

const slotValue: fc.Arbitrary<SlotValue> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ missing: true as const }) },
  { weight: 1, arbitrary: fc.record({ missing: fc.constant(false as const), total: fc.constant(0), badShare: fc.constant(0) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      missing: fc.constant(false as const),
      total: fc.integer({ min: 1, max: 2_000_000 }).map((n) => n / 7),
      badShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 0.01, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    }),
  },
);

const op = (maxClose: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('close' as const), buckets: fc.integer({ min: 1, max: maxClose }), gaps: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('late' as const), back: fc.integer({ min: 1, max: 40 }), slot: slotValue }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('down' as const), buckets: fc.integer({ min: 2, max: 60 }) }) },
  );

const budgetings = (bucketMs: number) =>
  fc.oneof(
    fc.constant({ method: 'occurrences' as const }),
    fc.record({
      method: fc.constant('timeslices' as const),
      timesliceSize: fc.constantFrom(1, 2, 3).map((k) => `${(k * bucketMs) / MINUTE_MS}m`),
      timesliceTarget: fc.constantFrom(95, 99, 99.5),
    }),
    fc.record({ method: fc.constant('ratioTimeslices' as const), timesliceSize: fc.constantFrom(1, 4).map((k) => `${(k * bucketMs) / MINUTE_MS}m`) }),
  );

type Scenario = { slo: BudgetSlo; bucketMs: number; start: number; history: SlotValue[]; ops: Op[] };

// Rolling windows with 5-minute buckets (every burn window), calendar months
// with 1-hour buckets around month ends and DST changes (Berlin: 29 March and
// 25 October 2026; New York: 8 March and 1 November 2026).
const rolling: fc.Arbitrary<Scenario> = fc.record({
  slo: fc.record({ objective: fc.constantFrom(99, 99.9, 95), window: fc.record({ type: fc.constant('rolling' as const), days: fc.constantFrom(1, 2) }), budgeting: budgetings(FIVE_MIN) }),
  bucketMs: fc.constant(FIVE_MIN),
  start: fc.integer({ min: 0, max: 2 * 288 }).map((k) => Date.UTC(2026, 2, 28) + k * FIVE_MIN),
  history: fc.array(slotValue, { minLength: 0, maxLength: 700 }),
  ops: fc.array(op(30), { maxLength: 25 }),
});

const calendar: fc.Arbitrary<Scenario> = fc.record({
  slo: fc.record({
    objective: fc.constantFrom(99, 99.9),
    window: fc.record({ type: fc.constant('calendar' as const), unit: fc.constant('month' as const), timeZone: fc.constantFrom('Europe/Berlin', 'America/New_York') }),
    budgeting: budgetings(HOUR_MS),
  }),
  bucketMs: fc.constant(HOUR_MS),
  start: fc.constantFrom(Date.UTC(2026, 2, 27), Date.UTC(2026, 2, 6), Date.UTC(2026, 9, 29), Date.UTC(2026, 9, 23)).chain((t) => fc.integer({ min: 0, max: 96 }).map((h) => t + h * HOUR_MS)),
  history: fc.array(slotValue, { minLength: 0, maxLength: 900 }),
  ops: fc.array(op(40), { maxLength: 25 }),
});

function toSlot(start: number, v: SlotValue): Slot {
  return v.missing ? { start, missing: true, bad: 0, total: 0 } : { start, missing: false, bad: v.total * v.badShare, total: v.total };
}

/** A lookup that answers only inside the ranges the compute asked for: reading elsewhere would see "missing" and fail the comparison. */
function loader(store: Map<number, Slot>, ranges: readonly BucketRange[]): BucketLookup {
  return (s) => (ranges.some((r) => s >= r.from && s < r.to) ? store.get(s) : undefined);
}

function close(a: number | null, b: number | null, what: string) {
  if (a === null || b === null) return expect(a, what).toBe(b);
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
}

function expectEqualsRecomputation(summary: BudgetSummary, store: Map<number, Slot>, s: Scenario, instant: number) {
  const buckets = [...store.values()].map((b) => (b.missing ? { start: b.start, missing: true as const } : { start: b.start, bad: b.bad, total: b.total }));
  const full = computeBudget({ slo: s.slo, buckets, bucketMs: s.bucketMs, now: instant });
  expect(summary.dataState).toBe(full.dataState);
  expect(summary.window).toEqual(full.window);
  close(summary.sli, full.sli, 'sli');
  close(summary.events.bad, full.events.bad, 'bad events');
  close(summary.events.total, full.events.total, 'total events');
  close(summary.coverage.observedMs, full.coverage.observedMs, 'observed');
  close(summary.budget.totalMinutes, full.budget.totalMinutes, 'total minutes');
  close(summary.budget.consumedMinutes, full.budget.consumedMinutes, 'consumed minutes');
  close(summary.budget.remainingPercent, full.budget.remainingPercent, 'remaining percent');
  expect(summary.policy.band).toBe(full.policy.band);
  for (const [i, b] of full.burnRates.entries()) {
    const mine = summary.burnRates[i]!;
    expect(mine.status, `${b.window} status`).toBe(b.status);
    close(mine.burnRate, b.burnRate, `${b.window} burn rate`);
    close(mine.coverage, b.coverage, `${b.window} coverage`);
  }
}

function run(s: Scenario) {
  const B = s.bucketMs;
  const store = new Map<number, Slot>();
  // History before the first instant (what a backfill stored), then a full computation.
  s.history.forEach((v, i) => store.set(s.start - (s.history.length - i) * B, toSlot(s.start - (s.history.length - i) * B, v)));
  let instant = s.start;
  const advance = (prev: SloStateData | null, target: number): StateResult => advanceState(prev, s.slo, target, B, loader(store, advanceNeeds(prev, s.slo, target, B)));
  let current = advance(null, instant);
  expectEqualsRecomputation(current.summary, store, s, instant);
  let n = 0;
  for (const o of s.ops) {
    if (o.kind === 'close' || o.kind === 'down') {
      if (o.kind === 'close') {
        for (let k = 0; k < o.buckets; k++) {
          if (o.gaps.includes(k)) continue; // never written: missing
          const start = instant + k * B;
          const total = ((n++ * 7919) % 1000) + (k % 3 === 0 ? 0.25 : 0);
          store.set(start, k % 11 === 5 ? toSlot(start, { missing: true }) : toSlot(start, { missing: false, total, badShare: (n % 17) / 100 }));
        }
      }
      const target = instant + o.buckets * B;
      current = advance(current.state, target);
      instant = target;
    } else {
      const start = instant - o.back * B;
      const change = { start, before: store.get(start) };
      store.set(start, toSlot(start, o.slot));
      current = applyBucketChanges(current.state, s.slo, B, [change], loader(store, changeNeeds(current.state, s.slo, B, [start])));
    }
    expectEqualsRecomputation(current.summary, store, s, instant);
  }
  // And to the last bit: the same figures as a state computed from scratch.
  expect(current.summary).toEqual(advance(null, instant).summary);
}

describe('precomputed state equals a full recomputation', () => {
  it('rolling windows, 5-minute buckets: closes, late buckets, gaps, every method', () => {
    fc.assert(fc.property(rolling, run), { numRuns: 60 });
  });

  it('calendar months across month ends and DST changes, 1-hour buckets', () => {
    fc.assert(fc.property(calendar, run), { numRuns: 60 });
  });

  it('a calendar window resets at local midnight on the 1st (Berlin, after the March DST change)', () => {
    const slo: BudgetSlo = { objective: 99, window: { type: 'calendar', unit: 'month', timeZone: 'Europe/Berlin' }, budgeting: { method: 'occurrences' } };
    const store = new Map<number, Slot>();
    const aprilStart = Date.UTC(2026, 2, 31, 22); // 1 April 00:00 CEST
    for (let t = aprilStart - 5 * HOUR_MS; t < aprilStart + 2 * HOUR_MS; t += HOUR_MS) store.set(t, { start: t, missing: false, bad: 10, total: 100 });
    const get: BucketLookup = (t) => store.get(t);
    const before = advanceState(null, slo, aprilStart - HOUR_MS, HOUR_MS, get);
    expect(before.summary.window.lengthMs).toBe(743 * HOUR_MS);
    expect(before.summary.events).toEqual({ bad: 40, total: 400 });
    const after = advanceState(before.state, slo, aprilStart + 2 * HOUR_MS, HOUR_MS, get);
    expect(after.summary.window.start).toBe(aprilStart);
    expect(after.summary.events).toEqual({ bad: 20, total: 200 });
    expect(after.summary.window.lengthMs).toBe(30 * DAY_MS);
  });

  it('traffic that aged out of a window leaves exactly no data (no float residue)', () => {
    const slo: BudgetSlo = { objective: 99.9, window: { type: 'rolling', days: 1 }, budgeting: { method: 'occurrences' } };
    const t0 = Date.UTC(2026, 5, 1);
    const store = new Map<number, Slot>([[t0, { start: t0, missing: false, bad: 0.1, total: 1e15 / 3 }]]);
    const get: BucketLookup = (t) => store.get(t);
    let r = advanceState(null, slo, t0 + FIVE_MIN, FIVE_MIN, get);
    expect(r.summary.burnRates.find((b) => b.window === '5m')!.status).toBe('ok');
    r = advanceState(r.state, slo, t0 + 2 * FIVE_MIN, FIVE_MIN, get);
    expect(r.summary.burnRates.find((b) => b.window === '5m')!.status).toBe('no-data');
    expect(r.summary.burnRates.find((b) => b.window === '30m')!.errorRatio).toBe(0.1 / (1e15 / 3));
  });
});
