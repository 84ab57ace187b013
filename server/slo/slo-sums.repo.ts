import type { Db } from '../database/tx';
import { groupByDays } from './slo-partitions.compute';
import { splitRange, type RangeSums, type SummaryRange } from './slo-summary.compute';

// Event sums over budget ranges for many SLOs at once (docs/slo.md, "Why a day
// roll-up"): whole UTC days from SloSliDay plus the buckets of the partial days
// at the ranges' edges from SloSliBucket. Both tables are partitioned by time
// (slo-partitions.*), so every LATERAL read carries constant bounds on the
// partition key besides its per-row ones: a bound known only per row keeps
// every partition in the plan, and the plan's size (planning, JIT compilation)
// then grows with the retention instead of with the rows read.

type Sums = Map<number, Partial<Record<SummaryRange['key'], RangeSums>>>;

export type SeqRange = SummaryRange & { seq: number };

/**
 * Sums for many (SLO, range) pairs: whole UTC days from the roll-up plus the
 * buckets of the partial days at each range's edges; one statement per pair
 * of first and last UTC day, so the edge reads are bounded to their days.
 */
export async function rangeSums(db: Db, ranges: readonly SeqRange[]): Promise<Sums> {
  const out: Sums = new Map();
  for (const group of groupByDays(ranges, (r) => [r.from, r.to - 1])) await rangeSumsOfDays(db, group, out);
  return out;
}

async function rangeSumsOfDays(db: Db, ranges: readonly SeqRange[], out: Sums): Promise<void> {
  const split = ranges.map((r) => splitRange(r.from, r.to));
  // Each read's bounds over the group: the first edge [from, dayFrom) and the
  // last [dayTo, to) lie on the group's first and last day, the roll-up days
  // between.
  const lo = Math.min(...ranges.map((r) => r.from));
  const hi = Math.max(...ranges.map((r) => r.to));
  const firstHi = Math.max(...split.map((x) => x.dayFrom));
  const lastLo = Math.min(...split.map((x) => x.dayTo));
  const rows = await db.$queryRaw<Array<{ seq: number; key: string; bad: number | null; total: number | null; present: bigint | number | null }>>`
    WITH r AS (
      SELECT seq, key, to_timestamp(f / 1000) AS f, to_timestamp(t / 1000) AS t, to_timestamp(df / 1000) AS df, to_timestamp(dt / 1000) AS dt
      FROM unnest(${ranges.map((r) => r.seq)}::int[], ${ranges.map((r) => r.key)}::text[], ${ranges.map((r) => r.from)}::float8[],
                  ${ranges.map((r) => r.to)}::float8[], ${split.map((s) => s.dayFrom)}::float8[], ${split.map((s) => s.dayTo)}::float8[])
        AS x(seq, key, f, t, df, dt)
    )
    SELECT r.seq, r.key,
           coalesce(d.bad, 0) + coalesce(b1.bad, 0) + coalesce(b2.bad, 0) AS bad,
           coalesce(d.total, 0) + coalesce(b1.total, 0) + coalesce(b2.total, 0) AS total,
           coalesce(d.present, 0) + coalesce(b1.present, 0) + coalesce(b2.present, 0) AS present
    FROM r
    LEFT JOIN LATERAL (
      SELECT sum(bad) AS bad, sum(total) AS total, sum(buckets) AS present FROM "SloSliDay"
      WHERE "sloSeq" = r.seq AND day >= r.df AND day < r.dt AND day >= to_timestamp(${lo}::float8 / 1000) AND day < to_timestamp(${hi}::float8 / 1000)
    ) d ON r.df < r.dt
    LEFT JOIN LATERAL (
      SELECT sum(bad) FILTER (WHERE NOT missing) AS bad, sum(total) FILTER (WHERE NOT missing) AS total, count(*) FILTER (WHERE NOT missing) AS present
      FROM "SloSliBucket" WHERE "sloSeq" = r.seq AND "start" >= r.f AND "start" < r.df
        AND "start" >= to_timestamp(${lo}::float8 / 1000) AND "start" < to_timestamp(${firstHi}::float8 / 1000)
    ) b1 ON true
    LEFT JOIN LATERAL (
      SELECT sum(bad) FILTER (WHERE NOT missing) AS bad, sum(total) FILTER (WHERE NOT missing) AS total, count(*) FILTER (WHERE NOT missing) AS present
      FROM "SloSliBucket" WHERE "sloSeq" = r.seq AND "start" >= r.dt AND "start" < r.t AND r.dt < r.t AND r.df < r.dt
        AND "start" >= to_timestamp(${lastLo}::float8 / 1000) AND "start" < to_timestamp(${hi}::float8 / 1000)
    ) b2 ON true`;
  for (const row of rows) {
    const seq = Number(row.seq);
    const entry = out.get(seq) ?? {};
    entry[row.key as SummaryRange['key']] = { bad: Number(row.bad ?? 0), total: Number(row.total ?? 0), presentBuckets: Number(row.present ?? 0) };
    out.set(seq, entry);
  }
}

/**
 * Sums for every (SLO, range) `budgetSummary` needs at `now` (a bucket boundary
 * common to all SLOs), in one statement with five index range scans per SLO:
 *  - recent buckets [min(now - 6h, today 00:00), now) with a FILTER per short
 *    window (5m..6h) and for today's part of the long ranges;
 *  - the day roll-up from the earliest long range's first whole day to today,
 *    with a FILTER per long range (window, 3d, 1d);
 *  - the buckets of each long range's partial first day.
 * A range [from, now) = buckets [from, min(ceil_day(from), today)) + days
 * [ceil_day(from), today) + buckets [max(today, from), now). Equal to summing
 * each range separately (rangeSums), ~5x fewer index scans. One statement per
 * UTC day the windows start on (one per window length for rolling windows):
 * SLOs of 7 and 90 days in one statement would bound the window-edge read by
 * neither day and put every partition between in its plan.
 */
export async function windowSums(db: Db, slos: ReadonlyArray<{ seq: number; windowFrom: number }>, now: number): Promise<Sums> {
  const out: Sums = new Map();
  for (const group of groupByDays(slos, (s) => [s.windowFrom])) await windowSumsOfEdgeDay(db, group, now, out);
  return out;
}

async function windowSumsOfEdgeDay(db: Db, slos: ReadonlyArray<{ seq: number; windowFrom: number }>, now: number, out: Sums): Promise<void> {
  const DAY = 86_400_000;
  const H = 3_600_000;
  const today = Math.floor(now / DAY) * DAY;
  const ceilDay = (t: number) => Math.ceil(t / DAY) * DAY;
  const d3 = now - 3 * DAY;
  const d1 = now - DAY;
  // The constant bounds of the LATERALs below (see the file comment); they never narrow a range.
  const dayLo = Math.min(ceilDay(d3), ceilDay(d1), ...slos.map((x) => ceilDay(x.windowFrom)));
  const edgeLo = Math.min(...slos.map((x) => x.windowFrom));
  const edgeHi = Math.max(...slos.map((x) => Math.min(ceilDay(x.windowFrom), today)));
  // One JSON text value for all rows: far cheaper to hand through the driver
  // than 1,000 rows x 40 numeric columns.
  const result = await db.$queryRaw<Array<{ j: string }>>`
    SELECT coalesce(json_agg(q), '[]')::text AS j FROM (
    WITH p AS (
      SELECT to_timestamp(${now}::float8 / 1000) AS now_, to_timestamp(${today}::float8 / 1000) AS today,
             to_timestamp(${Math.min(now - 6 * H, today)}::float8 / 1000) AS recent_from,
             to_timestamp(${d3}::float8 / 1000) AS d3, to_timestamp(${ceilDay(d3)}::float8 / 1000) AS d3c,
             to_timestamp(${d1}::float8 / 1000) AS d1, to_timestamp(${ceilDay(d1)}::float8 / 1000) AS d1c
    ), s AS (
      SELECT seq, to_timestamp(wf / 1000) AS wf, to_timestamp(wfc / 1000) AS wfc
      FROM unnest(${slos.map((x) => x.seq)}::int[], ${slos.map((x) => x.windowFrom)}::float8[], ${slos.map((x) => ceilDay(x.windowFrom))}::float8[]) AS x(seq, wf, wfc)
    )
    SELECT s.seq, r.*, d.*, ew.*, e3.*, e1.*
    FROM s CROSS JOIN p
    LEFT JOIN LATERAL (
      SELECT
        sum(bad) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '5 minutes') AS b_5m, sum(total) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '5 minutes') AS t_5m, count(*) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '5 minutes') AS n_5m,
        sum(bad) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '30 minutes') AS b_30m, sum(total) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '30 minutes') AS t_30m, count(*) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '30 minutes') AS n_30m,
        sum(bad) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '1 hour') AS b_1h, sum(total) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '1 hour') AS t_1h, count(*) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '1 hour') AS n_1h,
        sum(bad) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '2 hours') AS b_2h, sum(total) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '2 hours') AS t_2h, count(*) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '2 hours') AS n_2h,
        sum(bad) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '6 hours') AS b_6h, sum(total) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '6 hours') AS t_6h, count(*) FILTER (WHERE NOT missing AND "start" >= p.now_ - interval '6 hours') AS n_6h,
        sum(bad) FILTER (WHERE NOT missing AND "start" >= p.today) AS b_today, sum(total) FILTER (WHERE NOT missing AND "start" >= p.today) AS t_today, count(*) FILTER (WHERE NOT missing AND "start" >= p.today) AS n_today,
        sum(bad) FILTER (WHERE NOT missing AND "start" >= greatest(p.today, s.wf)) AS b_wtoday, sum(total) FILTER (WHERE NOT missing AND "start" >= greatest(p.today, s.wf)) AS t_wtoday, count(*) FILTER (WHERE NOT missing AND "start" >= greatest(p.today, s.wf)) AS n_wtoday
      -- recent_from <= today <= greatest(today, wf): every FILTER above lies inside [recent_from, now).
      FROM "SloSliBucket" WHERE "sloSeq" = s.seq AND "start" >= p.recent_from AND "start" < p.now_
    ) r ON true
    LEFT JOIN LATERAL (
      SELECT
        sum(bad) FILTER (WHERE day >= s.wfc) AS b_wdays, sum(total) FILTER (WHERE day >= s.wfc) AS t_wdays, sum(buckets) FILTER (WHERE day >= s.wfc) AS n_wdays,
        sum(bad) FILTER (WHERE day >= p.d3c) AS b_3days, sum(total) FILTER (WHERE day >= p.d3c) AS t_3days, sum(buckets) FILTER (WHERE day >= p.d3c) AS n_3days,
        sum(bad) FILTER (WHERE day >= p.d1c) AS b_1days, sum(total) FILTER (WHERE day >= p.d1c) AS t_1days, sum(buckets) FILTER (WHERE day >= p.d1c) AS n_1days
      FROM "SloSliDay" WHERE "sloSeq" = s.seq AND day >= least(s.wfc, p.d3c, p.d1c) AND day < p.today AND day >= to_timestamp(${dayLo}::float8 / 1000)
    ) d ON true
    LEFT JOIN LATERAL (
      SELECT sum(bad) FILTER (WHERE NOT missing) AS b_wedge, sum(total) FILTER (WHERE NOT missing) AS t_wedge, count(*) FILTER (WHERE NOT missing) AS n_wedge
      FROM "SloSliBucket" WHERE "sloSeq" = s.seq AND "start" >= s.wf AND "start" < least(s.wfc, p.today)
        AND "start" >= to_timestamp(${edgeLo}::float8 / 1000) AND "start" < to_timestamp(${edgeHi}::float8 / 1000)
    ) ew ON true
    LEFT JOIN LATERAL (
      SELECT sum(bad) FILTER (WHERE NOT missing) AS b_3edge, sum(total) FILTER (WHERE NOT missing) AS t_3edge, count(*) FILTER (WHERE NOT missing) AS n_3edge
      FROM "SloSliBucket" WHERE "sloSeq" = s.seq AND "start" >= p.d3 AND "start" < least(p.d3c, p.today)
    ) e3 ON true
    LEFT JOIN LATERAL (
      SELECT sum(bad) FILTER (WHERE NOT missing) AS b_1edge, sum(total) FILTER (WHERE NOT missing) AS t_1edge, count(*) FILTER (WHERE NOT missing) AS n_1edge
      FROM "SloSliBucket" WHERE "sloSeq" = s.seq AND "start" >= p.d1 AND "start" < least(p.d1c, p.today)
    ) e1 ON true
    ) q`;
  const rows = JSON.parse(result[0]?.j ?? '[]') as Array<Record<string, number | null>>;
  const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  for (const row of rows) {
    const sums = (...keys: string[]): RangeSums => ({
      bad: keys.reduce((a, k) => a + num(row[`b_${k}`]), 0),
      total: keys.reduce((a, k) => a + num(row[`t_${k}`]), 0),
      presentBuckets: keys.reduce((a, k) => a + num(row[`n_${k}`]), 0),
    });
    out.set(Number(row.seq), {
      window: sums('wedge', 'wdays', 'wtoday'),
      '3d': sums('3edge', '3days', 'today'),
      '1d': sums('1edge', '1days', 'today'),
      '6h': sums('6h'),
      '2h': sums('2h'),
      '1h': sums('1h'),
      '30m': sums('30m'),
      '5m': sums('5m'),
    });
  }
}
