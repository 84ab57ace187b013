import type { Db } from '../database/tx';
import { Prisma, type CapacityScope } from '../generated/prisma/client';

// Reads the collected inventory (InventoryObject rows written by the
// collectors) for the capacity job, and reads/writes CapacitySnapshot rows.
// JSON is extracted in SQL so only the fields capacity needs leave Postgres.

export interface RawNode {
  name: string;
  zone: string | null;
  allocatable: Record<string, unknown> | null;
  unschedulable: boolean | null;
  conditions: { type?: string; status?: string }[] | null;
  usage: Record<string, unknown> | null;
}

export async function loadNodes(db: Db, clusterId: string): Promise<RawNode[]> {
  return db.$queryRaw<RawNode[]>`
    SELECT n.name,
           n.labels->>'topology.kubernetes.io/zone' AS zone,
           n.data->'status'->'allocatable' AS allocatable,
           (n.data->'spec'->>'unschedulable')::boolean AS unschedulable,
           n.data->'status'->'conditions' AS conditions,
           m.data->'usage' AS usage
    FROM "InventoryObject" n
    LEFT JOIN "InventoryObject" m ON m."clusterId" = n."clusterId" AND m.kind = 'NodeMetrics' AND m.namespace = '' AND m.name = n.name
    WHERE n."clusterId" = ${clusterId} AND n.kind = 'Node'
    ORDER BY n.name`;
}

export interface RawPod {
  namespace: string;
  name: string;
  nodeName: string | null;
  phase: string | null;
  ownerKind: string | null;
  ownerName: string | null;
  spec: Record<string, unknown> | null;
  /** PodMetrics containers [{name, usage: {cpu, memory}}] */
  usage: { usage?: Record<string, unknown> }[] | null;
}

/** One page of pods with their PodMetrics, in primary-key order (keyset pagination). */
export async function loadPodsPage(db: Db, clusterId: string, after: { namespace: string; name: string } | null, limit: number): Promise<RawPod[]> {
  const cursor = after ? Prisma.sql`AND (p.namespace, p.name) > (${after.namespace}, ${after.name})` : Prisma.empty;
  return db.$queryRaw<RawPod[]>`
    SELECT p.namespace, p.name, p."nodeName", p.phase, p."ownerKind", p."ownerName",
           p.data->'spec' AS spec,
           m.data->'containers' AS usage
    FROM "InventoryObject" p
    LEFT JOIN "InventoryObject" m ON m."clusterId" = p."clusterId" AND m.kind = 'PodMetrics' AND m.namespace = p.namespace AND m.name = p.name
    WHERE p."clusterId" = ${clusterId} AND p.kind = 'Pod' ${cursor}
    ORDER BY p.namespace, p.name
    LIMIT ${limit}`;
}

/** ReplicaSet → Deployment and Job → CronJob, so pods group under the workload people know. */
export async function loadOwnerLinks(db: Db, clusterId: string): Promise<{ kind: string; namespace: string; name: string; ownerKind: string; ownerName: string }[]> {
  return db.$queryRaw`
    SELECT kind, namespace, name, "ownerKind", "ownerName" FROM "InventoryObject"
    WHERE "clusterId" = ${clusterId} AND kind IN ('ReplicaSet', 'Job') AND "ownerKind" IS NOT NULL AND "ownerName" IS NOT NULL`;
}

export interface SnapshotCandidate {
  id: string;
  name: string;
  /** Node and Pod collectors both finished their initial list and are current. */
  podsAndNodesSynced: boolean;
  lastTakenAt: Date | null;
}

export async function listSnapshotCandidates(db: Db, day: Date): Promise<SnapshotCandidate[]> {
  const rows = await db.$queryRaw<{ id: string; name: string; synced: bigint; lastTakenAt: Date | null }[]>`
    SELECT c.id, c.name,
           (SELECT count(*) FROM "ClusterSyncStatus" s WHERE s."clusterId" = c.id AND s.kind IN ('Node', 'Pod') AND s.state = 'synced') AS synced,
           (SELECT max("takenAt") FROM "CapacitySnapshot" cs WHERE cs."clusterId" = c.id AND cs.scope = 'cluster' AND cs.key = '' AND cs.day = ${day}::date) AS "lastTakenAt"
    FROM "Cluster" c
    WHERE c.disabled = false
    ORDER BY c.name`;
  return rows.map((r) => ({ id: r.id, name: r.name, podsAndNodesSynced: Number(r.synced) === 2, lastTakenAt: r.lastTakenAt }));
}

export interface SnapshotRow {
  scope: CapacityScope;
  key: string;
  allocatableCpu: number;
  allocatableMemory: number;
  requestedCpu: number;
  requestedMemory: number;
  limitsCpu: number;
  limitsMemory: number;
  usedCpu: number | null;
  usedMemory: number | null;
  pods: number;
  details: Prisma.InputJsonValue;
}

/** Replaces the cluster's rows for `day` (today's refresh): nodes that left the cluster leave today's rows too. */
export async function replaceSnapshotDay(db: Db, clusterId: string, day: Date, takenAt: Date, rows: SnapshotRow[]): Promise<void> {
  await db.capacitySnapshot.deleteMany({ where: { clusterId, day } });
  for (let i = 0; i < rows.length; i += 2000) {
    await db.capacitySnapshot.createMany({ data: rows.slice(i, i + 2000).map((r) => ({ ...r, clusterId, day, takenAt })) });
  }
}

const snapshotSelect = {
  day: true,
  scope: true,
  key: true,
  allocatableCpu: true,
  allocatableMemory: true,
  requestedCpu: true,
  requestedMemory: true,
  limitsCpu: true,
  limitsMemory: true,
  usedCpu: true,
  usedMemory: true,
  pods: true,
  details: true,
  takenAt: true,
} as const;

export type SnapshotRecord = Prisma.CapacitySnapshotGetPayload<{ select: typeof snapshotSelect }>;

/** The newest cluster-level snapshot's day, and when it was taken (a day's snapshot may be taken again). */
export async function latestSnapshot(db: Db, clusterId: string): Promise<{ day: Date; takenAt: Date } | null> {
  return db.capacitySnapshot.findFirst({ where: { clusterId, scope: 'cluster', key: '' }, orderBy: { day: 'desc' }, select: { day: true, takenAt: true } });
}

export async function clusterSeries(db: Db, clusterId: string, since: Date): Promise<SnapshotRecord[]> {
  return db.capacitySnapshot.findMany({ where: { clusterId, scope: 'cluster', key: '', day: { gte: since } }, orderBy: { day: 'asc' }, select: snapshotSelect });
}
export type SnapshotSort = 'name' | 'requestedCpu' | 'requestedMemory' | 'usedCpu' | 'usedMemory';

export async function pageOfDay(
  db: Db,
  clusterId: string,
  day: Date,
  scope: CapacityScope,
  filter: { search?: string; sort: SnapshotSort; page: number; pageSize: number },
): Promise<{ rows: SnapshotRecord[]; total: number }> {
  const where: Prisma.CapacitySnapshotWhereInput = {
    clusterId,
    day,
    scope,
    ...(filter.search ? { key: { contains: filter.search, mode: 'insensitive' } } : {}),
  };
  const orderBy: Prisma.CapacitySnapshotOrderByWithRelationInput[] =
    filter.sort === 'name'
      ? [{ key: 'asc' }]
      : filter.sort === 'usedCpu' || filter.sort === 'usedMemory'
        ? [{ [filter.sort]: { sort: 'desc', nulls: 'last' } }, { key: 'asc' }]
        : [{ [filter.sort]: 'desc' }, { key: 'asc' }];
  const [rows, total] = await Promise.all([
    db.capacitySnapshot.findMany({ where, orderBy, skip: (filter.page - 1) * filter.pageSize, take: filter.pageSize, select: snapshotSelect }),
    db.capacitySnapshot.count({ where }),
  ]);
  return { rows, total };
}

/** Every enabled cluster with its newest cluster-wide snapshot (null before the first): the Overview's fleet card in one query. */
export async function enabledClustersWithLatestSnapshot(db: Db): Promise<{ id: string; name: string; day: Date | null; takenAt: Date | null }[]> {
  return db.$queryRaw`
    SELECT c.id, c.name, s.day, s."takenAt"
    FROM "Cluster" c
    LEFT JOIN LATERAL (
      SELECT day, "takenAt" FROM "CapacitySnapshot"
      WHERE "clusterId" = c.id AND scope = 'cluster' AND key = ''
      ORDER BY day DESC LIMIT 1
    ) s ON true
    WHERE NOT c.disabled
    ORDER BY c.name`;
}

export async function clusterName(db: Db, clusterId: string): Promise<{ id: string; name: string; serverGitVersion: string | null } | null> {
  return db.cluster.findUnique({ where: { id: clusterId }, select: { id: true, name: true, serverGitVersion: true } });
}
