import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { Slo } from './slo.schema';

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
