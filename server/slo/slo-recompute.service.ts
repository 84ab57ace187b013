import type { Db } from '../database/tx';
import * as repo from './slo.repo';
import { windowSums } from './slo-sums.repo';
import { computeBudget } from './slo-budget.compute';
import { bucketRangeFor, RECOMMENDED_BUCKET_MS, type CountBucket } from './slo-buckets.compute';
import { evaluationInstant } from './slo-state.compute';
import { budgetSummary, type BudgetSummary } from './slo-summary.compute';
import { windowBounds } from './slo-windows.compute';

// Budgets recomputed from the stored buckets (the path every page took before
// the precomputed state, docs/slo.md "Precomputed state"). Still used for
// figures "as of" an instant before the stored state (monthly reports), for
// the detail page's timeline and day table, and by the benchmark as the
// comparison.

export const BUCKET_MS = RECOMMENDED_BUCKET_MS;

export type Evaluated = { row: repo.SloRow; summary: BudgetSummary };

/** Budget summaries for many SLOs: one SQL statement for the occurrences ones, buckets for time-slice ones. */
export async function evaluate(tx: Db, rows: readonly repo.SloRow[], now: number): Promise<Evaluated[]> {
  const at = evaluationInstant(now, BUCKET_MS);
  const occ = rows.filter((r) => r.definition.budgeting.method === 'occurrences');
  const sums = await windowSums(
    tx,
    occ.map((r) => ({ seq: r.seq, windowFrom: windowBounds(r.definition.window, at).start })),
    at,
  );
  const out: Evaluated[] = [];
  for (const row of rows) {
    if (row.definition.budgeting.method === 'occurrences') {
      out.push({ row, summary: budgetSummary({ slo: row.definition, bucketMs: BUCKET_MS, now: at, sums: sums.get(row.seq) ?? {} }) });
    } else {
      const { report } = await fullReport(tx, row, at);
      out.push({ row, summary: { ...report, events: { bad: report.events.bad, total: report.events.total } } });
    }
  }
  return out;
}

/** The full report (timeline, days) of one SLO at a bucket boundary, and the buckets it read. */
export async function fullReport(tx: Db, row: repo.SloRow, at: number) {
  const range = bucketRangeFor(row.definition, at);
  const stored = await repo.loadBuckets(tx, row.seq, range.from, range.to);
  const buckets: CountBucket[] = stored.map((b) => (b.missing ? { start: b.start, missing: true } : { start: b.start, bad: b.bad, total: b.total }));
  return { report: computeBudget({ slo: row.definition, buckets, bucketMs: BUCKET_MS, now: at }), stored };
}
