import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { Slo } from './slo.schema';
import type { SummaryRange, RangeSums } from './slo-summary.compute';
import { splitRange } from './slo-summary.compute';

// SLO definitions, sampled SLI counts (SloSliBucket), their per-day roll-up
// (SloSliDay) and sampler state. Bucket tables are keyed by Slo.seq (int) and
// written with set-based SQL: the sampler writes up to 288 buckets per chunk and
// the list page sums 1,000 SLOs at once.

const sloSelect = {
  id: true,
  seq: true,
  serviceId: true,
  name: true,
  description: true,
  definition: true,
  objective: true,
  dataSourceId: true,
  source: true,
  sourceRef: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
  service: { select: { slug: true, name: true, teamId: true, team: { select: { slug: true, name: true } } } },
  dataSource: { select: { name: true } },
  sampler: true,
} as const;

type Row = Prisma.SloGetPayload<{ select: typeof sloSelect }>;

export type SamplerStateRow = {
  lastBucket: Date | null;
  backfillFrom: Date | null;
  backfillTo: Date | null;
  backfillDone: number;
  backfillTotal: number;
  status: string;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastSuccessAt: Date | null;
};

export type SloRow = {
  id: string;
  seq: number;
  serviceId: string;
  serviceSlug: string;
  serviceName: string;
  teamId: string;
  teamSlug: string;
  teamName: string;
  name: string;
  description: string;
  definition: Slo;
  objective: number;
  dataSourceId: string | null;
  dataSourceName: string | null;
  source: string;
  sourceRef: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  sampler: SamplerStateRow | null;
};

function toRow(r: Row): SloRow {
  const { service, dataSource, sampler, definition, ...rest } = r;
  return {
    ...rest,
    definition: definition as unknown as Slo,
    serviceSlug: service.slug,
    serviceName: service.name,
    teamId: service.teamId,
    teamSlug: service.team.slug,
    teamName: service.team.name,
    dataSourceName: dataSource?.name ?? null,
    sampler: sampler
      ? {
          lastBucket: sampler.lastBucket,
          backfillFrom: sampler.backfillFrom,
          backfillTo: sampler.backfillTo,
          backfillDone: sampler.backfillDone,
          backfillTotal: sampler.backfillTotal,
          status: sampler.status,
          lastError: sampler.lastError,
          lastErrorAt: sampler.lastErrorAt,
          lastSuccessAt: sampler.lastSuccessAt,
        }
      : null,
  };
}

export async function listSlos(db: Db, filter: { teamId?: string; serviceId?: string; serviceIds?: readonly string[] } = {}): Promise<SloRow[]> {
  const rows = await db.slo.findMany({
    where: {
      ...(filter.serviceId ? { serviceId: filter.serviceId } : {}),
      ...(filter.serviceIds ? { serviceId: { in: [...filter.serviceIds] } } : {}),
      ...(filter.teamId ? { service: { teamId: filter.teamId } } : {}),
    },
    select: sloSelect,
    orderBy: [{ service: { slug: 'asc' } }, { name: 'asc' }],
  });
  return rows.map(toRow);
}

export async function findSlo(db: Db, id: string): Promise<SloRow | null> {
  const row = await db.slo.findUnique({ where: { id }, select: sloSelect });
  return row ? toRow(row) : null;
}

export async function findSloByName(db: Db, serviceId: string, name: string): Promise<SloRow | null> {
  const row = await db.slo.findUnique({ where: { serviceId_name: { serviceId, name } }, select: sloSelect });
  return row ? toRow(row) : null;
}

export async function findServiceIdBySlug(db: Db, slug: string): Promise<{ id: string; teamId: string } | null> {
  return db.service.findUnique({ where: { slug }, select: { id: true, teamId: true } });
}

export async function findServiceById(db: Db, id: string): Promise<{ id: string; slug: string; name: string } | null> {
  return db.service.findUnique({ where: { id }, select: { id: true, slug: true, name: true } });
}

export type SloData = {
  serviceId: string;
  name: string;
  description: string;
  definition: Slo;
  dataSourceId: string | null;
  source: string;
  sourceRef: string | null;
};

function columns(d: SloData) {
  const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;
  return {
    serviceId: d.serviceId,
    name: d.name,
    description: d.description,
    definition: json(d.definition),
    objective: d.definition.objective,
    window: json(d.definition.window),
    budgeting: json(d.definition.budgeting),
    labels: json(d.definition.labels),
    alerting: json(d.definition.alerting),
    dataSourceId: d.dataSourceId,
    source: d.source,
    sourceRef: d.sourceRef,
  };
}

export async function insertSlo(db: Db, data: SloData & { createdById: string | null }): Promise<SloRow> {
  const row = await db.slo.create({ data: { ...columns(data), createdById: data.createdById, sampler: { create: {} } }, select: sloSelect });
  return toRow(row);
}

export async function updateSlo(db: Db, id: string, data: SloData): Promise<SloRow> {
  return toRow(await db.slo.update({ where: { id }, data: columns(data), select: sloSelect }));
}

export async function deleteSlo(db: Db, id: string, seq: number): Promise<void> {
  // The bucket tables have no foreign key (keeps the 8.6 M-row inserts lean).
  await db.$executeRaw`DELETE FROM "SloSliBucket" WHERE "sloSeq" = ${seq}`;
  await db.$executeRaw`DELETE FROM "SloSliDay" WHERE "sloSeq" = ${seq}`;
  await db.slo.delete({ where: { id } });
}

export async function dataSourceExists(db: Db, id: string): Promise<boolean> {
  return (await db.prometheusDataSource.count({ where: { id } })) > 0;
}

// ---------------------------------------------------------------------------
// Buckets

export type StoredBucket = { start: number; bad: number; total: number; missing: boolean };

/** Insert or overwrite buckets (idempotent re-runs), then refresh the days they touch. */
export async function upsertBuckets(db: Db, seq: number, buckets: readonly StoredBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "SloSliBucket" ("sloSeq", "start", "bad", "total", "missing")
    SELECT ${seq}::int, to_timestamp(s / 1000.0), b, t, m
    FROM unnest(${buckets.map((b) => b.start)}::float8[], ${buckets.map((b) => b.bad)}::float8[],
                ${buckets.map((b) => b.total)}::float8[], ${buckets.map((b) => b.missing)}::bool[]) AS x(s, b, t, m)
    ON CONFLICT ("sloSeq", "start") DO UPDATE SET bad = excluded.bad, total = excluded.total, missing = excluded.missing`;
  await refreshDays(db, seq, Math.min(...buckets.map((b) => b.start)), Math.max(...buckets.map((b) => b.start)) + 1);
}

/** Mark buckets missing where nothing is stored yet (never overwrites data). */
export async function insertMissing(db: Db, seq: number, starts: readonly number[]): Promise<number> {
  if (starts.length === 0) return 0;
  const n = await db.$executeRaw`
    INSERT INTO "SloSliBucket" ("sloSeq", "start", "bad", "total", "missing")
    SELECT ${seq}::int, to_timestamp(s / 1000.0), 0, 0, true FROM unnest(${[...starts]}::float8[]) AS x(s)
    ON CONFLICT ("sloSeq", "start") DO NOTHING`;
  await refreshDays(db, seq, Math.min(...starts), Math.max(...starts) + 1);
  return n;
}

/** Recompute the UTC-day roll-up rows covering [from, to). */
async function refreshDays(db: Db, seq: number, from: number, to: number): Promise<void> {
  const DAY = 86_400_000;
  const dayFrom = Math.floor(from / DAY) * DAY;
  const dayTo = Math.ceil(to / DAY) * DAY;
  await db.$executeRaw`
    INSERT INTO "SloSliDay" ("sloSeq", "day", "bad", "total", "buckets", "missingBuckets")
    SELECT ${seq}::int, date_bin('1 day', "start", TIMESTAMPTZ '1970-01-01 00:00:00+00') AS d,
           coalesce(sum(bad) FILTER (WHERE NOT missing), 0), coalesce(sum(total) FILTER (WHERE NOT missing), 0),
           count(*) FILTER (WHERE NOT missing), count(*) FILTER (WHERE missing)
    FROM "SloSliBucket"
    WHERE "sloSeq" = ${seq}::int AND "start" >= to_timestamp(${dayFrom}::float8 / 1000) AND "start" < to_timestamp(${dayTo}::float8 / 1000)
    GROUP BY d
    ON CONFLICT ("sloSeq", "day") DO UPDATE SET bad = excluded.bad, total = excluded.total, buckets = excluded.buckets, "missingBuckets" = excluded."missingBuckets"`;
}

export async function loadBuckets(db: Db, seq: number, from: number, to: number): Promise<StoredBucket[]> {
  const rows = await db.$queryRaw<Array<{ s: number; bad: number; total: number; missing: boolean }>>`
    SELECT (extract(epoch FROM "start") * 1000)::float8 AS s, bad, total, missing FROM "SloSliBucket"
    WHERE "sloSeq" = ${seq}::int AND "start" >= to_timestamp(${from}::float8 / 1000) AND "start" < to_timestamp(${to}::float8 / 1000)
    ORDER BY "start"`;
  return rows.map((r) => ({ start: Math.round(Number(r.s)), bad: Number(r.bad), total: Number(r.total), missing: r.missing }));
}

export type SeqRange = SummaryRange & { seq: number };

/**
 * Sums for many (SLO, range) pairs in one statement: whole UTC days from the
 * roll-up plus the buckets of the partial days at each range's edges.
 */
export async function rangeSums(db: Db, ranges: readonly SeqRange[]): Promise<Map<number, Partial<Record<SummaryRange['key'], RangeSums>>>> {
  const out = new Map<number, Partial<Record<SummaryRange['key'], RangeSums>>>();
  if (ranges.length === 0) return out;
  const split = ranges.map((r) => splitRange(r.from, r.to));
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
      WHERE "sloSeq" = r.seq AND day >= r.df AND day < r.dt
    ) d ON r.df < r.dt
    LEFT JOIN LATERAL (
      SELECT sum(bad) FILTER (WHERE NOT missing) AS bad, sum(total) FILTER (WHERE NOT missing) AS total, count(*) FILTER (WHERE NOT missing) AS present
      FROM "SloSliBucket" WHERE "sloSeq" = r.seq AND "start" >= r.f AND "start" < r.df
    ) b1 ON true
    LEFT JOIN LATERAL (
      SELECT sum(bad) FILTER (WHERE NOT missing) AS bad, sum(total) FILTER (WHERE NOT missing) AS total, count(*) FILTER (WHERE NOT missing) AS present
      FROM "SloSliBucket" WHERE "sloSeq" = r.seq AND "start" >= r.dt AND "start" < r.t AND r.dt < r.t AND r.df < r.dt
    ) b2 ON true`;
  for (const row of rows) {
    const seq = Number(row.seq);
    const entry = out.get(seq) ?? {};
    entry[row.key as SummaryRange['key']] = { bad: Number(row.bad ?? 0), total: Number(row.total ?? 0), presentBuckets: Number(row.present ?? 0) };
    out.set(seq, entry);
  }
  return out;
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
 * each range separately (rangeSums), ~5x fewer index scans.
 */
export async function windowSums(db: Db, slos: ReadonlyArray<{ seq: number; windowFrom: number }>, now: number): Promise<Map<number, Partial<Record<SummaryRange['key'], RangeSums>>>> {
  const out = new Map<number, Partial<Record<SummaryRange['key'], RangeSums>>>();
  if (slos.length === 0) return out;
  const DAY = 86_400_000;
  const H = 3_600_000;
  const today = Math.floor(now / DAY) * DAY;
  const ceilDay = (t: number) => Math.ceil(t / DAY) * DAY;
  const d3 = now - 3 * DAY;
  const d1 = now - DAY;
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
      FROM "SloSliBucket" WHERE "sloSeq" = s.seq AND "start" >= least(p.recent_from, greatest(p.today, s.wf)) AND "start" < p.now_
    ) r ON true
    LEFT JOIN LATERAL (
      SELECT
        sum(bad) FILTER (WHERE day >= s.wfc) AS b_wdays, sum(total) FILTER (WHERE day >= s.wfc) AS t_wdays, sum(buckets) FILTER (WHERE day >= s.wfc) AS n_wdays,
        sum(bad) FILTER (WHERE day >= p.d3c) AS b_3days, sum(total) FILTER (WHERE day >= p.d3c) AS t_3days, sum(buckets) FILTER (WHERE day >= p.d3c) AS n_3days,
        sum(bad) FILTER (WHERE day >= p.d1c) AS b_1days, sum(total) FILTER (WHERE day >= p.d1c) AS t_1days, sum(buckets) FILTER (WHERE day >= p.d1c) AS n_1days
      FROM "SloSliDay" WHERE "sloSeq" = s.seq AND day >= least(s.wfc, p.d3c, p.d1c) AND day < p.today
    ) d ON true
    LEFT JOIN LATERAL (
      SELECT sum(bad) FILTER (WHERE NOT missing) AS b_wedge, sum(total) FILTER (WHERE NOT missing) AS t_wedge, count(*) FILTER (WHERE NOT missing) AS n_wedge
      FROM "SloSliBucket" WHERE "sloSeq" = s.seq AND "start" >= s.wf AND "start" < least(s.wfc, p.today)
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
  return out;
}

// ---------------------------------------------------------------------------
// Sampler state

export async function updateSamplerState(db: Db, sloId: string, data: Partial<SamplerStateRow>): Promise<void> {
  await db.sloSamplerState.upsert({ where: { sloId }, create: { sloId, ...data }, update: data });
}

export async function incrementBackfill(db: Db, sloId: string): Promise<void> {
  await db.sloSamplerState.update({ where: { sloId }, data: { backfillDone: { increment: 1 } } });
}

// ---------------------------------------------------------------------------
// PrometheusServiceLevel objects collected by the inventory (docs/inventory.md)

export type ClusterServiceLevel = { clusterName: string; namespace: string; name: string; spec: unknown };

export async function listClusterServiceLevels(db: Db, clusterId?: string): Promise<ClusterServiceLevel[]> {
  const rows = await db.inventoryObject.findMany({
    where: { kind: 'PrometheusServiceLevel', ...(clusterId ? { clusterId } : {}) },
    select: { namespace: true, name: true, data: true, cluster: { select: { name: true } } },
    orderBy: [{ clusterId: 'asc' }, { namespace: 'asc' }, { name: 'asc' }],
  });
  return rows.map((r) => ({ clusterName: r.cluster.name, namespace: r.namespace, name: r.name, spec: (r.data as { spec?: unknown } | null)?.spec ?? {} }));
}

/** The alert names of a service's SLOs (their Sloth `alerting.name`), for the runbooks those alerts link. */
export async function alertNamesOfService(db: Db, serviceId: string): Promise<string[]> {
  const rows = await db.slo.findMany({ where: { serviceId }, select: { alerting: true } });
  return rows.flatMap((r) => {
    const name = (r.alerting as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name ? [name] : [];
  });
}
