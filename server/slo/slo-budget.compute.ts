import { SLI_WINDOWS, type SliWindow } from './burn-rate.compute';
import { MINUTE_MS, parseDuration } from '../lib/duration';
import { errorBudgetRatio, objectiveRatio, type Slo, type SloBudgeting } from './slo.schema';
import { indexBuckets, sliceMs, slotsBetween, type BucketIndex, type CountBucket, type SlotSpan } from './slo-buckets.compute';
import type { PolicyBand } from '../lib/policy-bands';
import { policyBand, policyFor, type PolicyBandInfo } from './slo-policy.compute';
import { windowBounds } from './slo-windows.compute';
import { localDateString, startOfLocalDay, startOfNextLocalDay } from '../lib/time-zone';

// Error budget of an SLO at instant `now`, from stored per-bucket COUNTS.
//
// Definitions (docs/slo.md, "Budget math"):
//  - Budget = (1 - objective) x window length, in minutes: 99.9 % of 30 d = 43.2
//    min. Calendar windows use the whole period's length (743 h for a March in
//    Berlin) from its first day, and reset at the period start.
//  - Occurrences: consumed = (bad / total) x observed time, where observed time
//    is the window so far minus missing buckets. That is the traffic-weighted
//    error ratio spread over the time we saw; a 5-minute full outage at steady
//    traffic consumes 5 minutes. Each bucket's share is its bad events x
//    (observed time / total events), so the timeline only ever goes down and
//    ends at the headline figure. Missing buckets neither consume nor count as
//    good; buckets with zero traffic are observed time without events.
//  - Timeslices (OpenSLO): a slice is bad when its good/total < the slice target;
//    a bad slice consumes its length; slices without traffic or data are
//    neither good nor bad. RatioTimeslices: a slice consumes its length x its
//    error ratio.
//  - SLI = good / total (occurrences), good slices / judged slices (timeslices),
//    mean slice ratio (ratio timeslices); null when there is nothing to judge.
//  - Burn rate over w = error ratio over [now - w, now) / (1 - objective).
//  - A range holds the buckets that START inside it; the bucket in progress at
//    `now` counts for its elapsed part. Pass `now` on a bucket boundary (the end
//    of the last complete bucket) and every window is exact.

export type BudgetSlo = Pick<Slo, 'objective' | 'window' | 'budgeting'>;

export type BudgetInput = {
  slo: BudgetSlo;
  /** Buckets covering at least bucketRangeFor(slo, now); others are ignored. */
  buckets: readonly CountBucket[];
  bucketMs: number;
  now: number;
  /** Zone of the day-by-day table. Default: the calendar window's zone, else UTC. */
  timeZone?: string;
};

type BurnRateStatus = 'ok' | 'partial' | 'no-data' | 'too-coarse';

export type BurnRateReport = {
  window: SliWindow;
  windowMs: number;
  /** partial: some of the window's buckets are missing (the rate is from the rest). */
  status: BurnRateStatus;
  errorRatio: number | null;
  burnRate: number | null;
  /** Share of the window covered by non-missing buckets, 0..1. */
  coverage: number;
};

type TimelinePoint = { t: number; remainingMinutes: number; remainingPercent: number; missing: boolean };

type DayRow = {
  day: number;
  date: string;
  start: number;
  end: number;
  good: number;
  bad: number;
  total: number;
  sli: number | null;
  consumedMinutes: number;
  remainingMinutes: number;
  remainingPercent: number;
  band: PolicyBand;
  missingBuckets: number;
};

export type BudgetReport = {
  method: SloBudgeting['method'];
  window: { start: number; end: number; lengthMs: number; elapsedMs: number };
  dataState: 'ok' | 'no-data';
  coverage: { buckets: number; missingBuckets: number; observedMs: number; ratio: number };
  events: { good: number; bad: number; total: number };
  slices: { good: number; bad: number; noData: number } | null;
  sli: number | null;
  objective: number;
  budget: { totalMinutes: number; consumedMinutes: number; remainingMinutes: number; consumedPercent: number; remainingPercent: number };
  burnRates: BurnRateReport[];
  /** At the 1 h burn rate; null when not burning or unknown; 0 when already exhausted. */
  exhaustion: { burnRate: number | null; inMs: number | null; at: number | null; beforeWindowEnd: boolean | null };
  policy: PolicyBandInfo & { remainingPercent: number };
  /** Remaining budget after each bucket of the window so far, starting at 100 %. */
  timeline: TimelinePoint[];
  days: DayRow[];
  clampedBuckets: number;
};

export function computeBudget(input: BudgetInput): BudgetReport {
  const { slo, bucketMs, now } = input;
  const index = indexBuckets(input.buckets, bucketMs);
  const bounds = windowBounds(slo.window, now);
  const budgetRatio = errorBudgetRatio(slo.objective);
  const totalMinutes = (budgetRatio * bounds.lengthMs) / MINUTE_MS;

  const slots = slotsBetween(index, bounds.start, bounds.end, now);
  const judged = judge(slo.budgeting, slots, bucketMs);
  const consumedMinutes = sum(judged.consumedMs) / MINUTE_MS;

  const burnRates = SLI_WINDOWS.map((w) => burnRateOver(w, index, slo.budgeting, budgetRatio, now));
  const hour = burnRates.find((b) => b.window === '1h')!;

  const observedMs = sum(slots.filter((s) => !s.missing).map((s) => s.durationMs));
  const events = {
    good: sum(slots.map((s) => s.total - s.bad)),
    bad: sum(slots.map((s) => s.bad)),
    total: sum(slots.map((s) => s.total)),
  };
  return {
    method: slo.budgeting.method,
    window: { start: bounds.start, end: bounds.end, lengthMs: bounds.lengthMs, elapsedMs: bounds.elapsedMs },
    dataState: judged.errorRatio === null ? 'no-data' : 'ok',
    coverage: {
      buckets: slots.length,
      missingBuckets: slots.filter((s) => s.missing).length,
      observedMs,
      ratio: bounds.elapsedMs > 0 ? observedMs / bounds.elapsedMs : 0,
    },
    events,
    slices: judged.slices,
    sli: judged.errorRatio === null ? null : 1 - judged.errorRatio,
    objective: objectiveRatio(slo.objective),
    ...budgetStanding(totalMinutes, consumedMinutes, hour.burnRate, bounds, now, slo.window.type),
    burnRates,
    timeline: timeline(slots, judged.consumedMs, totalMinutes, bounds.start),
    days: dayTable(slots, judged.consumedMs, totalMinutes, bounds, now, input.timeZone ?? defaultZone(slo)),
    clampedBuckets: index.clamped,
  };
}

// ---------------------------------------------------------------------------
// Judging a run of buckets under a budgeting method

type Judged = {
  /** Error ratio over the run (bad events / events, or bad slice time / judged slice time); null if nothing to judge. */
  errorRatio: number | null;
  /** Budget consumed per slot, in milliseconds of "full outage" time. */
  consumedMs: number[];
  /** Coverage-weighted share of the run that was judged (observed time for occurrences). */
  judgedMs: number;
  slices: { good: number; bad: number; noData: number } | null;
};

function judge(budgeting: SloBudgeting, slots: SlotSpan[], bucketMs: number): Judged {
  if (budgeting.method === 'occurrences') return judgeOccurrences(slots);
  return judgeSlices(budgeting, slots, sliceMs(budgeting.timesliceSize, bucketMs));
}

function judgeOccurrences(slots: SlotSpan[]): Judged {
  const observed = slots.filter((s) => !s.missing);
  const total = sum(observed.map((s) => s.total));
  const bad = sum(observed.map((s) => s.bad));
  const observedMs = sum(observed.map((s) => s.durationMs));
  if (total <= 0) return { errorRatio: null, consumedMs: slots.map(() => 0), judgedMs: observedMs, slices: null };
  const msPerEvent = observedMs / total;
  return { errorRatio: bad / total, consumedMs: slots.map((s) => s.bad * msPerEvent), judgedMs: observedMs, slices: null };
}

function judgeSlices(budgeting: Exclude<SloBudgeting, { method: 'occurrences' }>, slots: SlotSpan[], sliceLength: number): Judged {
  const consumedMs = slots.map(() => 0);
  const slices = { good: 0, bad: 0, noData: 0 };
  let judgedMs = 0;
  let badMs = 0;
  // Slices are aligned to multiples of their length since the epoch, like buckets;
  // a slice cut by the window's edge is judged on the part inside it.
  for (let i = 0; i < slots.length; ) {
    const key = Math.floor(slots[i]!.start / sliceLength);
    let j = i;
    while (j < slots.length && Math.floor(slots[j]!.start / sliceLength) === key) j++;
    const members = slots.slice(i, j);
    const total = sum(members.filter((s) => !s.missing).map((s) => s.total));
    const bad = sum(members.filter((s) => !s.missing).map((s) => s.bad));
    const spanMs = sum(members.map((s) => s.durationMs));
    if (total <= 0) slices.noData++;
    else {
      const sliceBad = sliceBadness(budgeting, bad, total);
      if (budgeting.method === 'timeslices') slices[sliceBad ? 'bad' : 'good']++;
      judgedMs += spanMs;
      badMs += sliceBad * spanMs;
      // Spread the slice's consumption over its buckets in proportion to their length.
      for (let k = i; k < j; k++) consumedMs[k] = sliceBad * slots[k]!.durationMs;
    }
    i = j;
  }
  return {
    errorRatio: judgedMs > 0 ? badMs / judgedMs : null,
    consumedMs,
    judgedMs,
    slices: budgeting.method === 'timeslices' ? slices : { good: 0, bad: 0, noData: slices.noData },
  };
}

/**
 * How bad a judged slice (total > 0) is: 1 or 0 for timeslices (a slice at
 * exactly the target is good), its error ratio for ratio timeslices. Shared with
 * the precomputed state (slo-state.compute.ts) so both judge a slice alike.
 */
export function sliceBadness(budgeting: Exclude<SloBudgeting, { method: 'occurrences' }>, bad: number, total: number): number {
  const errorRatio = bad / total;
  if (budgeting.method !== 'timeslices') return errorRatio;
  return 1 - errorRatio < budgeting.timesliceTarget / 100 - 1e-12 ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Burn rates, exhaustion

function burnRateOver(window: SliWindow, index: BucketIndex, budgeting: SloBudgeting, budgetRatio: number, now: number): BurnRateReport {
  const windowMs = parseDuration(window);
  const granularity = budgeting.method === 'occurrences' ? index.bucketMs : sliceMs(budgeting.timesliceSize, index.bucketMs);
  if (windowMs < granularity) return { window, windowMs, status: 'too-coarse', errorRatio: null, burnRate: null, coverage: 0 };
  const slots = slotsBetween(index, now - windowMs, now, now);
  const coverage = sum(slots.filter((s) => !s.missing).map((s) => s.durationMs)) / windowMs;
  const { errorRatio } = judge(budgeting, slots, index.bucketMs);
  if (errorRatio === null) return { window, windowMs, status: 'no-data', errorRatio: null, burnRate: null, coverage };
  return {
    window,
    windowMs,
    status: coverage >= 1 - 1e-9 ? 'ok' : 'partial',
    errorRatio,
    burnRate: errorRatio / budgetRatio,
    coverage,
  };
}

/**
 * At burn rate r the budget drains r times as fast as "exactly used up at the end
 * of the window": remaining share x window length / r. For rolling windows this
 * ignores old errors ageing out, so it errs on the early side.
 */
export function exhaustion(
  remainingPercent: number,
  burnRate: number | null,
  bounds: { end: number; lengthMs: number },
  now: number,
  type: 'rolling' | 'calendar',
): BudgetReport['exhaustion'] {
  if (remainingPercent <= 0) return { burnRate, inMs: 0, at: now, beforeWindowEnd: true };
  if (burnRate === null || burnRate <= 0) return { burnRate, inMs: null, at: null, beforeWindowEnd: null };
  const inMs = ((remainingPercent / 100) * bounds.lengthMs) / burnRate;
  return { burnRate, inMs, at: now + inMs, beforeWindowEnd: type === 'calendar' ? now + inMs < bounds.end : inMs < bounds.lengthMs };
}

// ---------------------------------------------------------------------------
// Timeline and day-by-day table

function timeline(slots: SlotSpan[], consumedMs: number[], totalMinutes: number, start: number): TimelinePoint[] {
  const points: TimelinePoint[] = [{ t: start, remainingMinutes: totalMinutes, remainingPercent: 100, missing: false }];
  let remaining = totalMinutes;
  slots.forEach((s, i) => {
    remaining -= consumedMs[i]! / MINUTE_MS;
    points.push({ t: s.start + s.durationMs, remainingMinutes: remaining, remainingPercent: (remaining / totalMinutes) * 100, missing: s.missing });
  });
  return points;
}

function dayTable(
  slots: SlotSpan[],
  consumedMs: number[],
  totalMinutes: number,
  bounds: { start: number; end: number },
  now: number,
  timeZone: string,
): DayRow[] {
  const rows: DayRow[] = [];
  const until = Math.min(now, bounds.end);
  let remaining = totalMinutes;
  let i = 0;
  for (let dayStart = startOfLocalDay(bounds.start, timeZone), n = 1; dayStart < until; n++) {
    const next = startOfNextLocalDay(dayStart, timeZone);
    const from = Math.max(dayStart, bounds.start);
    const to = Math.min(next, until);
    const row = { good: 0, bad: 0, total: 0, consumedMs: 0, missing: 0 };
    for (; i < slots.length && slots[i]!.start < to; i++) {
      const s = slots[i]!;
      row.consumedMs += consumedMs[i]!;
      if (s.missing) row.missing++;
      else {
        row.good += s.total - s.bad;
        row.bad += s.bad;
        row.total += s.total;
      }
    }
    remaining -= row.consumedMs / MINUTE_MS;
    const remainingPercent = (remaining / totalMinutes) * 100;
    rows.push({
      day: n,
      date: localDateString(from, timeZone),
      start: from,
      end: to,
      good: row.good,
      bad: row.bad,
      total: row.total,
      sli: row.total > 0 ? row.good / row.total : null,
      consumedMinutes: row.consumedMs / MINUTE_MS,
      remainingMinutes: remaining,
      remainingPercent,
      band: policyBand(remainingPercent),
      missingBuckets: row.missing,
    });
    dayStart = next;
  }
  return rows;
}

function defaultZone(slo: BudgetSlo): string {
  return slo.window.type === 'calendar' ? slo.window.timeZone : 'UTC';
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/**
 * The budget figures, time to exhaustion and policy band for a consumption:
 * shared by the full report and the many-SLO summary so both say the same thing.
 */
export function budgetStanding(
  totalMinutes: number,
  consumedMinutes: number,
  hourBurnRate: number | null,
  bounds: Parameters<typeof exhaustion>[2],
  now: number,
  windowType: Parameters<typeof exhaustion>[4],
): Pick<BudgetReport, 'budget' | 'exhaustion' | 'policy'> {
  const remainingMinutes = totalMinutes - consumedMinutes;
  const remainingPercent = (remainingMinutes / totalMinutes) * 100;
  return {
    budget: {
      totalMinutes,
      consumedMinutes,
      remainingMinutes,
      consumedPercent: (consumedMinutes / totalMinutes) * 100,
      remainingPercent,
    },
    exhaustion: exhaustion(remainingPercent, hourBurnRate, bounds, now, windowType),
    policy: { ...policyFor(remainingPercent), remainingPercent },
  };
}
