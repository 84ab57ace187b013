import { SLI_WINDOWS, type SliWindow } from './burn-rate.compute';
import { DAY_MS, MINUTE_MS, parseDuration } from '../lib/duration';
import { errorBudgetRatio, objectiveRatio } from './slo.schema';
import { budgetStanding, type BudgetReport, type BudgetSlo, type BurnRateReport } from './slo-budget.compute';
import { windowBounds } from './slo-windows.compute';

// The headline of computeBudget (SLI, budget, burn rates, exhaustion, policy)
// from SUMS of buckets instead of the buckets themselves, for the occurrences
// method. The sums come from Postgres: whole UTC days from the daily roll-up
// (SloSliDay) plus the 5-minute buckets of the partial days at the range's
// edges, so a 30-day window reads ~30 day rows + 288 buckets instead of 8,640
// buckets per SLO. Timeslice methods need every slice and use computeBudget.
//
// `now` must be a bucket boundary (the end of the newest complete bucket); then
// every range below is whole buckets and the result equals computeBudget's.

export type RangeSums = { bad: number; total: number; presentBuckets: number };

export type SummaryRange = { key: 'window' | SliWindow; from: number; to: number };

/** The ranges whose sums `budgetSummary` needs, for an SLO at `now`. */
export function summaryRanges(slo: Pick<BudgetSlo, 'window'>, now: number, bucketMs: number): SummaryRange[] {
  const w = windowBounds(slo.window, now);
  const ranges: SummaryRange[] = [{ key: 'window', from: w.start, to: Math.min(now, w.end) }];
  for (const window of SLI_WINDOWS) {
    const ms = parseDuration(window);
    if (ms >= bucketMs) ranges.push({ key: window, from: now - ms, to: now });
  }
  return ranges;
}

/**
 * How to sum a range from the two tables: whole UTC days [dayFrom, dayTo) from
 * the roll-up, and buckets in [from, dayFrom) and [dayTo, to). A range within
 * one day is all buckets (dayFrom = dayTo = to).
 */
export function splitRange(from: number, to: number): { dayFrom: number; dayTo: number } {
  const dayFrom = Math.ceil(from / DAY_MS) * DAY_MS;
  const dayTo = Math.floor(to / DAY_MS) * DAY_MS;
  return dayFrom < dayTo ? { dayFrom, dayTo } : { dayFrom: to, dayTo: to };
}

export type BudgetSummary = Pick<BudgetReport, 'method' | 'dataState' | 'sli' | 'objective' | 'budget' | 'burnRates' | 'exhaustion' | 'policy'> & {
  window: BudgetReport['window'];
  coverage: { observedMs: number; ratio: number };
  events: { bad: number; total: number };
};

export function budgetSummary(input: {
  slo: BudgetSlo;
  bucketMs: number;
  now: number;
  sums: Partial<Record<SummaryRange['key'], RangeSums>>;
}): BudgetSummary {
  const { slo, bucketMs, now } = input;
  if (slo.budgeting.method !== 'occurrences') throw new RangeError('budgetSummary handles the occurrences method; use computeBudget for time slices');
  if (now % bucketMs !== 0) throw new RangeError('now must be a bucket boundary');
  const bounds = windowBounds(slo.window, now);
  const budgetRatio = errorBudgetRatio(slo.objective);
  const totalMinutes = (budgetRatio * bounds.lengthMs) / MINUTE_MS;
  const empty: RangeSums = { bad: 0, total: 0, presentBuckets: 0 };
  const w = input.sums.window ?? empty;
  const observedMs = w.presentBuckets * bucketMs;
  const bad = Math.min(Math.max(w.bad, 0), w.total);
  const errorRatio = w.total > 0 ? bad / w.total : null;
  const consumedMinutes = errorRatio === null ? 0 : (errorRatio * observedMs) / MINUTE_MS;

  const burnRates: BurnRateReport[] = SLI_WINDOWS.map((window) => {
    const windowMs = parseDuration(window);
    if (windowMs < bucketMs) return { window, windowMs, status: 'too-coarse', errorRatio: null, burnRate: null, coverage: 0 };
    const r = input.sums[window] ?? empty;
    const coverage = (r.presentBuckets * bucketMs) / windowMs;
    if (r.total <= 0) return { window, windowMs, status: 'no-data', errorRatio: null, burnRate: null, coverage };
    const ratio = Math.min(Math.max(r.bad, 0), r.total) / r.total;
    return { window, windowMs, status: coverage >= 1 - 1e-9 ? 'ok' : 'partial', errorRatio: ratio, burnRate: ratio / budgetRatio, coverage };
  });
  const hour = burnRates.find((b) => b.window === '1h')!;
  return {
    method: 'occurrences',
    window: { start: bounds.start, end: bounds.end, lengthMs: bounds.lengthMs, elapsedMs: bounds.elapsedMs },
    dataState: errorRatio === null ? 'no-data' : 'ok',
    coverage: { observedMs, ratio: bounds.elapsedMs > 0 ? observedMs / bounds.elapsedMs : 0 },
    events: { bad, total: w.total },
    sli: errorRatio === null ? null : 1 - errorRatio,
    objective: objectiveRatio(slo.objective),
    ...budgetStanding(totalMinutes, consumedMinutes, hour.burnRate, bounds, now, slo.window.type),
    burnRates,
  };
}

/** Sums of in-memory buckets over a range (tests and small callers). */
export function sumBuckets(
  buckets: ReadonlyArray<{ start: number; bad: number; total: number; missing: boolean }>,
  from: number,
  to: number,
): RangeSums {
  const out = { bad: 0, total: 0, presentBuckets: 0 };
  for (const b of buckets) {
    if (b.start < from || b.start >= to || b.missing) continue;
    out.bad += Math.min(Math.max(b.bad, 0), b.total);
    out.total += b.total;
    out.presentBuckets++;
  }
  return out;
}
