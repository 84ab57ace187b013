import type { Db } from '../database/tx';
import type { BackupObject, DrillObject, NamespaceObject, ScheduleObject, ServiceTarget } from './dr.compute';

// Velero objects and namespaces from the inventory (InventoryObject), the
// services' recovery targets, and DrDrill rows (owned here). JSON is
// extracted in SQL; `clusterId = ANY(...) AND kind = ...` uses the primary key.

type Scope = { clusterIds: readonly string[] };

export async function clusters(db: Db, clusterId?: string): Promise<{ id: string; name: string }[]> {
  return db.cluster.findMany({ where: clusterId ? { id: clusterId } : {}, select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export async function loadNamespaces(db: Db, scope: Scope, names: ReadonlyMap<string, string>): Promise<NamespaceObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ clusterId: string; name: string; team: string | null }[]>(
    `SELECT "clusterId", name, team FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'Namespace'`,
    scope.clusterIds,
  );
  return rows.map((r) => ({ clusterId: r.clusterId, cluster: names.get(r.clusterId) ?? r.clusterId, name: r.name, team: r.team }));
}

export async function loadSchedules(db: Db, scope: Scope): Promise<ScheduleObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ clusterId: string; name: string; cron: string | null; paused: boolean | null; included: unknown; excluded: unknown }[]>(
    `SELECT "clusterId", name, data->'spec'->>'schedule' AS cron, (data->'spec'->>'paused')::boolean AS paused,
            data->'spec'->'template'->'includedNamespaces' AS included, data->'spec'->'template'->'excludedNamespaces' AS excluded
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'Schedule'`,
    scope.clusterIds,
  );
  return rows.map((r) => ({ clusterId: r.clusterId, name: r.name, cron: r.cron ?? '', paused: r.paused === true, included: strings(r.included), excluded: strings(r.excluded) }));
}

export async function loadBackups(db: Db, scope: Scope): Promise<BackupObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ clusterId: string; name: string; schedule: string | null; included: unknown; excluded: unknown; phase: string | null; started: string | null; completed: string | null; errors: string | null; reason: string | null }[]>(
    `SELECT "clusterId", name, labels->>'velero.io/schedule-name' AS schedule,
            data->'spec'->'includedNamespaces' AS included, data->'spec'->'excludedNamespaces' AS excluded,
            data->'status'->>'phase' AS phase, data->'status'->>'startTimestamp' AS started, data->'status'->>'completionTimestamp' AS completed,
            data->'status'->>'errors' AS errors, data->'status'->>'failureReason' AS reason
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'Backup'`,
    scope.clusterIds,
  );
  const t = (s: string | null) => {
    const ms = s ? Date.parse(s) : NaN;
    return Number.isFinite(ms) ? ms : null;
  };
  return rows.map((r) => ({ clusterId: r.clusterId, name: r.name, schedule: r.schedule, included: strings(r.included), excluded: strings(r.excluded), phase: r.phase ?? 'New', startedAt: t(r.started), completedAt: t(r.completed), errors: Number(r.errors ?? 0) || 0, reason: r.reason }));
}

export async function loadRestores(db: Db, scope: Scope, names: ReadonlyMap<string, string>) {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ clusterId: string; name: string; backupName: string | null; phase: string | null; started: string | null; completed: string | null }[]>(
    `SELECT "clusterId", name, data->'spec'->>'backupName' AS "backupName", data->'status'->>'phase' AS phase,
            data->'status'->>'startTimestamp' AS started, data->'status'->>'completionTimestamp' AS completed
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'Restore'
      ORDER BY data->'status'->>'startTimestamp' DESC NULLS LAST LIMIT 100`,
    scope.clusterIds,
  );
  return rows.map((r) => ({ clusterId: r.clusterId, cluster: names.get(r.clusterId) ?? r.clusterId, name: r.name, backupName: r.backupName ?? '', phase: r.phase ?? 'New', startedAt: r.started, finishedAt: r.completed }));
}

/** Namespaces whose workloads name a catalog service (runwell.io/service, part-of, name labels). */
export async function serviceNamespaces(db: Db, scope: Scope, slugs: readonly string[]): Promise<{ clusterId: string; namespace: string; slug: string }[]> {
  if (scope.clusterIds.length === 0 || slugs.length === 0) return [];
  return db.$queryRawUnsafe<{ clusterId: string; namespace: string; slug: string }[]>(
    `SELECT DISTINCT "clusterId", namespace, COALESCE(labels->>'runwell.io/service', labels->>'app.kubernetes.io/part-of', labels->>'app.kubernetes.io/name') AS slug
       FROM "InventoryObject"
      WHERE "clusterId" = ANY($1::text[]) AND kind IN ('Deployment', 'StatefulSet', 'DaemonSet', 'CronJob')
        AND COALESCE(labels->>'runwell.io/service', labels->>'app.kubernetes.io/part-of', labels->>'app.kubernetes.io/name') = ANY($2::text[])`,
    scope.clusterIds,
    slugs,
  );
}

export async function loadServices(db: Db): Promise<ServiceTarget[]> {
  const rows = await db.service.findMany({ select: { id: true, slug: true, name: true, tier: true, rtoMinutes: true, rpoMinutes: true, team: { select: { slug: true, name: true } } }, orderBy: { slug: 'asc' } });
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, tier: r.tier, team: r.team.name, teamSlug: r.team.slug, rtoMinutes: r.rtoMinutes, rpoMinutes: r.rpoMinutes }));
}

/** Changes when a drill is recorded or removed: part of the DR figures' version. */
export async function drillsVersion(db: Db): Promise<string> {
  const [agg] = await db.$queryRawUnsafe<Array<{ n: bigint; at: Date | null }>>('SELECT count(*) AS n, max("createdAt") AS at FROM "DrDrill"');
  return `${agg?.n ?? 0}@${agg?.at?.getTime() ?? 0}`;
}

export async function loadDrills(db: Db, serviceId?: string): Promise<DrillObject[]> {
  const rows = await db.drDrill.findMany({ where: serviceId ? { serviceId } : {}, orderBy: { startedAt: 'desc' }, take: 500 });
  const clusterNames = new Map((await db.cluster.findMany({ select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.serviceId,
    restoreName: r.restoreName,
    cluster: r.clusterId ? (clusterNames.get(r.clusterId) ?? null) : null,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
    success: r.success,
    dataLossMinutes: r.dataLossMinutes,
    notes: r.notes,
    recordedBy: r.recordedByName,
  }));
}

export async function insertDrill(db: Db, data: { serviceId: string; restoreName: string; clusterId: string | null; startedAt: Date; finishedAt: Date; success: boolean; dataLossMinutes: number; notes: string; recordedById: string | null; recordedByName: string }) {
  return db.drDrill.create({ data });
}

export async function serviceExists(db: Db, id: string): Promise<boolean> {
  return (await db.service.count({ where: { id } })) > 0;
}

export async function clusterExists(db: Db, id: string): Promise<boolean> {
  return (await db.cluster.count({ where: { id } })) > 0;
}
