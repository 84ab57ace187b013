import { computeBudget, type BudgetSlo } from './slo-budget.compute';
import { indexBuckets, slotsBetween, type CountBucket } from './slo-buckets.compute';

// The error budget an incident consumed (docs/incidents.md, "Budget consumed").
// We read it off the SLO's own budget report, evaluated at the end of the
// incident: consumed = budget remaining when the impact started - remaining when
// it ended. So the figure uses exactly the budget math of the SLO page (same
// budgeting method, same missing-data rule, same window) as the SLO page showed
// when the incident ended. (With uneven traffic a later report can price the same
// bad events slightly differently: occurrences spread the budget over the
// window's traffic so far.)
//
// The span is widened to whole buckets (the bucket in which the impact started
// holds its first errors; the one in which it ended, its last). A span reaching
// back before the window start (a calendar month that reset mid-incident, or a
// rolling window shorter than the look-back) is counted from the window start
// and flagged: the earlier part was charged to the previous period.

export type IncidentBudgetInput = {
  slo: BudgetSlo;
  buckets: readonly CountBucket[];
  bucketMs: number;
  startedAt: number;
  /** resolvedAt; null while the impact continues (then up to now). */
  endedAt: number | null;
  now: number;
};

export type IncidentBudgetImpact = {
  span: { from: number; to: number };
  window: { start: number; end: number };
  /** The span began before the window: only the part inside it is counted. */
  clippedAtWindowStart: boolean;
  totalMinutes: number;
  consumedMinutes: number;
  /** Share of the whole window's budget, percent. */
  consumedPercent: number;
  /** Budget left right after the incident (or now, if ongoing), percent. */
  remainingPercentAfter: number;
  events: { bad: number; total: number; missingBuckets: number };
  dataState: 'ok' | 'no-data';
};

export function incidentBudgetImpact(input: IncidentBudgetInput): IncidentBudgetImpact {
  const { bucketMs, now } = input;
  const end = Math.min(input.endedAt ?? now, now);
  const from = Math.floor(input.startedAt / bucketMs) * bucketMs;
  const to = Math.max(from, Math.min(Math.ceil(end / bucketMs) * bucketMs, now));
  const report = computeBudget({ slo: input.slo, buckets: input.buckets, bucketMs, now: to });
  const spanStart = Math.max(from, report.window.start);

  // The timeline holds remaining budget after each bucket, starting at the window start.
  let before = report.timeline[0]!;
  for (const p of report.timeline) if (p.t <= spanStart) before = p;
  const after = report.timeline.at(-1)!;
  const consumedMinutes = before.remainingMinutes - after.remainingMinutes;

  const slots = slotsBetween(indexBuckets(input.buckets, bucketMs), spanStart, to, to);
  const observed = slots.filter((s) => !s.missing);
  const total = observed.reduce((s, x) => s + x.total, 0);
  return {
    span: { from: spanStart, to },
    window: { start: report.window.start, end: report.window.end },
    clippedAtWindowStart: from < report.window.start,
    totalMinutes: report.budget.totalMinutes,
    consumedMinutes,
    consumedPercent: (consumedMinutes / report.budget.totalMinutes) * 100,
    remainingPercentAfter: report.budget.remainingPercent,
    events: { bad: observed.reduce((s, x) => s + x.bad, 0), total, missingBuckets: slots.length - observed.length },
    dataState: total > 0 ? 'ok' : 'no-data',
  };
}
