import { formatDuration } from '../lib/duration';
import type { SloSli } from './slo.schema';
import type { CountBucket } from './slo-buckets.compute';
import { errorRateExpr, eventQueries, rawRatioExpr, totalRateExpr } from './slo-promql.compute';
import { rateAsIncrease } from './rate-as-increase.compute';

// What the SLI sampler asks Prometheus for, one bucket at a time.
//
// Evaluate each query as an instant query at the bucket's END (start + size):
// the queries' range is the bucket size, so the value covers exactly that
// bucket. Backfill with query_range(start + size, end, step = size). Then:
//  - total query returns nothing (no series: target down, metric renamed)
//      -> store { start, missing: true }
//  - otherwise store { start, bad: value(bad) x seconds, total: value(total) x seconds }
//    (user queries are per-second rates; x seconds gives events. The budget math
//    only uses proportions, so any unit works as long as one SLO keeps one unit.)
//  - raw SLIs: { start, bad: ratio, total: 1 } (time-weighted), missing when empty.
//  - rate(x[bucket]) is asked as increase(x[bucket]) / seconds: the same number
//    on Prometheus, exact on VictoriaMetrics (rate-as-increase.compute.ts).

export type BucketQueries =
  | { kind: 'events'; bad: string; total: string; multiplyBy: number }
  | { kind: 'raw'; errorRatio: string };

export function bucketQueries(sli: SloSli, bucketMs: number): BucketQueries {
  const range = formatDuration(bucketMs);
  const exact = (expr: string) => rateAsIncrease(expr, range, bucketMs / 1000);
  const events = eventQueries(sli);
  if (events) return { kind: 'events', bad: exact(errorRateExpr(events, range)), total: exact(totalRateExpr(events, range)), multiplyBy: bucketMs / 1000 };
  if (sli.type === 'raw') return { kind: 'raw', errorRatio: exact(rawRatioExpr(sli.errorRatioQuery, range)) };
  throw new Error('unreachable: unknown SLI type');
}

/** A sampled bucket from the query results (undefined = the query returned no sample). */
export function bucketFromSamples(q: BucketQueries, start: number, values: { bad?: number; total?: number; errorRatio?: number }): CountBucket {
  if (q.kind === 'raw') {
    return values.errorRatio === undefined ? { start, missing: true } : { start, bad: Math.min(Math.max(values.errorRatio, 0), 1), total: 1 };
  }
  if (values.total === undefined) return { start, missing: true };
  return { start, bad: (values.bad ?? 0) * q.multiplyBy, total: values.total * q.multiplyBy };
}

/** Prometheus queries the sampler issues per SLO per hour in steady state: one evaluation per new bucket, one query per series. */
export function samplerQueriesPerHour(q: BucketQueries, bucketMs: number): number {
  return (3_600_000 / bucketMs) * (q.kind === 'events' ? 2 : 1);
}

/** Bucket starts in [from, to), both on bucket boundaries. */
export function bucketStarts(from: number, to: number, bucketMs: number): number[] {
  const out: number[] = [];
  for (let s = Math.ceil(from / bucketMs) * bucketMs; s < to; s += bucketMs) out.push(s);
  return out;
}
